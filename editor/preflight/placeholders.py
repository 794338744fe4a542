"""占位文字: a paragraph still saying 在此输入标题, 在此粘贴正文, ▲图为…… where the article goes.

新建下一期 and the house templates leave every article and caption as
placeholders that say what goes there (``editor.model.next_issue``:
``PLACEHOLDERS``; a style's own is ``placeholder_text``, always one of
them). On screen they look like the hints of an empty form, but they are
ordinary text: an article nobody filled prints 在此输入标题 in the PDF,
the DOCX and on paper. A paragraph is a placeholder when its whole text,
spaces around it aside and without fields, is one of those strings; real
text that merely holds 在此 is not.

Only what is laid out counts (overset text prints nothing; 文字溢出 names
it), once per story and page however many of its paragraphs are
placeholders (a template page has a dozen), naming the placeholders
found there; 跳转 selects the first frame showing one. A master story is
reported once, at the first page showing it. The caption of a photo frame
with no photo is left to 空框 (``empty``), which names it: the frame and its
caption are one unfinished thing, filled or deleted together. There is no
修复: only the user has the words, and deleting a paragraph nobody wrote
would leave a hole where the article was meant to be.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.layout.display import DocumentLayout, LineBox
from editor.layout.engine import photo_subject
from editor.layout.masters import is_instance, master_item
from editor.model.document import Document
from editor.model.frames import Frame, ImageFrame
from editor.model.labels import describe_story, story_label
from editor.model.next_issue import is_placeholder
from editor.model.story import Story
from editor.preflight.findings import PLACEHOLDER_TEXT, WARNING, Finding, PreflightSettings
from editor.preflight.places import frames_on_pages, laid_out


@dataclass(frozen=True)
class PlaceholderLine:
    """A laid-out line of a placeholder paragraph: its page (1-based), the line and the placeholder."""

    page: int
    line: LineBox
    text: str


def placeholder_lines(doc: Document, layout: DocumentLayout) -> list[PlaceholderLine]:
    """Every laid-out line showing a placeholder, pages in order."""
    stories = laid_out(doc, layout).stories
    known: dict[tuple[str, int], str | None] = {}
    found: list[PlaceholderLine] = []
    for page in layout.pages:
        for line in page.lines:
            if line.end_offset <= line.start_offset or line.paragraph_index < 0:
                continue
            key = (line.story_id, line.paragraph_index)
            if key not in known:
                known[key] = _placeholder(stories.get(line.story_id), line.paragraph_index)
            text = known[key]
            if text is not None:
                found.append(PlaceholderLine(page.index + 1, line, text))
    return found


def _placeholder(story: Story | None, index: int) -> str | None:
    if story is None or not 0 <= index < len(story.paragraphs) or not is_placeholder(story.paragraphs[index]):
        return None
    return story.paragraphs[index].plain_text().strip()


def empty_photo_ids(doc: Document, layout: DocumentLayout) -> set[str]:
    """The photo frames (instances included) with no photo: 空框 speaks for their captions."""
    return {frame.id for _, frame in frames_on_pages(doc, layout) if isinstance(frame, ImageFrame)
            and frame.asset is None}


def quoted(texts: list[str]) -> str:
    """“在此输入标题”“在此粘贴正文”: each placeholder once, in the order found."""
    return "".join(f"“{text}”" for text in dict.fromkeys(texts))


def _real_text(story: Story) -> str:
    """The story's words that are not placeholders (fields left out)."""
    return "\n".join(p.plain_text() for p in story.paragraphs if not is_placeholder(p))


def _article_sentence(doc: Document, page: int, story_id: str, texts: list[str]) -> str:
    """第 2 页文章“守正创新”还有占位文字“在此输入副标题”, or 第 2 页有一篇文章只有占位文字… when
    the story has no name and no words of its own (its label would be the placeholder)."""
    story = doc.stories[story_id]
    real = _real_text(story)
    verb = "还有" if real.strip() else "只有"
    if story.name.strip():
        return f"第 {page} 页文章“{story_label(doc, story_id)}”{verb}占位文字{quoted(texts)}"
    if real.strip():  # named by its own first words, not by a placeholder before them
        return f"第 {page} 页文章“{describe_story('', real, page)}”{verb}占位文字{quoted(texts)}"
    return f"第 {page} 页有一篇文章{verb}占位文字{quoted(texts)}"


def _message(doc: Document, page: int, story_id: str, frame: Frame | None, texts: list[str]) -> str:
    if isinstance(frame, ImageFrame):
        subject = f"{photo_subject(frame, page)}的说明还是占位文字{quoted(texts)}"
    else:
        subject = _article_sentence(doc, page, story_id, texts)
    if is_instance(story_id):
        return f"{subject}，它在主页上，用这个主页的每一页导出和打印时都会印出来。请在主页上填写或删去。"
    return f"{subject}，导出和打印时会印出来。请填写或删去。"


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """One warning per story and page showing placeholders (a master story: at its first page only)."""
    shown = laid_out(doc, layout)
    frames = {frame.id: frame for _, frame in frames_on_pages(doc, layout)}
    left_to_empty = empty_photo_ids(doc, layout)
    groups: dict[tuple[int, str], list[PlaceholderLine]] = {}
    first_page: dict[str, int] = {}
    for found in placeholder_lines(doc, layout):
        story_id = found.line.story_id
        if found.line.frame_id in left_to_empty:
            continue
        if is_instance(story_id) and first_page.setdefault(master_item(story_id), found.page) != found.page:
            continue
        groups.setdefault((found.page, story_id), []).append(found)
    findings: list[Finding] = []
    for (page, story_id), lines in groups.items():
        frame_id = lines[0].line.frame_id
        message = _message(shown, page, story_id, frames.get(frame_id), [found.text for found in lines])
        findings.append(Finding(PLACEHOLDER_TEXT, WARNING, message, page, frame_id, story_id))
    return findings
