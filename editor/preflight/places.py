"""Where things are in a laid-out document: each frame's page, the frames a check walks, names.

Checks read the document as laid out (``DocumentLayout.document``: master
items resolved into each page as instances, ``editor.layout.masters``), so a
running head off the trim is found on every page that shows it; a finding on
an instance has no fix (the user changes the master, not the page).
"""

from __future__ import annotations

from collections.abc import Iterator

from editor.layout.display import DocumentLayout
from editor.layout.engine import photo_subject
from editor.layout.masters import is_instance
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame
from editor.model.labels import frame_noun


def laid_out(doc: Document, layout: DocumentLayout) -> Document:
    """The document the layout was made from, masters resolved (``doc`` itself when it has none)."""
    return layout.document if layout.document is not None else doc


def frames_on_pages(doc: Document, layout: DocumentLayout) -> Iterator[tuple[int, Frame]]:
    """(1-based page number, frame) for every frame each page shows, masters' included."""
    for index, page in enumerate(laid_out(doc, layout).pages):
        for frame in page.frames:
            yield index + 1, frame


def page_numbers(doc: Document, layout: DocumentLayout) -> dict[str, int]:
    """Each frame id (instances included) → its 1-based page number."""
    return {frame.id: number for number, frame in frames_on_pages(doc, layout)}


def fixable(frame: Frame) -> bool:
    """Whether an edit may change ``frame``: a page's own frame that is not locked."""
    return not frame.locked and not is_instance(frame.id)


def frame_subject(frame: Frame, page: int) -> str:
    """第 3 页的图片“IMG_2041.jpg”, 第 2 页的文本框 …"""
    if isinstance(frame, ImageFrame):
        return photo_subject(frame, page)
    return f"第 {page} 页的{frame_noun(frame)}"
