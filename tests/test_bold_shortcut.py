"""Ctrl+B (加粗) while editing text on the canvas, pressed with real keys.

A selection becomes bold as one undo step through the character style 加粗 (created on first
use) and stays selected; a selection that is all bold becomes not bold; typing after bold text
continues bold, and Ctrl+B at a bare caret sets the text typed next. The bold reaches the saved
project, the PDF (the bold face, read back per character with pdfplumber) and the DOCX (a Word
character style with w:b); LibreOffice's agreement with the PDF line by line is in
test_bold_shortcut_docx_lines.
"""

from __future__ import annotations

import zipfile

from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.io.project import load_project, save_project
from editor.layout.engine import layout_document
from editor.model import Paragraph, ParagraphStyle, Run, Story, TextFrame, char_format
from editor.model.styles import CharacterStyle
from editor.render.docx import write_docx
from editor.render.pdf import write_pdf
from tests.canvas_helpers import blank_document, shown_canvas, type_text
from tests.pdfcheck import pdf_chars

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEAD = "一是坚定主心骨，"
REST = "始终把党的政治建设摆在首位。"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc(text: str = LEAD + REST, style: str = "正文", runs: list[Run] | None = None):
    doc = blank_document()
    doc.paragraph_styles["标题"] = ParagraphStyle(name="标题", size_pt=16.0, bold=True)
    doc.stories["s"] = Story(id="s", paragraphs=[Paragraph(style=style, runs=runs or [Run(text=text)])])
    doc.pages[0].frames.append(TextFrame(id="f", story_id="s", x_pt=60, y_pt=80, width_pt=300, height_pt=200))
    return doc


def _runs(controller) -> list[tuple[str, str | None]]:
    return [(run.text, run.char_style) for p in controller.doc.stories["s"].paragraphs for run in p.runs]


def _select_from_start(canvas, count: int) -> None:
    """Caret to the story's start, then Shift+Right ``count`` times."""
    QTest.keyClick(canvas, Qt.Key.Key_Home, CTRL)
    for _ in range(count):
        QTest.keyClick(canvas, Qt.Key.Key_Right, SHIFT)


def _editing(qtbot, doc):
    controller, canvas = shown_canvas(qtbot, doc)
    assert canvas.start_text_editing("f")
    return controller, canvas


def _lead_bolded(qtbot):
    """The lead-in of ``_doc()`` selected with Shift+Right and Ctrl+B pressed."""
    controller, canvas = _editing(qtbot, _doc())
    _select_from_start(canvas, len(LEAD))
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    return controller, canvas


def test_ctrl_b_bolds_the_selection_with_the_style_jiacu_and_keeps_it_selected(qtbot):
    controller, canvas = _lead_bolded(qtbot)
    assert _runs(controller) == [(LEAD, "加粗"), (REST, None)]
    assert controller.doc.character_styles["加粗"] == CharacterStyle(name="加粗", bold=True)
    assert canvas.editor.selected_text() == LEAD
    assert canvas.is_text_editing()
    assert controller.undo_stack.undoText() == "加粗"


def test_one_undo_takes_back_the_bold_and_the_style_it_created(qtbot):
    controller, canvas = _lead_bolded(qtbot)
    QTest.keyClick(canvas, Qt.Key.Key_Z, CTRL)
    assert _runs(controller) == [(LEAD + REST, None)]
    assert "加粗" not in controller.doc.character_styles
    QTest.keyClick(canvas, Qt.Key.Key_Y, CTRL)
    assert _runs(controller) == [(LEAD, "加粗"), (REST, None)]


def test_ctrl_b_on_a_selection_that_is_all_bold_takes_the_bold_off(qtbot):
    controller, canvas = _lead_bolded(qtbot)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    assert _runs(controller) == [(LEAD + REST, None)]
    assert controller.undo_stack.undoText() == "取消加粗"
    assert canvas.editor.selected_text() == LEAD


