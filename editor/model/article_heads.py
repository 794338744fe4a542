"""An imported article's headline into the page's placeholder headline frame, in the template's styles.

A page made by 新建下一期 or from a house template holds an article's
headline in a frame of its own above the body (在此输入标题 / 在此输入副标题 /
在此输入导语), each paragraph a placeholder: its text is its style's
``placeholder_text`` (one of ``PLACEHOLDERS``). Importing an article into
the body's thread must fill that frame, not set the title in the body
column. Here:

- ``headline_story``: the placeholder headline story of a thread: the text
  frame nearest above its frames on the page of its first frame, across
  them, when that is a placeholder headline (a headline with real text, or
  another article in between, is not the thread's);
- ``split_headline``: the article's title goes to the headline story, and
  its 引题, 副标题, 署名 or 导语 when the story has a placeholder for it;
  the rest stays for the body;
- ``in_template_styles``: imported paragraphs take the style the template
  used for the same role (its 文章标题 for a title, 要闻正文 for body text);
- ``empty_article_frame``: on a page with no room for new frames, the
  template's empty article (在此粘贴正文) an article goes into instead.

A role is known from a style's name as 新建下一期 knows it: by the
placeholder it would get.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from editor.model.document import Document, Page
from editor.model.frames import TextFrame
from editor.model.next_issue import (
    BODY_PLACEHOLDER,
    BYLINE_PLACEHOLDER,
    KICKER_PLACEHOLDER,
    LEAD_PLACEHOLDER,
    SUBTITLE_PLACEHOLDER,
    TITLE_PLACEHOLDER,
    is_placeholder,
    placeholder_text,
)
from editor.model.story import Paragraph, Story

#: Roles that go into a headline frame besides the title, when it has a placeholder for them (a
#: frame sized for a title alone would hide a subtitle: without its placeholder it heads the body).
_OPTIONAL_ROLES = frozenset({KICKER_PLACEHOLDER, SUBTITLE_PLACEHOLDER, BYLINE_PLACEHOLDER, LEAD_PLACEHOLDER})
#: A headline frame may overlap the thread's top by this much and still be above it (points).
_TOLERANCE_PT = 1.0


def role(style_name: str) -> str:
    """A paragraph style's role, named by its placeholder (在此输入标题 for 大标题 and 文章标题)."""
    return placeholder_text(style_name)


def is_placeholder_story(story: Story) -> bool:
    """Whether every paragraph of ``story`` is a placeholder (a template's empty article; an
    earlier template's （通讯员 姓名） counts, as 检查 counts it)."""
    return bool(story.paragraphs) and all(is_placeholder(p) for p in story.paragraphs)


def _is_headline(story: Story) -> bool:
    roles = {role(p.style) for p in story.paragraphs}
    return is_placeholder_story(story) and TITLE_PLACEHOLDER in roles and BODY_PLACEHOLDER not in roles


def _above_across(frame: TextFrame, frames: list[TextFrame]) -> bool:
    """Whether ``frame`` ends above the top of ``frames`` and shares a column band with one."""
    top_pt = min(f.y_pt for f in frames)
    across = any(frame.x_pt < f.x_pt + f.width_pt and f.x_pt < frame.x_pt + frame.width_pt for f in frames)
    return across and frame.y_pt + frame.height_pt <= top_pt + _TOLERANCE_PT


def _holds_body(story: Story) -> bool:
    return is_placeholder_story(story) and any(role(p.style) == BODY_PLACEHOLDER for p in story.paragraphs)


def empty_article_frame(doc: Document, page: Page) -> TextFrame | None:
    """The first frame on ``page`` of the empty placeholder article with the most room there."""
    area_pt2: dict[str, float] = {}
    first: dict[str, TextFrame] = {}
    for frame in page.frames:
        story = doc.stories.get(frame.story_id) if isinstance(frame, TextFrame) else None
        if isinstance(frame, TextFrame) and story is not None and _holds_body(story):
            area_pt2[story.id] = area_pt2.get(story.id, 0.0) + frame.width_pt * frame.height_pt
            first.setdefault(story.id, frame)
    if not area_pt2:
        return None
    return first[max(area_pt2, key=lambda story_id: area_pt2[story_id])]


def headline_story(doc: Document, page: Page, thread: list[TextFrame]) -> Story | None:
    """The placeholder headline story right above ``thread``'s frames on ``page``: the text frame
    nearest above them, when it is one (another article in between, or a thread holding its own
    title placeholder, has none)."""
    own = doc.stories.get(thread[0].story_id)
    if own is not None and is_placeholder_story(own) and any(role(p.style) == TITLE_PLACEHOLDER
                                                             for p in own.paragraphs):
        return None
    on_page = [frame for frame in thread if any(frame is f for f in page.frames)]
    above = [frame for frame in page.frames if isinstance(frame, TextFrame) and frame.story_id != thread[0].story_id
             and _above_across(frame, on_page)] if on_page else []
    if not above:
        return None
    nearest = doc.stories.get(max(above, key=lambda frame: frame.y_pt + frame.height_pt).story_id)
    return nearest if nearest is not None and _is_headline(nearest) else None


@dataclass
class SplitArticle:
    """An article's paragraphs split between a headline frame and the body's thread."""

    headline: list[Paragraph] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    #: The headline's placeholder texts nothing filled (在此输入导语), in order.
    unfilled: list[str] = field(default_factory=list)


def split_headline(paragraphs: list[Paragraph], headline: Story) -> SplitArticle:
    """The article's leading headline paragraphs that ``headline`` takes, in its styles, and the rest.

    Nothing goes to the headline when the article has no title before its body text."""
    roles = [role(p.style) for p in paragraphs]
    if TITLE_PLACEHOLDER not in roles:
        return SplitArticle(body=list(paragraphs), unfilled=[])
    wanted = {TITLE_PLACEHOLDER} | ({role(p.style) for p in headline.paragraphs} & _OPTIONAL_ROLES)
    split = SplitArticle()
    leading = True
    for paragraph, paragraph_role in zip(paragraphs, roles, strict=True):
        leading = leading and paragraph_role != BODY_PLACEHOLDER
        (split.headline if leading and paragraph_role in wanted else split.body).append(paragraph)
    filled = {role(p.style) for p in split.headline}
    if TITLE_PLACEHOLDER not in filled:  # the title is not at the top: the article keeps it all
        return SplitArticle(body=list(paragraphs), unfilled=[])
    split.headline = in_template_styles(split.headline, headline)
    split.unfilled = [p.plain_text() for p in headline.paragraphs if role(p.style) not in filled]
    return split


def in_template_styles(paragraphs: list[Paragraph], template: Story) -> list[Paragraph]:
    """``paragraphs`` with each style replaced by the first style ``template`` uses for its role."""
    styles: dict[str, str] = {}
    for paragraph in template.paragraphs:
        styles.setdefault(role(paragraph.style), paragraph.style)
    return [dataclasses.replace(p, style=styles.get(role(p.style), p.style)) for p in paragraphs]
