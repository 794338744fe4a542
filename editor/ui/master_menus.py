"""Master pages in the window: the 母版 dock and the menus that apply, detach and restore master items.

Kept out of ``main_window`` (which calls ``install`` once) so the window
module stays about the window. What this adds:

- the 母版 dock (``editor.ui.panels.masters``), beside 页面, and its entry
  in 视图 → 面板;
- the 页面 panel's context menu: 应用母版 ▸ (each master, 无);
- the canvas's context menu: on a master item drawn on a page,
  覆盖母版项目 (the page gets its own copy, ``master_edits.detach_item``)
  and 编辑母版; on a page's detached copy, 恢复母版项目; while a master is
  edited, 完成母版编辑;
- going to a page built on the master when one is opened for editing,
  with a status-bar sentence saying what editing a master does.

Every change is one undoable edit through ``controller.edit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget

from editor.errors import display_name
from editor.model import master_edits
from editor.ui.controller import DocumentController
from editor.ui.panels.masters import MastersPanel

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


def _name(doc, master_id: str | None) -> str:
    master = doc.master_by_id(master_id)
    return display_name(master.name or master.id) if master is not None else ""


def apply_master_menu(controller: DocumentController, page_index: int, parent: QWidget | None = None) -> QMenu:
    """应用母版 ▸ for one page: every master (the page's own checked) and 无."""
    doc = controller.doc
    menu = QMenu("应用母版", parent)
    current = doc.pages[page_index].master_id
    choices = [(master.id, master.name or master.id) for master in doc.masters] + [(None, "无")]
    for master_id, label in choices:
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(master_id == current)
        action.setEnabled(not controller.read_only)
        action.triggered.connect(lambda _=False, m=master_id: controller.edit(
            "应用母版", master_edits.set_page_master(controller.doc, page_index, m)))
    return menu


def page_context_menu(controller: DocumentController, page_index: int, parent: QWidget | None = None) -> QMenu:
    """The 页面 panel's menu for one page."""
    menu = QMenu(parent)
    menu.addMenu(apply_master_menu(controller, page_index, menu))
    return menu


def canvas_context_menu(canvas, page_index: int, x_pt: float, y_pt: float) -> QMenu | None:
    """The canvas's menu at a page point: detach or restore a master item, edit or leave the master.

    None when there is nothing about masters to offer there.
    """
    from editor.ui.canvas.frames import RULE_HIT_PX, frame_at
    from editor.ui.canvas.master_mode import MasterItems

    controller = canvas.controller
    doc = controller.doc
    menu = QMenu(canvas)
    if controller.editing_master_id is not None:
        done = menu.addAction(f"完成母版编辑（{_name(doc, controller.editing_master_id)}）")
        done.triggered.connect(lambda: controller.edit_master(None))
        return menu
    page = doc.pages[page_index]
    tolerance = canvas.px_to_pt(RULE_HIT_PX)
    own = frame_at(page, x_pt, y_pt, tolerance)
    if own is not None:
        item = master_edits.copy_of(page, own.id)
        if item is None:
            return None
        restore = menu.addAction("恢复母版项目")
        restore.setEnabled(not controller.read_only)
        restore.triggered.connect(lambda: controller.edit(
            "恢复母版项目", master_edits.reattach_item(controller.doc, page_index, own.id)))
        return menu
    shown = frame_at(MasterItems(doc.shown_master_frames(page)), x_pt, y_pt, tolerance)
    if shown is None:
        return None
    detach = menu.addAction("覆盖母版项目")
    detach.setEnabled(not controller.read_only)

    def detach_it() -> None:
        if controller.edit("覆盖母版项目", master_edits.detach_item(controller.doc, page_index, shown.id)):
            controller.select([f.id for f in controller.doc.pages[page_index].frames[:1]])

    detach.triggered.connect(detach_it)
    edit = menu.addAction(f"编辑母版（{_name(doc, page.master_id)}）")
    edit.setEnabled(not controller.read_only)
    edit.triggered.connect(lambda: controller.edit_master(page.master_id))
    return menu


def _canvas_menu_at(canvas, pos: QPoint) -> QMenu | None:
    scene = canvas.mapToScene(pos)
    index = canvas.page_at(scene)
    if not canvas.controller.doc.pages:
        return None
    origin = canvas.page_origin(index)
    return canvas_context_menu(canvas, index, scene.x() - origin.x(), scene.y() - origin.y())


def _opened(window: MainWindow, master_id: str | None) -> None:
    """A master opened for editing: show a page built on it and say what editing it does."""
    doc = window.controller.doc
    if master_id is None:
        window.status.showMessage("已回到页面编辑。", 5000)
        return
    pages = master_edits.pages_using(doc, master_id)
    name = _name(doc, master_id)
    if not pages:
        window.status.showMessage(f"没有页面使用母版“{name}”：请先在页面面板的右键菜单中应用它。", 10000)
        return
    if window.current_page() not in pages:
        window.go_to_page(pages[0])
    window.status.showMessage(f"正在编辑母版“{name}”：移动或修改其中的项目会改变所有使用它的页面。"
                              f"完成后点母版面板的“完成”。", 15000)


def install(window: MainWindow) -> MastersPanel:
    """Add the 母版 dock and the master menus to a main window; returns the panel."""
    controller = window.controller
    panel = MastersPanel(controller)
    dock = window._dock("masters", "母版", panel, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.tabifyDockWidget(window.pages_dock, dock)
    window.pages_dock.raise_()
    window.menu_actions.panels_menu.addAction(dock.toggleViewAction())
    window.masters_panel, window.masters_dock = panel, dock
    panel.message.connect(lambda text: window.status.showMessage(text, 8000))
    panel.confirm = lambda text: window.files.dialogs.confirm(text, "删除")
    controller.master_editing_changed.connect(lambda master_id: _opened(window, master_id))
    page_list = window.pages_panel.list
    page_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def page_menu(pos: QPoint) -> None:
        row = page_list.indexAt(pos).row()
        if row >= 0:
            page_context_menu(controller, row, page_list).exec(page_list.viewport().mapToGlobal(pos))

    page_list.customContextMenuRequested.connect(page_menu)
    canvas = window.canvas
    if hasattr(canvas, "page_at"):  # the stand-in viewer has no editing
        # A scroll area takes its viewport's context-menu events itself (the viewport's own signal
        # never fires): the policy and signal are the view's, ``pos`` still in viewport coordinates.
        viewport = canvas.viewport()
        canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def canvas_menu(pos: QPoint) -> None:
            menu = _canvas_menu_at(canvas, pos)
            if menu is not None:
                menu.exec(viewport.mapToGlobal(pos))

        canvas.customContextMenuRequested.connect(canvas_menu)
    return panel