def test_a_selection_partly_bold_becomes_all_bold_and_a_bold_char_style_is_kept(qtbot):
    doc = _doc(runs=[Run(text="一是", char_style="要点"), Run(text="坚定主心骨，"), Run(text=REST)])
    doc.character_styles["要点"] = CharacterStyle(name="要点", font_family="Noto Sans SC", bold=True)
    controller, canvas = _editing(qtbot, doc)
    _select_from_start(canvas, len(LEAD))
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    assert _runs(controller) == [("一是", "要点"), ("坚定主心骨，", "加粗"), (REST, None)]
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    assert _runs(controller) == [(LEAD + REST, None)]


def test_in_a_bold_paragraph_style_ctrl_b_sets_the_selection_regular(qtbot):
    controller, canvas = _editing(qtbot, _doc("标题文字", style="标题"))
    _select_from_start(canvas, 2)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    assert _runs(controller) == [("标题", "常规"), ("文字", None)]
    assert controller.doc.character_styles["常规"] == CharacterStyle(name="常规", bold=False)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    assert _runs(controller) == [("标题文字", None)]


def test_a_selection_over_two_paragraphs_is_bolded_in_each(qtbot):
    doc = _doc()
    doc.stories["s"].paragraphs.append(Paragraph(style="正文", runs=[Run(text="二是筑牢战斗堡垒。")]))
    controller, canvas = _editing(qtbot, doc)
    QTest.keyClick(canvas, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Down, SHIFT)
    QTest.keyClick(canvas, Qt.Key.Key_Home, SHIFT)
    for _ in range(2):
        QTest.keyClick(canvas, Qt.Key.Key_Right, SHIFT)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    story = controller.doc.stories["s"]
    assert [[(r.text, r.char_style) for r in p.runs] for p in story.paragraphs] == [
        [("一", None), (LEAD[1:] + REST, "加粗")], [("二是", "加粗"), ("筑牢战斗堡垒。", None)]]


def test_typing_right_after_bold_text_continues_bold_as_in_word(qtbot):
    controller, canvas = _lead_bolded(qtbot)
    QTest.keyClick(canvas, Qt.Key.Key_Right)  # collapses to the selection's end
    type_text(canvas, "要")
    assert _runs(controller) == [(LEAD + "要", "加粗"), (REST, None)]


