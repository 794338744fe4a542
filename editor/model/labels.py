"""What the user calls a story or a frame: its name or its words, never an internal id.

Ids such as ``story-3`` and ``frame-7`` keep the model's references
straight but mean nothing to the staff, so every place that names a story
or a frame to a user — the 属性 panel, the status bar, export and recovery
messages, ``banmian info`` — asks here. A story is called by its name; an
unnamed one by the first words of its text (“党群工作…”), and an empty one
by where it is (未命名文章（第 2 页）). Placeholder paragraphs (在此输入标题, ▲图为……, left by
新建下一期 and the templates) are not its words: a story holding only those is called by where it
is, like an empty one, not “在此输入标题 在…”. A frame is called by its kind and page (第 2 页的文本框).

Two empty stories drawn on one page are told apart by a number: the n-th
unnamed article (or caption) that starts on a page, counted in the order
the stories were made (``Document.stories`` keeps it, and so does the
file), is 未命名文章（第 2 页，n） from the second on. Unnamed stories with
text count too, so typing into the first, moving frames or bringing one to
the front leaves the others' names as they were.

Pure functions over the model (no Qt); ``describe_story`` and
``unnamed_number`` take plain values so code holding only a project's JSON
(recovery summaries) names and numbers stories the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from editor.model.document import Document
from editor.model.fields import shown_runs
from editor.model.frames import Frame, ImageFrame, TextFrame
from editor.model.next_issue import PLACEHOLDERS

#: The user's word for each kind of frame (移动图片, 调整文本框大小, 第 2 页的文本框 …).
KIND_NOUNS: dict[str, str] = {"text": "文本框", "image": "图片", "rule": "线条", "box": "方框"}
#: How many characters of its text stand for an unnamed story.
EXCERPT_CHARS = 8


def frame_noun(frame: Frame) -> str:
    """``文本框``, ``图片``, ``线条``, ``方框``."""
    return KIND_NOUNS.get(frame.kind, "对象")


def own_words(text: str) -> str:
    """``text`` (paragraphs a line each) without its placeholder paragraphs."""
    return "\n".join(line for line in text.split("\n") if line.strip() not in PLACEHOLDERS)


def describe_story(name: str, text: str, page_number: int | None, caption: bool = False, number: int = 1) -> str:
    """A story's label from its name, its text (paragraphs a line each) and the 1-based page it starts
    on; ``number`` tells an empty unnamed story from the ones before it on that page (see the module
    docstring)."""
    if name.strip():
        return name.strip()
    words = " ".join(own_words(text).split())
    if words:
        return words[:EXCERPT_CHARS] + ("…" if len(words) > EXCERPT_CHARS else "")
    what = "未命名图片说明" if caption else "未命名文章"
    where = [f"第 {page_number} 页"] if page_number is not None else []
    where += [str(number)] if number > 1 else []
    return f"{what}（{'，'.join(where)}）" if where else what


#: Where a story starts: (0-based page or None when on no page, whether it is a caption).
Place = tuple[int | None, bool]


def _story_places(doc: Document) -> dict[str, Place]:
    """Every placed story's page (its first frame's, or the captioned photo's) and whether it is
    a caption: one pass over the frames."""
    places: dict[str, Place] = {}
    for index, page in enumerate(doc.pages):
        for frame in page.frames:
            if isinstance(frame, TextFrame):
                places.setdefault(frame.story_id, (index, False))
            elif isinstance(frame, ImageFrame) and frame.caption is not None:
                places.setdefault(frame.caption.story_id, (index, True))
    return places


def unnamed_number(names: Iterable[tuple[str, str]], places: Mapping[str, Place], story_id: str) -> int:
    """1 + the unnamed stories made before ``story_id`` that start in the same place: ``names``
    is every story's (id, name) in the order they were made, ``places`` where each starts
    (pages need only be numbered alike). Plain values, so recovery summaries count from JSON."""
    place = places.get(story_id, (None, False))
    number = 1
    for other_id, name in names:
        if other_id == story_id:
            break
        if not name.strip() and places.get(other_id, (None, False)) == place:
            number += 1
    return number


def story_page(doc: Document, story_id: str) -> int | None:
    """The 0-based page where a story starts (its first frame, or the photo it captions)."""
    return _story_places(doc).get(story_id, (None, False))[0]


def story_label(doc: Document, story_id: str) -> str:
    """``守正创新 凝心聚力``, ``党群工作在新时代…``, ``未命名文章（第 2 页）`` or ``未命名文章（第 2 页，2）``;
    put it in “” when quoting.

    Fields in an unnamed story's first words show their values (2021年第28期), as on the page."""
    story = doc.stories.get(story_id)
    if story is None:
        return "已删除的文章"
    places = _story_places(doc)
    page, caption = places.get(story_id, (None, False))
    page_number = page + 1 if page is not None else 1
    lines: list[str] = []
    words = 0
    for paragraph in story.paragraphs if not story.name.strip() else []:
        line = "".join(text for text, _ in shown_runs(doc.issue, paragraph.runs, page_number))
        if line.strip() in PLACEHOLDERS:
            continue
        lines.append(line)
        words += len(" ".join(line.split())) + 1 if line.strip() else 0
        if words > EXCERPT_CHARS + 1:
            break  # enough words for the label and its "…"; a long story is not read to the end
    text = "\n".join(lines)
    number = 1
    if not (story.name.strip() or text.strip()):
        number = unnamed_number(((key, other.name) for key, other in doc.stories.items()), places, story_id)
    return describe_story(story.name, text, page + 1 if page is not None else None, caption=caption, number=number)


def frame_label(doc: Document, frame_id: str) -> str:
    """``第 2 页的文本框``."""
    for index, frame in doc.frames_with_pages():
        if frame.id == frame_id:
            return f"第 {index + 1} 页的{frame_noun(frame)}"
    return "已删除的框"
