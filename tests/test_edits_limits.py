"""What the editor puts into a document always loads again (issue #7).

Text typed, pasted, dropped or set in a panel goes through the edit
functions; whatever it holds — Windows or Word line breaks, control
characters, lone surrogates, names far too long — the saved project must
open and be the same document. Edits that would pass a count the loader
refuses are not made.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editor.io.project import load_project, save_project
from editor.model import (
    Document,
    ImageFrame,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
    document_edits,
    edits,
    limits,
)
from tests.docbuilders import apply_changes

#: Any text at all: every code point Python strings can hold, surrogates and controls included.
_ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)
_AWKWARD = ["第一行\r\n第二行", "手动换行\x0b下一行", "段内\u2028换行", "响铃\x07", "\ud800孤立", "尾\ufffe", "NUL\x00",
            "制表\t符", "换页\x0c", "名" * 300, ""]


def _document() -> Document:
    photo = ImageFrame(id="i", x_pt=50, y_pt=400, width_pt=200, height_pt=150)
    frame = TextFrame(id="f", story_id="s", x_pt=50, y_pt=50, width_pt=300, height_pt=300)
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="原文")])])
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文")}, stories={"s": story},
                    pages=[Page(id="p", frames=[frame, photo])])


def _saved_and_loaded(doc: Document) -> Document:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue.banmian"
        save_project(doc, path)
        return load_project(path)


def _edit(doc: Document, changes: list) -> None:
    apply_changes(changes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_ANY_TEXT, min_size=6, max_size=6))
@example(texts=_AWKWARD[:6])
@example(texts=_AWKWARD[5:])
def test_any_text_through_the_edits_saves_a_project_that_loads_as_the_same_document(texts: list[str]) -> None:
    typed, caption, title, style_name, story_name, file_name = texts
    doc = _document()
    story = dataclasses.replace(doc.stories["s"], name=story_name, paragraphs=[
        Paragraph(style="正文", runs=[Run(text=typed)]), Paragraph(style=style_name, runs=[Run(text=typed[::-1])])])
    _edit(doc, edits.set_story(doc, story))
    _edit(doc, document_edits.set_caption_text(doc, "i", caption))
    _edit(doc, document_edits.set_issue_fields(doc, title=title, publisher=typed, date=caption))
    _edit(doc, document_edits.define_paragraph_style(doc, ParagraphStyle(name=style_name, font_family=title)))
    _edit(doc, edits.update_frame(doc, "i", source_name=file_name))
    new_story = Story(id="new", name=story_name, paragraphs=[Paragraph(style=style_name, runs=[Run(text=caption)])])
    _edit(doc, edits.add_frame(doc, 0, TextFrame(id="g", story_id="new", x_pt=1, y_pt=1, width_pt=9, height_pt=9),
                               new_story))
    assert _saved_and_loaded(doc) == doc


def test_line_breaks_from_other_programs_become_the_model_s_line_break() -> None:
    doc = _document()
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="甲\r\n乙\r丙\x0b丁\u2028戊\u2029己\x0c庚\x85辛")])])
    _edit(doc, edits.set_story(doc, story))
    assert doc.stories["s"].paragraphs[0].runs[0].text == "甲\n乙\n丙\n丁\n戊\n己\n庚\n辛"


def test_other_control_characters_and_lone_surrogates_are_dropped_from_typed_text() -> None:
    doc = _document()
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="响\x07铃\x00\x1b[0m\ud83d\x7f\x9f\ufffe制\t表")])])
    _edit(doc, edits.set_story(doc, story))
    assert doc.stories["s"].paragraphs[0].runs[0].text == "响铃[0m制\t表"


def test_names_are_one_line_and_cut_to_their_length() -> None:
    doc = _document()
    _edit(doc, document_edits.set_issue_fields(doc, title="中铝\n股份" + "刊" * 300, publisher="党群\t工作部"))
    assert doc.issue.title == ("中铝 股份" + "刊" * 300)[:limits.TITLE_TEXT.max_chars]
    assert doc.issue.publisher == "党群 工作部"
    _edit(doc, document_edits.define_paragraph_style(doc, ParagraphStyle(name="样" * 100)))
    assert "样" * limits.NAME_TEXT.max_chars in doc.paragraph_styles


def test_unchanged_text_keeps_the_very_story_object() -> None:
    doc = _document()
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="干净的文字\n第二行")])])
    changes = edits.set_story(doc, story)
    assert changes[0].new is story  # nothing to clean: the caller's value is stored as it is


def test_numbers_from_an_edit_are_kept_in_range() -> None:
    doc = _document()
    _edit(doc, edits.set_geometry(doc, "f", -1e9, 50, 1e9, float("inf")))
    _edit(doc, edits.update_frame(doc, "i", zoom=0.0, rotation_deg=90 * 1000))
    _edit(doc, edits.update_frame(doc, "f", columns=3.0))
    frame, photo = doc.pages[0].frames
    assert (frame.x_pt, frame.width_pt, frame.height_pt) == (-14_400, 14_400, 14_400)
    assert (photo.zoom, photo.rotation_deg) == (0.01, 3_600)
    assert frame.columns == 3 and isinstance(frame.columns, int)
    assert _saved_and_loaded(doc) == doc


def test_no_page_is_added_past_the_limit(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_PAGES", 3)
    doc = _document()
    _edit(doc, edits.add_page(doc, 1))
    _edit(doc, edits.duplicate_page(doc, 0))
    assert len(doc.pages) == 3
    assert edits.add_page(doc, 1) == []
    assert edits.duplicate_page(doc, 0) == []


def test_no_frame_is_added_to_a_full_page(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_FRAMES_PER_PAGE", 3)
    doc = _document()
    box = ShapeFrame(id="b1", x_pt=0, y_pt=0, width_pt=5, height_pt=5)
    _edit(doc, edits.add_frame(doc, 0, box))
    assert edits.add_frame(doc, 0, dataclasses.replace(box, id="b2")) == []
    doc.pages.append(Page(id="q"))
    assert edits.move_frame_to_page(doc, "b1", 1, 0, 0) != []  # moving between pages keeps the count


def test_text_past_the_character_limit_is_not_taken(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_CHARACTERS", 10)
    doc = _document()
    fits = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="一二三四五六七八九十")])])
    too_long = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="一二三四五六七八九十一")])])
    assert edits.set_story(doc, too_long) == []
    _edit(doc, edits.set_story(doc, fits))
    assert doc.stories["s"].paragraphs[0].runs[0].text == "一二三四五六七八九十"
    assert document_edits.set_caption_text(doc, "i", "说明") == []


def test_a_document_over_its_limits_may_still_be_edited_down(monkeypatch) -> None:
    doc = _document()
    monkeypatch.setattr("editor.model.totals.MAX_CHARACTERS", 1)  # already over: "原文" is 2
    shorter = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="文")])])
    assert edits.set_story(doc, shorter) != []


def test_a_photo_larger_than_a_project_may_hold_is_not_placed(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_ASSET_BYTES", 1000)
    monkeypatch.setattr("editor.model.totals.MAX_PHOTOS_BYTES", 1500)
    doc = _document()
    frame = ImageFrame(id="j", x_pt=0, y_pt=0, width_pt=10, height_pt=10, asset="a" * 32 + ".jpg")
    assert edits.add_frame(doc, 0, frame, assets={"a" * 32 + ".jpg": bytes(1001)}) == []
    _edit(doc, edits.add_frame(doc, 0, frame, assets={"a" * 32 + ".jpg": bytes(1000)}))
    assert edits.replace_photo(doc, "i", "b" * 32 + ".jpg", bytes(600)) == []  # 1,600 bytes together
