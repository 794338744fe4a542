"""Field text in the editor (issue 9): 插入 → 字段 at the text cursor, 字段底纹 on screen only,
and the 转接提示 switch of the 属性 panel."""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from editor.layout.display import GlyphRun
from editor.model import Paragraph, Run, Story, TextFrame
from editor.model.story import FIELD_LABELS
from editor.render.pdf import write_pdf
from editor.render.qt import FIELD_SHADE
from tests.canvas_helpers import blank_document, shown_canvas, view_point


def _field_runs(layout, story_id: str) -> list[GlyphRun]:
    return [item for page in layout.pages for item in page.items
            if isinstance(item, GlyphRun) and item.story_id == story_id and item.is_field]


def _text_frame_on_first_page(window) -> TextFrame:
    doc = window.controller.doc
    return next(f for f in doc.pages[0].frames if isinstance(f, TextFrame)
                and doc.stories[f.story_id].paragraphs and doc.stories[f.story_id].paragraphs[0].plain_text())


def test_the_insert_menu_offers_every_field(make_window):
    window = make_window()
    insert = window.menu_actions.menus["insert"]
    submenu = next(a.menu() for a in insert.actions() if a.menu() is not None and a.text().startswith("字段"))
    assert [a.text() for a in submenu.actions()] == ["刊名", "年份", "期号", "总期号", "出版日期", "编印单位", "页码", "版次"]
    assert list(FIELD_LABELS.values()) == [a.text() for a in submenu.actions()]


def test_insert_field_while_editing_puts_a_field_run_at_the_caret_and_the_canvas_shows_its_value(make_window):
    window = make_window()
    controller, canvas = window.controller, window.canvas
    frame = _text_frame_on_first_page(window)
    before = controller.doc.stories[frame.story_id]
    first = before.paragraphs[0].plain_text()
    assert canvas.start_text_editing(frame.id)
    QTest.keyClick(canvas, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # start of the story
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    window.menu_actions.actions["field_total_number"].trigger()
    story = controller.doc.stories[frame.story_id]
    runs = story.paragraphs[0].runs
    assert [run.field for run in runs if run.field] == ["total_number"]
    # The field sits after the second character, in the paragraph's text order.
    assert runs[0].field is None and runs[0].text == first[:2] and runs[1].field == "total_number"
    assert story.paragraphs[0].plain_text() == first
    shown = _field_runs(controller.layout, frame.story_id)
    assert [run.text for run in shown] == [str(controller.doc.issue.total_number)]
    assert window.menu_actions.actions["undo"].text() == "撤销 插入字段"
    # The caret stands after the field: one Backspace takes the whole field away.
    QTest.keyClick(canvas, Qt.Key.Key_Backspace)
    assert controller.doc.stories[frame.story_id].paragraphs == before.paragraphs


def test_insert_field_without_a_text_cursor_says_what_to_do(make_window):
    window = make_window()
    stories = {k: v for k, v in window.controller.doc.stories.items()}
    window.menu_actions.actions["field_number"].trigger()
    assert window.controller.doc.stories == stories
    assert "光标" in window.status.currentMessage()


def test_the_view_menu_switches_field_shading_on_the_canvas(make_window):
    window = make_window()
    shading = window.menu_actions.actions["field_shading"]
    assert shading in window.menu_actions.menus["view"].actions()
    assert shading.isChecked() and window.canvas.field_shading
    shading.trigger()
    assert not shading.isChecked() and not window.canvas.field_shading
    assert all(not page.field_shading for page in window.canvas.page_items())


# ------------------------------------------------------------------ shading pixels


def _issue_line_doc():
    doc = blank_document()
    doc.issue.total_number = 888
    runs = [Run(text="总第"), Run(field="total_number"), Run(text="期")]
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style="正文", runs=runs)])
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=60))
    return doc


def _shade_share(image: QImage, left: int, top: int, right: int, bottom: int) -> float:
    """Share of the pixels inside a box that have exactly the shading colour. Paper is white and
    glyphs black; an antialiased glyph edge may hit the grey now and then, the shading fills the
    space between the glyphs."""
    shade = FIELD_SHADE.rgb()
    pixels = [QColor(image.pixel(x, y)).rgb() for x in range(left, right) for y in range(top, bottom)]
    return sum(1 for p in pixels if p == shade) / len(pixels)


