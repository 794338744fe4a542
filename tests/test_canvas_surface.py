"""Tools, gestures and text editing driven against a fake canvas surface — no view, no scene (issue #15).

The canvas's helpers depend on ``editor.ui.canvas.surface`` (``CanvasSurface``,
``TextSurface``), not on ``PageCanvas``: these tests give them ``FakeSurface``
(tests/fake_surface.py) and a real ``DocumentController``, and check what ends
up in the document and what they asked the canvas to show. The last tests
hold the structure in place: the view and the fake implement every member of
the interfaces, and no canvas module but the view imports ``PageCanvas``.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Generic, Protocol

import pytest
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent

from editor.layout.display import GlyphRun, Rect
from editor.model import Paragraph, Run, ShapeFrame, Story, TextFrame
from editor.ui.canvas import text_keys
from editor.ui.canvas.frames import Preview
from editor.ui.canvas.surface import CanvasDocument, CanvasSurface, TextSurface
from editor.ui.canvas.text_editing import TextEditor
from editor.ui.canvas.tools import CreateTool, SelectTool
from editor.ui.canvas.view_input import InputHost
from editor.ui.controller import DocumentController
from tests.canvas_helpers import blank_document
from tests.fake_surface import FakeSurface, pointer

CANVAS = Path(__file__).resolve().parents[1] / "editor" / "ui" / "canvas"
SHIFT = Qt.KeyboardModifier.ShiftModifier
MM = 72.0 / 25.4
#: blank_document: A4 (595.276 pt wide), 20 mm margins, no master: the text area in thirds.
COLUMN_LEFT_PT, COLUMN_WIDTH_PT = 20 * MM, (210 - 40) * MM / 3


def _surface(*frames) -> FakeSurface:
    doc = blank_document()
    doc.pages[0].frames.extend(frames)
    return FakeSurface(DocumentController(doc))


def _box(frame_id: str, x: float, y: float, size: float = 50.0) -> ShapeFrame:
    return ShapeFrame(id=frame_id, shape="box", x_pt=x, y_pt=y, width_pt=size, height_pt=size)


def _geometry(surface: FakeSurface, frame_id: str) -> tuple[float, float, float, float]:
    f = surface.controller.doc.frame_by_id(frame_id)
    return (round(f.x_pt, 3), round(f.y_pt, 3), round(f.width_pt, 3), round(f.height_pt, 3))


# ------------------------------------------------------------------ the frame tools


def test_the_box_tool_previews_the_drag_and_adds_the_box_it_drew():
    surface = _surface()
    tool = CreateTool(surface, "box")
    tool.press(pointer(100.0, 300.0))
    tool.move(pointer(180.0, 360.0))
    assert surface.preview == Preview(0, Rect(100.0, 300.0, 80.0, 60.0), "box")
    tool.release(pointer(180.0, 360.0))
    assert surface.preview is None
    assert surface.created == [(0, "box", Rect(100.0, 300.0, 80.0, 60.0))]
    [frame] = surface.controller.doc.pages[0].frames
    assert (frame.shape, frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt) == ("box", 100.0, 300.0, 80.0, 60.0)


def test_shift_with_a_frame_tool_draws_a_square():
    surface = _surface()
    tool = CreateTool(surface, "image")
    tool.press(pointer(100.0, 300.0))
    tool.release(pointer(180.0, 330.0, modifiers=SHIFT))
    assert surface.created == [(0, "image", Rect(100.0, 300.0, 80.0, 80.0))]


def test_a_click_with_the_text_tool_makes_a_frame_one_column_wide_and_50_mm_tall():
    surface = _surface()
    tool = CreateTool(surface, "text")
    tool.press(pointer(100.0, 300.0))
    tool.release(pointer(100.0, 300.0))
    [(page, kind, rect)] = surface.created
    assert (page, kind) == (0, "text")
    assert rect.x_pt == pytest.approx(COLUMN_LEFT_PT) and rect.width_pt == pytest.approx(COLUMN_WIDTH_PT)
    assert (rect.y_pt, rect.height_pt) == (300.0, pytest.approx(50 * MM))
    [frame] = surface.controller.doc.pages[0].frames
    assert isinstance(frame, TextFrame) and frame.story_id in surface.controller.doc.stories


def test_a_corner_drawn_near_the_margin_snaps_to_it_and_shows_the_guide():
    surface = _surface()
    surface.snap_pt = 5.0
    tool = CreateTool(surface, "box")
    tool.press(pointer(150.0, 300.0))
    tool.move(pointer(COLUMN_LEFT_PT + 3.0, 380.0))  # the corner being drawn comes within 5 pt of the margin
    page, guides = surface.guides
    assert page == 0 and [(g.vertical, round(g.position_pt, 3)) for g in guides] == [(True, round(COLUMN_LEFT_PT, 3))]
    tool.release(pointer(COLUMN_LEFT_PT + 3.0, 380.0))
    assert surface.guides == (0, ())
    rect = surface.created[0][2]
    assert (rect.x_pt, rect.right_pt) == (pytest.approx(COLUMN_LEFT_PT), 150.0)


# ------------------------------------------------------------------ the arrow's gestures


def test_dragging_a_frame_moves_it_live_and_one_undo_takes_the_whole_drag_back():
    surface = _surface(_box("b", 100.0, 100.0))
    tool = SelectTool(surface)
    tool.press(pointer(120.0, 120.0))
    assert surface.controller.selection == ("b",)
    tool.move(pointer(150.0, 140.0))
    assert _geometry(surface, "b") == (130.0, 120.0, 50.0, 50.0)
    tool.move(pointer(160.0, 170.0))
    tool.release(pointer(160.0, 170.0))
    assert _geometry(surface, "b") == (140.0, 150.0, 50.0, 50.0)
    surface.controller.undo_stack.undo()
    assert _geometry(surface, "b") == (100.0, 100.0, 50.0, 50.0)


def test_a_move_smaller_than_the_drag_distance_changes_nothing():
    surface = _surface(_box("b", 100.0, 100.0))
    tool = SelectTool(surface)
    tool.press(pointer(120.0, 120.0))
    tool.move(pointer(122.0, 121.0))  # 3 px: under FakeSurface.drag_distance_px (4)
    tool.release(pointer(122.0, 121.0))
    assert _geometry(surface, "b") == (100.0, 100.0, 50.0, 50.0)
    assert surface.controller.undo_stack.count() == 0


def test_esc_during_a_drag_puts_the_frame_back():
    surface = _surface(_box("b", 100.0, 100.0))
    tool = SelectTool(surface)
    tool.press(pointer(120.0, 120.0))
    tool.move(pointer(200.0, 220.0))
    assert tool.cancel() is True
    assert _geometry(surface, "b") == (100.0, 100.0, 50.0, 50.0)


def test_dragging_in_a_read_only_document_says_so_once_and_moves_nothing():
    surface = _surface(_box("b", 100.0, 100.0))
    surface.controller.set_read_only(True)
    tool = SelectTool(surface)
    tool.press(pointer(120.0, 120.0))
    for x in (150.0, 160.0, 170.0):
        tool.move(pointer(x, 140.0))
    tool.release(pointer(170.0, 140.0))
    assert surface.messages == ["文档以只读方式打开，不能修改。"]
    assert _geometry(surface, "b") == (100.0, 100.0, 50.0, 50.0)


def test_a_rubber_band_on_empty_space_shows_itself_and_selects_the_frames_it_touches():
    surface = _surface(_box("a", 100.0, 100.0), _box("far", 400.0, 600.0))
    tool = SelectTool(surface)
    tool.press(pointer(80.0, 80.0))
    tool.move(pointer(160.0, 170.0))
    assert surface.rubber_band == QRectF(80.0, 80.0, 80.0, 90.0)
    tool.release(pointer(160.0, 170.0))
    assert surface.rubber_band is None
    assert surface.controller.selection == ("a",)


def test_double_clicking_a_text_frame_asks_the_canvas_to_edit_it():
    surface = _surface(TextFrame(id="t", story_id="s", x_pt=100.0, y_pt=100.0, width_pt=120.0, height_pt=80.0))
    click = pointer(130.0, 130.0)
    SelectTool(surface).double_click(click)
    assert surface.editing == [("t", click)]


# ------------------------------------------------------------------ text editing


def _text_surface(text: str) -> FakeSurface:
    surface = _surface(TextFrame(id="t", story_id="s", x_pt=60.0, y_pt=80.0, width_pt=120.0, height_pt=200.0))
    surface.controller.doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])])
    surface.controller.model_changed()
    return surface


def _story_text(surface: FakeSurface) -> str:
    return "".join(run.text for p in surface.controller.doc.stories["s"].paragraphs for run in p.runs)


def _key(key: Qt.Key, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)


def test_typing_and_backspace_edit_the_story_through_the_surface(qtbot):
    surface = _text_surface("党建")
    editor = TextEditor(surface)
    editor.start("s", "t")
    assert editor.caret == (0, 2)
    assert surface.scrolled_to and surface.scrolled_to[-1].left() > 60.0  # the caret, inside the frame
    assert editor.insert("引领")
    assert _story_text(surface) == "党建引领" and editor.caret == (0, 4)
    assert text_keys.handle_key(editor, _key(Qt.Key.Key_Backspace))
    assert _story_text(surface) == "党建引" and editor.caret == (0, 3)
    assert text_keys.handle_key(editor, _key(Qt.Key.Key_Escape))
    assert surface.stopped == 1


def test_an_input_method_preedit_is_shown_provisionally_and_its_commit_is_one_undo_step(qtbot):
    surface = _text_surface("党建")
    editor = TextEditor(surface)
    editor.start("s", "t")
    cursor = [QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.Cursor, 3, 1, None)]
    editor.inputMethodEvent(QInputMethodEvent("yin", cursor))
    shown = "".join(item.text for page in surface.provisional.values() for item in page.items
                    if isinstance(item, GlyphRun) and item.story_id == "s")
    assert shown == "党建yin" and _story_text(surface) == "党建"
    commit = QInputMethodEvent("", [])
    commit.setCommitString("引")
    editor.inputMethodEvent(commit)
    assert surface.provisional == {} and _story_text(surface) == "党建引"
    surface.controller.undo_stack.undo()
    assert _story_text(surface) == "党建"


def test_typing_in_a_read_only_document_tells_the_user(qtbot):
    surface = _text_surface("党建")
    surface.controller.set_read_only(True)
    editor = TextEditor(surface)
    editor.start("s", "t")
    assert editor.insert("引") is False
    assert surface.messages == ["文档以只读方式打开，不能修改。"] and _story_text(surface) == "党建"


# ------------------------------------------------------------------ the structure


def _members(protocol: type) -> set[str]:
    """Public methods, properties and attributes a protocol (with its bases) declares."""
    names: set[str] = set()
    for cls in protocol.__mro__:
        if cls in (object, Protocol, Generic):
            continue
        names |= {n for n in vars(cls) if not n.startswith("_")}
        names |= set(getattr(cls, "__annotations__", {}))
    return names


def test_the_surfaces_declare_what_the_issue_names():
    members = _members(CanvasSurface)
    for name in ("controller", "next_merge_key", "page_origin", "px_to_pt", "notify", "show_guides"):
        assert name in members
    assert _members(CanvasSurface) < _members(TextSurface) < _members(InputHost)


def test_the_view_the_fake_and_the_controller_implement_every_member_of_their_interfaces(qtbot):
    from editor.ui.canvas import PageCanvas

    controller = DocumentController(blank_document())
    canvas = PageCanvas(controller)
    qtbot.addWidget(canvas)
    fake = _surface()
    assert [n for n in sorted(_members(InputHost)) if not hasattr(canvas, n)] == []
    assert [n for n in sorted(_members(TextSurface)) if not hasattr(fake, n)] == []
    assert [n for n in sorted(_members(CanvasDocument)) if not hasattr(controller, n)] == []
    assert {"doc", "edit", "select", "undo_stack"} <= _members(CanvasDocument)


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every import in a file, at any depth (TYPE_CHECKING blocks, functions)."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


def test_no_canvas_module_but_the_view_imports_page_canvas():
    # __init__ re-exports the view as the package's public name; view.py is the view.
    modules = sorted(p for p in CANVAS.glob("*.py") if p.name not in ("view.py", "__init__.py"))
    assert len(modules) >= 15  # the walk found the package
    offending = [(p.name, module, name) for p in modules for module, name in _imports(p)
                 if name == "PageCanvas" or module == "editor.ui.canvas.view"
                 or (module == "editor.ui.canvas" and name == "view")]
    assert offending == []


def test_the_import_reader_sees_an_import_of_page_canvas_inside_type_checking(tmp_path):
    sample = tmp_path / "tool.py"
    sample.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from editor.ui.canvas.view import PageCanvas\n", encoding="utf-8")
    assert ("editor.ui.canvas.view", "PageCanvas") in _imports(sample)
