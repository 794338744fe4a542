"""The page canvas: pages drawn from the display list, edited with the mouse and keyboard.

Public API (everything else in this package is internal)::

    canvas = PageCanvas(controller, parent=None)   # a QGraphicsView; put it in the window's centre

    canvas.set_tool(name)          # "select" | "text" | "image" | "rule" | "box"; ends text editing
    canvas.tool() -> str
    canvas.zoom                    # property: 1.0 = real size (100 %)
    canvas.set_zoom(f), canvas.zoom_in(), canvas.zoom_out()
    canvas.zoom_fit_page()         # 适合页面
    canvas.zoom_100()              # 100 %
    canvas.show_page(index)        # scroll a page into view
    canvas.current_page() -> int
    canvas.visible_page_rect(index) -> Rect | None  # the part of a page in view, in its points
    canvas.start_text_editing(frame_id) -> bool   # caret in a text frame's (or a caption's) story
    canvas.stop_text_editing()
    canvas.is_text_editing() -> bool
    canvas.editing_frame_id        # property: the frame with the caret, or None
    canvas.set_paragraph_style(name) -> bool      # caret/selection paragraphs, else selected frames' stories
    canvas.set_photo_fit(mode) -> bool            # "fill" 填充 | "fit" 适合 | "original" 原始尺寸, selected photos
    canvas.edit_action(name) -> bool              # "copy" "cut" "paste" "delete" "select_all": True if
                                                  # text editing took it; else act on frames yourself
    canvas.set_guides_visible(bool), canvas.set_frame_edges_visible(bool)
    canvas.insert_field(name) -> bool             # 插入 → 字段 at the text cursor (False: no cursor)
    canvas.set_field_shading(bool)                # 视图 → 字段底纹 (screen only)
    canvas.nudge(dx_pt, dy_pt) -> bool            # what the arrow keys do (Shift ×10), merged undo steps

Signals: ``zoom_changed(float)``, ``current_page_changed(int)``, ``tool_changed(str)``,
``message(str)`` (a Chinese sentence for the status bar: refused drops, read-only …),
``text_editing_changed(bool)``, ``paragraph_style_changed(str)`` (style at the caret).

The canvas handles by itself: Ctrl+wheel zoom, space-drag and middle-button pan, arrow nudges,
Delete of selected frames (if no menu shortcut takes it), Esc, double-click to edit text,
drops of photos/.txt/.docx from the desktop, Ctrl/Alt-drag and Ctrl+wheel on a photo's picture,
thread links by clicking an out-port then a frame. Selection lives in the controller
(``controller.select(ids)``); every change is ``controller.edit``.

Modules: ``view`` (the widget) holding ``view_input`` (mouse, keys, input methods, drops) and
``page_stack`` (the pages in the scene), ``page_item`` (cached page pictures and guides),
``surface`` (``CanvasSurface``: all that the modules below may ask of the view — they never
import it), ``frames`` (hit tests, handles, overlay), ``tools`` and ``gestures`` (what a drag
does), ``snapping`` and ``grid`` (pure geometry), ``threads``, ``photo_tools``, ``dragdrop``,
``text_editing`` with ``text_keys``, ``text_clipboard`` and ``input_method``,
``text_geometry`` and ``story_text`` (caret geometry and story edits, pure),
``damage`` (which page regions changed, pure), ``master_mode`` (what a click on a page reaches:
its own frames, or the items of the master being edited — ``controller.edit_master(id)``).

Master items (母版) are drawn on every page built on their master but a click on a page never
reaches them; while their master is edited, they are what a click reaches, and every move, resize
or typed character changes the master, so all its pages follow in one undo step.
"""

from editor.ui.canvas.view import PageCanvas

__all__ = ["PageCanvas"]
