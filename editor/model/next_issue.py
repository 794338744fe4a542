"""新建下一期: issue N+1 made from issue N.

The weekly job: the next issue keeps everything that repeats — pages,
masters, styles, swatches, mastheads, section banners, running heads,
rules — and clears what belongs to one issue: the articles' text and the
photos. 期号 and 总期号 advance (期号 starts again at 1 in a new year) and
the date moves on by the interval between the last two issues.

Which stories are kept (design text) and which are cleared (articles):

- kept: stories in master frames, stories marked ``Story.fixed``, stories
  whose every paragraph holds a field run (masthead, issue line, running
  head, folio: they show the new numbers by themselves; an article that
  names 期号 in one paragraph is still an article), and section banners —
  stories whose every paragraph is in a banner style (``DESIGN_STYLES``:
  栏目, 栏目名, 版头, 刊头, 报头);
- captions (photo captions' stories) become ``CAPTION_PLACEHOLDER`` in
  their first paragraph's style;
- every other story is an article: it loses its name (last issue's title
  would name the new article wrongly; a brief's 简讯：重庆物流 too — the
  section's banner is a design story, kept) and becomes one paragraph per paragraph
  style it used, in the order first used (标题, 副标题, 正文 …), each with a
  placeholder that says what goes there (``placeholder_text``). A style's
  role is known only from its name, so the name is searched for a word of
  the role rather than matched whole (要闻正文 is body, 文章标题 a title,
  *Heading 1* a title too); the roles are tried in ``ROLE_PLACEHOLDERS``
  order, so 副标题 and 引题 are found before the 题 of any title and an
  unknown style is body text.

Photo frames on pages are emptied (no photo, crop reset) but keep their
place, fit and caption; photos no frame uses any more are dropped from the
file. Master photo frames (logos) are kept. With ``keep_articles`` only the
numbers and the date change.

Pure functions over the model: today's date is passed in, never read here.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from dataclasses import dataclass

from editor.model.document import Document, IssueFields
from editor.model.frames import ImageFrame, ShapeFrame, frame_story_ids
from editor.model.limits import conform
from editor.model.master_edits import copy_of
from editor.model.story import Paragraph, Run, Story

TITLE_PLACEHOLDER = "在此输入标题"
SUBTITLE_PLACEHOLDER = "在此输入副标题"
KICKER_PLACEHOLDER = "在此输入引题"
BYLINE_PLACEHOLDER = "在此输入作者"
LEAD_PLACEHOLDER = "在此输入导语"
QUOTE_PLACEHOLDER = "在此输入引文"
BODY_PLACEHOLDER = "在此粘贴正文"
CAPTION_PLACEHOLDER = "▲图为……"
#: (words of a role found in a style's name, lower case; the role's placeholder), first match wins.
ROLE_PLACEHOLDERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("副标题", "副题", "subtitle", "subhead"), SUBTITLE_PLACEHOLDER),
    (("引题", "肩题", "kicker"), KICKER_PLACEHOLDER),
    (("署名", "作者", "通讯员", "byline", "author"), BYLINE_PLACEHOLDER),
    (("导语", "intro"), LEAD_PLACEHOLDER),
    (("图注", "图说", "图片说明", "caption"), CAPTION_PLACEHOLDER),
    (("题", "title", "head"), TITLE_PLACEHOLDER),  # after 副标题 and 引题, which hold 题 too
    (("引文", "引语", "quote"), QUOTE_PLACEHOLDER),  # after titles: 引语标题 heads a box of quotes
)
#: What the house templates said before their placeholders went by role (a byline's): issues and
#: templates made from them still hold it, and it is a placeholder there too.
EARLIER_PLACEHOLDERS = frozenset({"（通讯员 姓名）"})
#: Every text 新建下一期 (and a template) leaves in a cleared article or caption.
PLACEHOLDERS: frozenset[str] = frozenset({text for _, text in ROLE_PLACEHOLDERS} | {BODY_PLACEHOLDER}
                                         | EARLIER_PLACEHOLDERS)
#: Paragraph styles of section banners and mastheads: a story set only in these is design.
DESIGN_STYLES = frozenset({"栏目", "栏目名", "版头", "刊头", "报头"})


def is_placeholder(paragraph: Paragraph) -> bool:
    """Whether the paragraph's whole text (no field in it) is a placeholder (在此输入标题, ▲图为…… …):
    检查 warns of it, 导入文章 fills it."""
    return (all(run.field is None for run in paragraph.runs)
            and paragraph.plain_text().strip() in PLACEHOLDERS)


@dataclass(frozen=True)
class NextIssueSummary:
    """What 新建下一期 kept and cleared, counted for the dialog and ``banmian next``."""

    pages: int
    masters: int
    styles: int
    swatches: int
    #: Design stories kept as they are: mastheads, banners, fixed text.
    design_stories: int
    shapes: int
    #: Article stories (cleared unless ``keep_articles``).
    articles: int
    captions: int
    #: Photo frames on pages (emptied unless ``keep_articles``).
    photo_frames: int
    #: Of those, the ones that held a photo: the photos cleared (or kept) — not every frame.
    photos_placed: int
    #: Photos (assets) no longer in the file.
    photos_dropped: int
    keep_articles: bool

    def kept_lines(self) -> list[str]:
        """What stays, one Chinese line each (counts of zero left out)."""
        items = [(self.pages, "页面", "个"), (self.masters, "母版", "个"), (self.styles, "样式", "个"),
                 (self.swatches, "色板颜色", "个"), (self.design_stories, "刊头、栏目等固定文字", "处"),
                 (self.shapes, "线条和方框", "个")]
        if self.keep_articles:
            items += [(self.articles, "文章（原文保留）", "篇"), (self.captions, "图片说明（原文保留）", "条"),
                      (self.photos_placed, "图片（保留）", "张")]
        else:
            items += [(self.photo_frames, "图片框（位置和图片说明样式保留）", "个")]
        return [f"{label}：{count} {unit}" for count, label, unit in items if count]

    def cleared_lines(self) -> list[str]:
        """What is emptied, one Chinese line each; empty when the articles are kept."""
        if self.keep_articles:
            return []
        items = [(self.articles, f"文章正文（换成“{TITLE_PLACEHOLDER}”“{BODY_PLACEHOLDER}”）", "篇"),
                 (self.captions, f"图片说明（换成“{CAPTION_PLACEHOLDER}”）", "条"),
                 (self.photos_placed, "图片框中的图片", "个"),
                 (self.photos_dropped, "不再使用的图片文件（从项目中移除）", "个")]
        return [f"{label}：{count} {unit}" for count, label, unit in items if count]


@dataclass(frozen=True)
class NextIssue:
    """The new issue's document and what was kept and cleared."""

    document: Document
    summary: NextIssueSummary


