"""What the user calls a story or a frame: its name or its words, never an internal id.

Ids such as ``story-3`` and ``frame-7`` keep the model's references
straight but mean nothing to the staff, so every place that names a story
or a frame to a user — the 属性 panel, the status bar, export and recovery
messages, ``banmian info`` — asks here. A story is called by its name; an
unnamed one by the first words of its text (“党群工作…”), and an empty one
by where it is (未命名文章（第 2 页）). A frame is called by its kind and
page (第 2 页的文本框).

Pure functions over the model (no Qt); ``describe_story`` takes plain
values so code holding only a project's JSON (recovery summaries) names
stories the same way.
"""

from __future__ import annotations

from editor.model.document import Document
from editor.model.fields import field_text
from editor.model.frames import Frame, ImageFrame, TextFrame

#: The user's word for each kind of frame (移动图片, 调整文本框大小, 第 2 页的文本框 …).
KIND_NOUNS: dict[str, str] = {"text": "文本框", "image": "图片", "rule": "线条", "box": "方框"}
#: How many characters of its text stand for an unnamed story.
EXCERPT_CHARS = 8


def frame_noun(frame: Frame) -> str:
    """``文本框``, ``图片``, ``线条``, ``方框``."""
    return KIND_NOUNS.get(frame.kind, "对象")


def describe_story(name: str, text: str, page_number: int | None, caption: bool = False) -> str:
    """A story's label from its name, its text and the 1-based page it starts on."""
    if name.strip():
        return name.strip()
    words = " ".join(text.split())
    if words:
        return words[:EXCERPT_CHARS] + ("…" if len(words) > EXCERPT_CHARS else "")
    what = "未命名图片说明" if caption else "未命名文章"
    return f"{what}（第 {page_number} 页）" if page_number is not None else what


def _story_place(doc: Document, story_id: str) -> tuple[int | None, bool]:
    """The 0-based page where a story starts (its first frame, or the photo it captions),
    and whether it is a caption: one pass over the frames (a label is asked for every story)."""
    for index, page in enumerate(doc.pages):
        for frame in page.frames:
            if isinstance(frame, TextFrame):
                if frame.story_id == story_id:
                    return index, False
            elif isinstance(frame, ImageFrame) and frame.caption is not None and frame.caption.story_id == story_id:
                return index, True
    return None, False


def story_page(doc: Document, story_id: str) -> int | None:
    """The 0-based page where a story starts (its first frame, or the photo it captions)."""
    return _story_place(doc, story_id)[0]


def story_label(doc: Document, story_id: str) -> str:
    """``守正创新 凝心聚力``, ``党群工作在新时代…`` or ``未命名文章（第 2 页）``; put it in “” when quoting.

    Fields in an unnamed story's first words show their values (2021年第28期), as on the page."""
    story = doc.stories.get(story_id)
    if story is None:
        return "已删除的文章"
    page, caption = _story_place(doc, story_id)
    page_number = page + 1 if page is not None else 1
    lines: list[str] = []
    words = 0
    for paragraph in story.paragraphs if not story.name.strip() else []:
        line = "".join(field_text(doc.issue, run.field, page_number) if run.field else run.text
                       for run in paragraph.runs)
        lines.append(line)
        words += len(" ".join(line.split())) + 1 if line.strip() else 0
        if words > EXCERPT_CHARS + 1:
            break  # enough words for the label and its "…"; a long story is not read to the end
    return describe_story(story.name, "\n".join(lines), page + 1 if page is not None else None, caption=caption)


def frame_label(doc: Document, frame_id: str) -> str:
    """``第 2 页的文本框``."""
    for index, frame in doc.frames_with_pages():
        if frame.id == frame_id:
            return f"第 {index + 1} 页的{frame_noun(frame)}"
    return "已删除的框"