def test_ctrl_b_at_a_bare_caret_sets_the_text_typed_next_and_pressing_again_cancels(qtbot):
    controller, canvas = _editing(qtbot, _doc())
    QTest.keyClick(canvas, Qt.Key.Key_End, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    assert _runs(controller) == [(LEAD + REST, None)]  # nothing changes until text is typed
    type_text(canvas, "粗体")
    type_text(canvas, "续")
    assert _runs(controller) == [(LEAD + REST, None), ("粗体续", "加粗")]
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    type_text(canvas, "还粗")
    assert _runs(controller)[-1] == ("粗体续还粗", "加粗")


def test_ctrl_b_at_a_caret_inside_bold_text_types_regular_and_a_caret_move_forgets_it(qtbot):
    controller, canvas = _editing(qtbot, _doc(runs=[Run(text=LEAD, char_style="加粗"), Run(text=REST)]))
    controller.doc.character_styles["加粗"] = CharacterStyle(name="加粗", bold=True)
    QTest.keyClick(canvas, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    type_text(canvas, "甲")
    assert _runs(controller) == [("一", "加粗"), ("甲", None), (LEAD[1:], "加粗"), (REST, None)]
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_Right)  # the caret moves: the pending Ctrl+B is dropped
    type_text(canvas, "乙")
    assert _runs(controller) == [("一", "加粗"), ("甲", None), ("是乙坚定主心骨，", "加粗"), (REST, None)]


def test_an_input_method_commit_after_ctrl_b_is_bold(qtbot):
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    controller, canvas = _editing(qtbot, _doc())
    QTest.keyClick(canvas, Qt.Key.Key_End, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    event = QInputMethodEvent("", [])
    event.setCommitString("主心骨")
    QApplication.sendEvent(canvas, event)
    assert _runs(controller) == [(LEAD + REST, None), ("主心骨", "加粗")]


def test_the_menu_action_bolds_the_selection_and_says_what_to_do_without_one(make_window):
    window = make_window()
    canvas = window.canvas
    assert window.menu_actions.actions["bold"].shortcut().toString() == "Ctrl+B"
    assert window.menu_actions.actions["bold"] in window.menu_actions.menus["edit"].actions()
    window.menu_actions.actions["bold"].trigger()
    assert window.status.currentMessage() == "请先双击文本框，选中要加粗的文字。"
    doc = window.controller.doc
    frame = next(f for page in doc.pages for f in page.frames if isinstance(f, TextFrame)
                 and _plain_start(doc, doc.stories[f.story_id].paragraphs[0]))
    assert canvas.start_text_editing(frame.id)
    QTest.keyClick(canvas, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(canvas, Qt.Key.Key_Right, SHIFT)
    QTest.keyClick(canvas, Qt.Key.Key_Right, SHIFT)
    window.menu_actions.actions["bold"].trigger()
    first = doc.stories[frame.story_id].paragraphs[0]
    assert first.runs[0].char_style == "加粗"
    assert first.runs[0].text == first.plain_text()[:2]
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)  # the key in the window: handled once, not also by the menu
    assert [run.char_style for run in doc.stories[frame.story_id].paragraphs[0].runs] == [None]


def _plain_start(doc, paragraph: Paragraph) -> bool:
    """A paragraph in a regular style whose first two characters are plain text."""
    style = doc.paragraph_styles.get(paragraph.style)
    first = paragraph.runs[0] if paragraph.runs else None
    return (style is not None and not style.bold and first is not None and first.field is None
            and first.char_style is None and len(first.text) > 2)


def test_bold_reaches_the_saved_file_the_pdf_and_the_docx(qtbot, tmp_path):
    controller, canvas = _lead_bolded(qtbot)
    project = tmp_path / "bold.banmian"
    save_project(controller.doc, project)
    doc = load_project(project)
    assert [(r.text, r.char_style) for r in doc.stories["s"].paragraphs[0].runs] == [(LEAD, "加粗"), (REST, None)]
    assert doc.character_styles["加粗"].bold is True

    layout = layout_document(doc)
    write_pdf(doc, layout, tmp_path / "bold.pdf")
    _, pages = pdf_chars(tmp_path / "bold.pdf")
    fonts = {c.text: c.fontname for c in pages[0]}
    assert all(fonts[ch].endswith("NotoSerifSC-Bold") for ch in "一是坚定主心骨"), fonts
    assert all(fonts[ch].endswith("NotoSerifSC-Regular") for ch in "始终把党的政治建设摆在首位"), fonts

    write_docx(doc, layout, tmp_path / "bold.docx")
    with zipfile.ZipFile(tmp_path / "bold.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    style_of = {}
    for run in body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        ref = run.find(f"{W}rPr/{W}rStyle")
        for ch in text:
            style_of[ch] = ref.get(f"{W}val") if ref is not None else None
    assert {style_of[ch] for ch in "一是坚定主心骨"} == {style_of["一"]} and style_of["一"] is not None
    assert {style_of[ch] for ch in "始终把党的政治建设摆在首位"} == {None}
    word_style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_of["一"])
    assert word_style.get(f"{W}type") == "character"
    assert word_style.find(f"{W}name").get(f"{W}val") == "加粗"
    assert word_style.find(f"{W}rPr/{W}b").get(f"{W}val") == "1"


def test_ctrl_b_makes_jiacu_as_paste_and_word_import_do_bold_whatever_the_family():
    """One 加粗 for every way bold comes in: a family without a bold face (宋体 on Windows) is
    emboldened by the renderers as Word does (tests/test_synthetic_bold.py), not swapped for 黑体."""
    from editor.model.article_placement import _DEFAULT_CHARACTER_STYLES

    assert char_format.bold_style() == CharacterStyle(name="加粗", bold=True)
    assert char_format.bold_style() == _DEFAULT_CHARACTER_STYLES["加粗"]


def _ink(image, box_pt: tuple[float, float, float, float], dpi: float) -> float:
    """Mean darkness (0–255) of a greyscale image inside a box given in points from the top left."""
    scale = dpi / 72.0
    left, top, right, bottom = (round(v * scale) for v in box_pt)
    from PIL import ImageStat

    return 255.0 - ImageStat.Stat(image.crop((left, top, right, bottom))).mean[0]


def test_the_canvas_draws_the_bold_face_as_the_pdf_does(qtbot, tmp_path):
    """Rasterised by PDFium and painted by the canvas's backend, five bolded characters carry
    clearly more ink than the same five set regular beside them, and about as much in both."""
    import pdfplumber
    from PIL import Image

    from editor.render.qt import save_page_png
    from tests.test_fidelity import rasterise_pdf

    controller, canvas = _editing(qtbot, _doc("坚定主心骨，坚定主心骨。"))
    _select_from_start(canvas, 5)
    QTest.keyClick(canvas, Qt.Key.Key_B, CTRL)
    doc = controller.doc
    layout = layout_document(doc)
    write_pdf(doc, layout, tmp_path / "bold.pdf")
    rasterise_pdf(tmp_path / "bold.pdf", 150, tmp_path / "pdfium")
    save_page_png(doc, layout, 0, 150, tmp_path / "canvas.png")
    with pdfplumber.open(tmp_path / "bold.pdf") as pdf:
        chars = [c for c in pdf.pages[0].chars if not c["text"].isspace()]
    bold, regular = chars[:5], chars[6:11]
    assert "".join(c["text"] for c in bold) == "".join(c["text"] for c in regular) == "坚定主心骨"
    boxes = [(group[0]["x0"], min(c["top"] for c in group), group[-1]["x1"], max(c["bottom"] for c in group))
             for group in (bold, regular)]
    for name in ("canvas.png", "pdfium-1.png"):
        with Image.open(tmp_path / name) as image:
            grey = image.convert("L")
            bold_ink, regular_ink = (_ink(grey, box, 150) for box in boxes)
        assert bold_ink > 1.25 * regular_ink, (name, bold_ink, regular_ink)
    with Image.open(tmp_path / "canvas.png") as a, Image.open(tmp_path / "pdfium-1.png") as b:
        canvas_ink, pdf_ink = _ink(a.convert("L"), boxes[0], 150), _ink(b.convert("L"), boxes[0], 150)
    assert abs(canvas_ink - pdf_ink) < 0.15 * pdf_ink, (canvas_ink, pdf_ink)


def test_a_field_in_the_range_is_one_character_and_is_bolded_with_the_text():
    from editor.model.char_format import missing_styles, set_bold

    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[
        Run(text="第"), Run(field="number"), Run(text="期要闻")])])
    bolded = set_bold(story, (0, 0), (0, 3), True, {"正文": ParagraphStyle(name="正文")}, {})
    assert [(r.text, r.field, r.char_style) for r in bolded.paragraphs[0].runs] == [
        ("第", None, "加粗"), ("", "number", "加粗"), ("期", None, "加粗"), ("要闻", None, None)]
    assert story.paragraphs[0].runs[0].char_style is None  # the story given is left as it was
    assert missing_styles(bolded, {}) == [CharacterStyle(name="加粗", bold=True)]
    assert missing_styles(bolded, {"加粗": CharacterStyle(name="加粗", font_family="黑体")}) == []
