"""Master items as each page shows them (``editor.layout.masters``): instance ids, threads and
captions renamed per page, story copies, and the document the layout reads."""

from __future__ import annotations

from editor.layout.masters import expand_masters, expand_page, expanded_document, instance_id, is_instance, master_item
from editor.model import Document, ImageFrame, MasterPage, Page, Paragraph, Run, ShapeFrame, Story, TextFrame
from editor.model.frames import Caption


def _story(story_id: str, text: str) -> Story:
    return Story(id=story_id, paragraphs=[Paragraph(style="正文", runs=[Run(text=text)])])


def _doc() -> Document:
    """Master M: a threaded head (h1 → h2, story "head"), a photo with a caption (story "cap"), a rule."""
    master = MasterPage(id="M", frames=[
        TextFrame(id="h1", story_id="head", x_pt=10.0, y_pt=10.0, width_pt=100.0, height_pt=20.0, next_frame_id="h2"),
        TextFrame(id="h2", story_id="head", x_pt=120.0, y_pt=10.0, width_pt=100.0, height_pt=20.0),
        ImageFrame(id="logo", x_pt=10.0, y_pt=40.0, width_pt=50.0, height_pt=50.0,
                   caption=Caption(story_id="cap", placement="below")),
        ShapeFrame(id="rule", shape="rule", x_pt=10.0, y_pt=95.0, width_pt=200.0, height_pt=0.0),
    ])
    own = TextFrame(id="body", story_id="art", x_pt=10.0, y_pt=120.0, width_pt=200.0, height_pt=200.0)
    return Document(
        stories={"head": _story("head", "版头"), "cap": _story("cap", "图注"), "art": _story("art", "文章"),
                 "art2": _story("art2", "另一篇")},
        masters=[master],
        pages=[Page(id="p1", master_id="M", frames=[own]),
               Page(id="p2", master_id="M", detached=["rule", "h2"],
                    frames=[TextFrame(id="b2", story_id="art2", x_pt=0.0, y_pt=0.0, width_pt=10.0, height_pt=10.0)]),
               Page(id="p3")])


def test_an_instance_id_is_the_item_id_at_the_page_id() -> None:
    assert instance_id("head-frame", "p7") == "head-frame@p7"
    assert is_instance("head-frame@p7") and not is_instance("head-frame")
    assert master_item("head-frame@p7") == "head-frame"
    assert master_item("head") == "head"
    assert master_item("a@b@c") == "a"


def test_a_page_shows_its_master_frames_renamed_for_it_behind_its_own() -> None:
    doc = _doc()
    page, _ = expand_page(doc, doc.pages[0])
    assert [frame.id for frame in page.frames] == ["h1@p1", "h2@p1", "logo@p1", "rule@p1", "body"]
    assert page.id == "p1" and page.frames[-1] is doc.pages[0].frames[0]
    h1, h2, logo, rule = page.frames[:4]
    assert (h1.story_id, h1.next_frame_id) == ("head@p1", "h2@p1")
    assert (h2.story_id, h2.next_frame_id) == ("head@p1", None)
    assert logo.caption.story_id == "cap@p1" and logo.caption.placement == "below"
    assert (rule.x_pt, rule.y_pt, rule.width_pt) == (10.0, 95.0, 200.0)
    assert doc.masters[0].frames[0].id == "h1"  # the master itself is untouched


def test_each_shown_master_story_is_copied_under_its_instance_id() -> None:
    doc = _doc()
    _, copies = expand_page(doc, doc.pages[0])
    assert list(copies) == ["head@p1", "cap@p1"]
    assert copies["head@p1"].id == "head@p1"
    assert copies["head@p1"].paragraphs == doc.stories["head"].paragraphs
    assert copies["cap@p1"].paragraphs[0].plain_text() == "图注"
    assert doc.stories["head"].id == "head"


def test_a_detached_item_is_not_shown_and_a_page_without_master_shows_none() -> None:
    doc = _doc()
    page, copies = expand_page(doc, doc.pages[1])
    assert [frame.id for frame in page.frames] == ["h1@p2", "logo@p2", "b2"]
    assert list(copies) == ["head@p2", "cap@p2"]
    bare, none = expand_page(doc, doc.pages[2])
    assert bare.frames == [] and none == {}


def test_a_document_without_masters_is_its_own_expansion() -> None:
    doc = Document(stories={"art": _story("art", "文")},
                   pages=[Page(id="p", frames=[TextFrame(id="f", story_id="art", x_pt=0.0, y_pt=0.0,
                                                          width_pt=50.0, height_pt=50.0)])])
    page, copies = expand_page(doc, doc.pages[0])
    assert page is doc.pages[0] and copies == {}
    assert expand_masters(doc) is doc
    assert expanded_document(doc, [], []) is doc


def test_the_expanded_document_holds_the_issues_stories_then_each_pages_copies() -> None:
    doc = _doc()
    expanded = expand_masters(doc)
    assert list(expanded.stories) == ["art", "art2", "head@p1", "cap@p1", "head@p2", "cap@p2"]
    assert [page.id for page in expanded.pages] == ["p1", "p2", "p3"]
    assert [frame.id for frame in expanded.pages[1].frames] == ["h1@p2", "logo@p2", "b2"]
    assert "head" in doc.stories and len(doc.pages[0].frames) == 1  # the source is unchanged


def test_a_master_frame_whose_story_is_missing_gets_no_copy() -> None:
    doc = _doc()
    del doc.stories["cap"]
    _, copies = expand_page(doc, doc.pages[0])
    assert list(copies) == ["head@p1"]
