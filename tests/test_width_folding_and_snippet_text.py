"""Two copies of text that must be exact: the width folding 查找 uses (全角 → 半角), and the
stories a copied frame carries to the clipboard."""

from __future__ import annotations

from editor.model import CharacterStyle, Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from editor.model.find_replace import _width_fold_table, fold_width
from editor.model.snippets import extract_snippet


def test_the_fold_table_maps_ideographic_space_and_every_full_width_ascii_form_to_ascii() -> None:
    # Built once when the module loads; built again here so that how it is built is checked.
    expected = {0x3000: " "} | {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    assert _width_fold_table() == expected


def test_folding_keeps_length_and_leaves_chinese_alone() -> None:
    assert fold_width("２０２１年　ＡＢＣ！") == "2021年 ABC!"


def test_a_copied_text_frame_carries_its_storys_text_and_the_styles_it_uses() -> None:
    story = Story(id="s", name="头条", paragraphs=[
        Paragraph(style="标题", runs=[Run(text="守正创新")]),
        Paragraph(style="正文", runs=[Run(text="凝心"), Run(text="聚力", char_style="加粗")])])
    frame = TextFrame(id="f", story_id="s", x_pt=60.0, y_pt=60.0, width_pt=200.0, height_pt=300.0)
    doc = Document(
        paragraph_styles={name: ParagraphStyle(name=name) for name in ("标题", "正文", "图注")},
        character_styles={name: CharacterStyle(name=name, bold=True) for name in ("加粗", "强调")},
        stories={"s": story}, pages=[Page(id="p", frames=[frame])])
    snippet = extract_snippet(doc, ["f"])
    copied = snippet.stories["s"]
    assert copied.name == "头条"
    assert [[(r.text, r.char_style) for r in p.runs] for p in copied.paragraphs] == [
        [("守正创新", None)], [("凝心", None), ("聚力", "加粗")]]
    assert (sorted(snippet.paragraph_styles), sorted(snippet.character_styles)) == (["标题", "正文"], ["加粗"])
