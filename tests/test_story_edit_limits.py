"""A story edit is counted against the story limits alone (issue #12: a keystroke in a 64-page issue
counted every page's frames and every photo again).

``within_limits`` must still give the answer a full count gives: an edit that puts a story over a
limit is refused, and a document already over a limit of its pages may still have its text edited.
"""

from __future__ import annotations

from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, ShapeFrame, Story, TextFrame, edits, totals


def _document(boxes: int = 0) -> Document:
    frame = TextFrame(id="f", story_id="s", x_pt=50, y_pt=50, width_pt=300, height_pt=300)
    shapes = [ShapeFrame(id=f"b{n}", x_pt=0, y_pt=0, width_pt=5, height_pt=5) for n in range(boxes)]
    story = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="原文")])])
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文")}, stories={"s": story},
                    pages=[Page(id="p", frames=[frame, *shapes])])


def _story(*runs_per_paragraph: int) -> Story:
    return Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="字") for _ in range(count)])
                                     for count in runs_per_paragraph])


def test_a_story_edit_counts_no_page_frame_and_no_photo(monkeypatch) -> None:
    calls: list[str] = []
    for name in ("_count_problem", "_photo_problem"):
        original = getattr(totals, name)
        monkeypatch.setattr(totals, name, lambda doc, _f=original, _n=name: calls.append(_n) or _f(doc))
    doc = _document()
    assert edits.set_story(doc, _story(2)) != []
    assert calls == []


def test_a_story_edit_past_the_run_limit_is_not_made(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_RUNS", 3)
    doc = _document()
    assert edits.set_story(doc, _story(2, 2)) == []
    assert edits.set_story(doc, _story(1, 2)) != []


def test_a_story_edit_past_the_paragraph_limit_is_not_made(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_PARAGRAPHS", 2)
    doc = _document()
    assert edits.set_story(doc, _story(1, 1, 1)) == []
    assert edits.set_story(doc, _story(1, 1)) != []


def test_a_new_story_past_the_story_limit_is_not_added(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_STORIES", 1)
    doc = _document()
    assert edits.set_story(doc, Story(id="t", paragraphs=[Paragraph(style="正文", runs=[Run(text="新")])])) == []


def test_text_of_a_document_with_too_many_frames_on_a_page_may_still_be_edited(monkeypatch) -> None:
    monkeypatch.setattr("editor.model.totals.MAX_FRAMES_PER_PAGE", 2)
    doc = _document(boxes=3)  # four frames on the page: over before the edit
    assert edits.set_story(doc, _story(1)) != []


def test_a_field_run_counts_the_text_it_shows_not_its_own(monkeypatch) -> None:
    doc = _document()
    doc.issue.title = "二十个字的刊名二十个字的刊名二十个字的"  # 19 characters
    shown = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="x", field="title"), Run(text="正文")])])
    monkeypatch.setattr("editor.model.totals.MAX_CHARACTERS", 21)  # 19 + 2
    assert edits.set_story(doc, shown) != []
    monkeypatch.setattr("editor.model.totals.MAX_CHARACTERS", 20)
    assert edits.set_story(doc, shown) == []


def test_characters_of_field_values_and_of_other_stories_count_once_each(monkeypatch) -> None:
    doc = _document()
    doc.issue.title = "甲乙"
    doc.stories["t"] = Story(id="t", paragraphs=[Paragraph(style="正文", runs=[Run(text="甲")])])
    shown = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="", field="title"), Run(text="丙丁")])])
    monkeypatch.setattr("editor.model.totals.MAX_DISTINCT_CHARACTERS", 4)  # 甲 乙 丙 丁
    assert edits.set_story(doc, shown) != []
    monkeypatch.setattr("editor.model.totals.MAX_DISTINCT_CHARACTERS", 3)  # 原 文 甲 before: within
    assert edits.set_story(doc, shown) == []


def test_a_story_edit_reads_the_characters_of_that_story_alone(monkeypatch) -> None:
    doc = _document()
    doc.stories["t"] = Story(id="t", paragraphs=[Paragraph(style="正文", runs=[Run(text="另一篇文章")])])
    typed = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="原文")])])
    assert edits.set_story(doc, typed) != []  # both stories counted once
    read: list[str] = []
    characters = totals._characters
    monkeypatch.setattr(totals, "_characters", lambda text: read.append(text) or characters(text))
    again = Story(id="s", paragraphs=[Paragraph(style="正文", runs=[Run(text="原文加一字")])])
    assert edits.set_story(doc, again) != []
    assert "另一篇文章" not in read
    assert "原文加一字" in read
