"""The docked panels of the main window: 页面 (pages), 属性 (properties), 样式 (styles).

Each panel reads the document from the ``DocumentController`` and changes
it only through ``controller.edit``, so every change a panel makes is one
undo step named in Chinese, and the canvas, the other panels and the status
bar follow through the controller's signals.
"""

from editor.ui.panels.pages import PagesPanel
from editor.ui.panels.properties import PropertiesPanel
from editor.ui.panels.styles import StylesPanel

__all__ = ["PagesPanel", "PropertiesPanel", "StylesPanel"]