# ------------------------------------------------------------------ numbers and date

def _parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


#: The longest interval between two issues taken for the periodical's rhythm (a quarterly's). A longer one
#: is no rhythm: an issue made from a years-old sample or template has that old date as its previous
#: one, and adding the gap again proposed a date years ahead (2026 → 2032).
MAX_RHYTHM_DAYS = 92


def proposed_date(issue: IssueFields, today: datetime.date) -> datetime.date:
    """The next publication date: this issue's date plus the interval since the previous one,
    or ``today`` when either date is unknown or the interval is not a rhythm (not positive, or
    longer than ``MAX_RHYTHM_DAYS``)."""
    date = _parse_date(issue.date)
    previous = _parse_date(issue.previous_date)
    if date is None or previous is None or not 0 < (date - previous).days <= MAX_RHYTHM_DAYS:
        return today
    try:
        return date + (date - previous)
    except OverflowError:  # past the year 9999
        return today


def next_issue_fields(issue: IssueFields, date: datetime.date) -> IssueFields:
    """The next issue's fields for publication on ``date``: 总期号 +1; 期号 +1, or 1 when
    ``date`` falls in another year than ``issue.year``; the old date becomes ``previous_date``."""
    number = issue.number + 1 if date.year == issue.year else 1
    # conform: numbers stay within what a file may hold (one past the largest would not reopen).
    return conform(dataclasses.replace(issue, year=date.year, number=number, total_number=issue.total_number + 1,
                                       date=date.isoformat(), previous_date=issue.date))


def propose_next_issue_fields(issue: IssueFields, today: datetime.date) -> IssueFields:
    """``next_issue_fields`` at ``proposed_date``: what the dialog shows first."""
    return next_issue_fields(issue, proposed_date(issue, today))


def new_issue_fields(template: IssueFields, today: datetime.date) -> IssueFields:
    """A new issue's fields when 新建 starts it from a template on ``today``: this year, dated
    today, no previous issue; title and publisher as the template has them.

    The numbers are a guess the user confirms (从模板新建 opens 期刊信息), but never an impossible
    pair: of this year, 期号 and 总期号 stay as the template has them; of another year, 期号 starts
    again at 1 (as 新建下一期 counts) and 总期号, which never starts again, is one past the
    template's — the least an issue of another year can have. A template of a first issue (总第1期,
    as the house templates are) starts a new periodical: 第1期, 总第1期."""
    if template.year == today.year:
        number, total = template.number, template.total_number
    elif template.total_number <= 1:
        number, total = 1, template.total_number
    else:
        number, total = 1, template.total_number + 1
    return conform(dataclasses.replace(template, year=today.year, number=number, total_number=total,
                                       date=today.isoformat(), previous_date=""))


# ------------------------------------------------------------------ which story is what

def _is_field_text(story: Story) -> bool:
    return bool(story.paragraphs) and all(any(run.field is not None for run in paragraph.runs)
                                          for paragraph in story.paragraphs)


def _is_banner(story: Story) -> bool:
    return bool(story.paragraphs) and all(p.style in DESIGN_STYLES for p in story.paragraphs)


