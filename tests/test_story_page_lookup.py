"""``story_page``: the page a story starts on (the 文章 list and 查找 jump there)."""

from __future__ import annotations

from editor.model import Document, ImageFrame, Page, Story, TextFrame
from editor.model.frames import Caption
from editor.model.labels import story_page


def _doc() -> Document:
    def text(frame_id: str, story_id: str, next_id: str | None = None) -> TextFrame:
        return TextFrame(id=frame_id, story_id=story_id, x_pt=60.0, y_pt=60.0, width_pt=200.0, height_pt=200.0,
                         next_frame_id=next_id)

    photo = ImageFrame(id="photo", x_pt=60.0, y_pt=300.0, width_pt=200.0, height_pt=150.0,
                       caption=Caption(story_id="caption"))
    return Document(
        stories={sid: Story(id=sid) for sid in ("lead", "talk", "caption", "orphan")},
        pages=[Page(id="p1", frames=[text("lead-1", "lead", "lead-2")]),
               Page(id="p2", frames=[text("talk-1", "talk")]),
               Page(id="p3", frames=[photo, text("lead-2", "lead")])])


def test_a_story_starts_on_the_page_of_its_first_frame() -> None:
    doc = _doc()
    assert (story_page(doc, "lead"), story_page(doc, "talk")) == (0, 1)


def test_a_caption_is_on_the_page_of_its_photo() -> None:
    assert story_page(_doc(), "caption") == 2


def test_a_story_in_no_frame_has_no_page() -> None:
    assert story_page(_doc(), "orphan") is None
