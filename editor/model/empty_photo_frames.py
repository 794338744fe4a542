"""An imported article's photos into the empty photo frames a template left in its text.

新建下一期 empties the photo frames of last issue's articles but keeps their
place, size, wrap and caption (▲图为……). When an article is imported into
such an article's thread, its photos go into those frames first, in reading
order (top to bottom, then left to right), as Publisher fills a picture
placeholder: the frame keeps its size and crop mode, and the photo's caption
replaces the placeholder caption (in its style) or, on a frame without one,
becomes a new caption below it. A frame belongs to the thread when it
overlaps one of the thread's frames on the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from editor.model.changes import Change, set_attr, set_item
from editor.model.document import Document
from editor.model.edits import new_id
from editor.model.frames import Caption, ImageFrame, TextFrame
from editor.model.geometry import Rect
from editor.model.imported_article import CAPTION_STYLE, ImportedPhoto
from editor.model.limits import conform
from editor.model.story import Paragraph, Run, Story


def caption_story(doc: Document, text: str, title: str, number: int, style: str = CAPTION_STYLE) -> Story:
    """The caption of the article's ``number``th photo, named for the article ``title``."""
    return Story(id=new_id(doc, "story"), name=f"{title} 图注{number}",
                 paragraphs=[Paragraph(style=style, runs=[Run(text=text)])])


def _rect(frame: TextFrame | ImageFrame) -> Rect:
    return Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)


def empty_frames_of(doc: Document, thread: list[TextFrame]) -> list[ImageFrame]:
    """The empty photo frames overlapping ``thread``'s frames on their pages, in reading order."""
    found: list[ImageFrame] = []
    for page in doc.pages:
        texts = [_rect(f) for f in page.frames if any(f is frame for frame in thread)]
        empty = [f for f in page.frames if isinstance(f, ImageFrame) and f.asset is None
                 and any(_rect(f).overlaps(text) for text in texts)]
        found += sorted(empty, key=lambda f: (f.y_pt, f.x_pt))
    return found


@dataclass
class Filled:
    """The changes filling empty frames, the frames filled, and the photos left over."""

    changes: list[Change] = field(default_factory=list)
    frame_ids: list[str] = field(default_factory=list)
    left: list[ImportedPhoto] = field(default_factory=list)


def _caption_changes(doc: Document, frame: ImageFrame, photo: ImportedPhoto, title: str,
                     number: int) -> list[Change]:
    """The photo's caption into the frame's caption story, or a new caption below the frame."""
    if not photo.caption:
        return []
    old = doc.stories.get(frame.caption.story_id) if frame.caption is not None else None
    if frame.caption is not None and old is not None:
        style = old.paragraphs[0].style if old.paragraphs else CAPTION_STYLE
        paragraphs = [Paragraph(style=style, runs=[Run(text=photo.caption)])]
        return [set_item(doc.stories, old.id, conform(Story(id=old.id, name=old.name, paragraphs=paragraphs)))]
    story = caption_story(doc, photo.caption, title, number)
    return [set_item(doc.stories, story.id, conform(story)), set_attr(frame, "caption", Caption(story_id=story.id))]


def fill_empty_frames(doc: Document, thread: list[TextFrame], photos: list[ImportedPhoto], title: str) -> Filled:
    """Put ``photos`` into the thread's empty photo frames, as far as there are frames."""
    filled = Filled()
    frames = empty_frames_of(doc, thread)
    for number, (frame, photo) in enumerate(zip(frames, photos, strict=False), start=1):
        filled.changes += [set_attr(frame, "asset", photo.asset), set_attr(frame, "source_name", photo.source_name)]
        filled.changes += _caption_changes(doc, frame, photo, title, number)
        filled.frame_ids.append(frame.id)
    filled.left = photos[len(filled.frame_ids):]
    return filled