def design_story_ids(doc: Document) -> set[str]:
    """Stories 新建下一期 keeps as they are: master stories and pages' copies of them, fixed,
    field-holding and banner stories."""
    masters = doc.master_story_ids()
    copies = {story_id for page in doc.pages for f in page.frames if copy_of(page, f.id) is not None
              for story_id in frame_story_ids(f)}  # pages' own copies of master items
    return {story_id for story_id, story in doc.stories.items()
            if story_id in masters or story_id in copies or story.fixed or _is_field_text(story)
            or _is_banner(story)}


def issue_story_ids(doc: Document) -> tuple[set[str], set[str]]:
    """(article story ids, caption story ids) of this issue: what 新建下一期 clears."""
    design = design_story_ids(doc)
    captions = doc.caption_story_ids() - design
    articles = set(doc.stories) - design - captions
    return articles, captions


# ------------------------------------------------------------------ placeholders

def placeholder_text(style_name: str) -> str:
    """What a cleared paragraph in ``style_name`` says: 在此输入副标题 for 副标题 …, 在此粘贴正文 for body text."""
    lowered = style_name.lower()
    return next((text for words, text in ROLE_PLACEHOLDERS if any(word in lowered for word in words)),
                BODY_PLACEHOLDER)


def _first_char_style(paragraph: Paragraph) -> str | None:
    return next((run.char_style for run in paragraph.runs if run.field is None), None)


def placeholder_article(story: Story) -> Story:
    """``story`` with one placeholder paragraph per paragraph style it used, in order, and no name:
    last issue's title (竞赛) would name the new article wrongly in 属性, 检查 and 校对; until the
    user names it, it is named by its first words, like any unnamed story."""
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for paragraph in story.paragraphs:
        if paragraph.style in seen:
            continue
        seen.add(paragraph.style)
        text = placeholder_text(paragraph.style)
        paragraphs.append(Paragraph(style=paragraph.style,
                                    runs=[Run(text=text, char_style=_first_char_style(paragraph))]))
    return dataclasses.replace(story, paragraphs=paragraphs, name="")


def placeholder_caption(story: Story) -> Story:
    """A caption story as one ``CAPTION_PLACEHOLDER`` paragraph in its first paragraph's style."""
    if not story.paragraphs:
        return story
    first = story.paragraphs[0]
    runs = [Run(text=CAPTION_PLACEHOLDER, char_style=_first_char_style(first))]
    return dataclasses.replace(story, paragraphs=[Paragraph(style=first.style, runs=runs)])


def _empty_photo(frame: ImageFrame) -> None:
    frame.asset = None
    frame.source_name = ""
    frame.zoom = 1.0
    frame.offset_x_pt = 0.0
    frame.offset_y_pt = 0.0
    frame.rotation_deg = 0


def _used_assets(doc: Document) -> set[str]:
    frames = [f for page in doc.pages for f in page.frames] + [f for m in doc.masters for f in m.frames]
    return {f.asset for f in frames if isinstance(f, ImageFrame) and f.asset is not None}


# ------------------------------------------------------------------ the next issue

def make_next_issue(doc: Document, issue: IssueFields, keep_articles: bool = False) -> NextIssue:
    """A new document for the issue ``issue`` (from ``next_issue_fields``), built from ``doc``.

    ``doc`` is not changed. See the module docstring for what is kept and cleared.
    """
    new = copy.deepcopy(doc)
    new.issue = copy.deepcopy(issue)
    articles, captions = issue_story_ids(doc)
    # A page's own copy of a master item (覆盖母版项目) is design like the master's: its photo stays.
    page_photos = [f for page in new.pages for f in page.frames
                   if isinstance(f, ImageFrame) and copy_of(page, f.id) is None]
    placed = sum(frame.asset is not None for frame in page_photos)
    if not keep_articles:
        for story_id in articles:
            new.stories[story_id] = placeholder_article(new.stories[story_id])
        for story_id in captions:
            new.stories[story_id] = placeholder_caption(new.stories[story_id])
        for frame in page_photos:
            _empty_photo(frame)
    used = _used_assets(new)
    dropped = [name for name in new.assets if name not in used]
    for name in dropped:
        del new.assets[name]
    summary = NextIssueSummary(
        pages=len(new.pages), masters=len(new.masters),
        styles=len(new.paragraph_styles) + len(new.character_styles), swatches=len(new.colors),
        design_stories=len(new.stories) - len(articles) - len(captions),
        shapes=sum(isinstance(f, ShapeFrame) for p in new.pages for f in p.frames),
        articles=len(articles), captions=len(captions), photo_frames=len(page_photos),
        photos_placed=placed, photos_dropped=len(dropped), keep_articles=keep_articles,
    )
    return NextIssue(new, summary)


def next_issue(doc: Document, today: datetime.date, date: datetime.date | None = None,
               keep_articles: bool = False) -> NextIssue:
    """The next issue of ``doc`` at ``date`` (default: the proposed date), as ``banmian next`` makes it."""
    issue = next_issue_fields(doc.issue, date or proposed_date(doc.issue, today))
    return make_next_issue(doc, issue, keep_articles)