def test_field_shading_is_drawn_on_screen_only(qtbot, tmp_path):
    controller, canvas = shown_canvas(qtbot, _issue_line_doc())
    run, = _field_runs(controller.layout, "s")
    assert run.text == "888"
    left_pt, right_pt = run.box_left_pt[0], run.box_left_pt[-1] + run.box_width_pt[-1]
    top_pt, bottom_pt = run.baseline_pt - 0.8 * run.size_pt, run.baseline_pt + 0.05 * run.size_pt

    def grabbed_share() -> float:
        canvas.viewport().repaint()
        image = canvas.viewport().grab().toImage()
        a, b = view_point(canvas, 0, left_pt, top_pt), view_point(canvas, 0, right_pt, bottom_pt)
        return _shade_share(image, a.x(), a.y(), b.x(), b.y())

    shaded = grabbed_share()
    assert shaded > 0.25, shaded  # "888" inks much of its em box; the grey fills the rest
    # The literal text beside the field is not shaded.
    literal = next(item for item in controller.layout.pages[0].items
                   if isinstance(item, GlyphRun) and item.text == "总第")
    a = view_point(canvas, 0, literal.box_left_pt[0], top_pt)
    b = view_point(canvas, 0, literal.box_left_pt[-1] + literal.box_width_pt[-1] - 1, bottom_pt)
    image = canvas.viewport().grab().toImage()
    assert _shade_share(image, a.x(), a.y(), b.x(), b.y()) < 0.05
    canvas.set_field_shading(False)
    assert grabbed_share() < 0.05

    # The PDF never shows it: rasterised by PDFium, not one pixel of the shading colour there.
    pdf_path = tmp_path / "field.pdf"
    write_pdf(controller.doc, controller.layout, pdf_path)
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        scale = 2.0
        picture = document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    box = (round(left_pt * scale), round(top_pt * scale), round(right_pt * scale), round(bottom_pt * scale))
    crop = picture.crop(box)
    pixels = [crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height)]
    assert sum(1 for p in pixels if p == (217, 217, 217)) / len(pixels) < 0.05
    assert sum(1 for p in pixels if p == (255, 255, 255)) / len(pixels) > 0.25  # white paper between glyphs
    assert min(sum(p) for p in pixels) < 200  # and the field's glyphs are there, in black


# ------------------------------------------------------------------ 转接提示


def test_the_properties_switch_turns_continuation_lines_on_and_page_moves_keep_them_true(make_window):
    from tests.test_jump_lines import jump_texts as _jump_texts
    from tests.test_jump_lines import threaded_doc

    window = make_window()
    controller, panel = window.controller, window.properties_panel
    controller.set_document(threaded_doc(jump_lines=False))
    controller.select(["a"])
    switch = panel.link_section.jump_lines
    assert switch.isVisible() and switch.text() == "转接提示（下转/上接）" and not switch.isChecked()
    assert _jump_texts(controller.layout) == {}
    switch.click()
    assert controller.doc.stories["s"].jump_lines
    assert _jump_texts(controller.layout) == {1: ["（下转第3版）"], 3: ["（上接第1版）"]}
    assert window.menu_actions.actions["undo"].text() == "撤销 打开转接提示"
    # The 页面 panel's move: the story's last page to the front.
    assert window.pages_panel.move_page(2, 0)
    assert _jump_texts(controller.layout) == {2: ["（下转第1版）"], 1: ["（上接第2版）"]}
    window.menu_actions.actions["undo"].trigger()  # the move
    window.menu_actions.actions["undo"].trigger()  # the switch
    assert not controller.doc.stories["s"].jump_lines
    assert _jump_texts(controller.layout) == {}
    controller.select(["a"])
    assert not switch.isChecked()


def test_a_field_typed_into_the_running_head_of_a_master_shows_each_pages_own_number(qtbot):
    """The issue line / running head lives on a master: 编辑母版, a caret in it, 插入 → 字段 → 页码."""
    from tests.test_masters_model import _running_head_doc

    controller, canvas = shown_canvas(qtbot, _running_head_doc(pages=3))
    canvas.show_page(1)
    controller.edit_master("M")
    end_of_head = view_point(canvas, 1, 530.0, 40.0)  # right of the running head's text
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end_of_head)
    assert canvas.editing_frame_id == "head-frame"
    QTest.keyClick(canvas, Qt.Key.Key_End)
    steps = controller.undo_stack.count()
    assert canvas.insert_field("page")
    assert controller.undo_stack.count() == steps + 1
    assert [run.field for run in controller.doc.stories["head"].paragraphs[0].runs] == [
        "title", None, "edition", "page"]
    shown = [[run.text for run in page.items if isinstance(run, GlyphRun) and run.is_field]
             for page in controller.layout.pages]
    # 版次 and the new 页码 stand side by side: one shaded run, each page's own numbers.
    assert [fields[-1] for fields in shown] == ["第1版1", "第2版2", "第3版3"]
