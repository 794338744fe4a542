"""The document: page geometry, issue fields, styles, stories, masters, pages, photos.

A page is its master plus its own frames (as in InDesign and 方正飞腾): the
master (母版) holds the margins, the column grid and the items every page
of its kind repeats — masthead, issue line, running head, folio, rules.
A page may *detach* a master item (覆盖母版项目): the page then carries its
own copy and the master's is not drawn there. ``editor.layout.masters``
turns masters into the frames each page shows, before layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from editor.model.frames import Frame, ImageFrame, Insets, TextFrame, frame_story_ids
from editor.model.limits import (
    BASELINE_PT,
    BLEED_PT,
    COLUMNS,
    DATE_TEXT,
    HEX_COLOR_TEXT,
    ID_TEXT,
    ISSUE_NUMBER,
    LENGTH_PT,
    MAX_ASSETS,
    MAX_FRAMES_PER_PAGE,
    MAX_MASTERS,
    MAX_PAGES,
    MAX_STORIES,
    MAX_STYLES,
    MAX_SWATCHES,
    NAME_TEXT,
    PAGE_SIDE_PT,
    TITLE_TEXT,
    TOTAL_ISSUE_NUMBER,
    YEAR,
    CountRule,
    limit,
)
from editor.model.story import Story
from editor.model.styles import CharacterStyle, ParagraphStyle
from editor.model.units import PAGE_SIZES_PT, mm_to_pt

#: Joins a master item's id and a page's id in the id of its instance on that page
#: (``editor.layout.masters``); no id in a document may contain it.
INSTANCE_MARK = "@"


def thread_order(frames: dict[str, TextFrame]) -> list[TextFrame]:
    """One story's text frames (by id, in page order) in thread order.

    The thread starts at the first frame that no other frame links to and
    follows ``next_frame_id``; frames off that thread are left out.
    """
    linked_to = {f.next_frame_id for f in frames.values() if f.next_frame_id}
    head = next((f for f in frames.values() if f.id not in linked_to), None)
    ordered: list[TextFrame] = []
    seen: set[str] = set()
    frame: TextFrame | None = head
    while frame is not None and frame.id not in seen:
        ordered.append(frame)
        seen.add(frame.id)
        frame = frames.get(frame.next_frame_id) if frame.next_frame_id else None
    return ordered


@dataclass(kw_only=True)
class IssueFields:
    """Facts about one issue that text refers to through field runs."""

    title: str = limit(TITLE_TEXT, default="中铝股份党群工作")
    year: int = limit(YEAR, default=2021)
    number: int = limit(ISSUE_NUMBER, default=1)
    total_number: int = limit(TOTAL_ISSUE_NUMBER, default=1)
    #: Publication date, ISO ``YYYY-MM-DD``.
    date: str = limit(DATE_TEXT, default="2021-01-01")
    publisher: str = limit(TITLE_TEXT, default="党群工作部")
    #: The previous issue's publication date (set by 新建下一期), to propose the next one
    #: at the same interval; empty when unknown.
    previous_date: str = limit(DATE_TEXT, default="")


@dataclass(kw_only=True)
class Page:
    """One page: its master, and its own frames back to front (in front of the master's)."""

    id: str = limit(ID_TEXT)
    frames: list[Frame] = limit(CountRule(MAX_FRAMES_PER_PAGE, pool="frames"), default_factory=list)
    #: The master (``MasterPage.id``) the page is built on; None: a plain page.
    master_id: str | None = limit(ID_TEXT, default=None)
    #: Ids of the master's frames this page overrides (its own copies stand in their place).
    detached: list[str] = limit(CountRule(MAX_FRAMES_PER_PAGE, values=ID_TEXT), default_factory=list)


def _default_margins() -> Insets:
    margin_pt = mm_to_pt(20.0)
    return Insets(top_pt=margin_pt, right_pt=margin_pt, bottom_pt=margin_pt, left_pt=margin_pt)


@dataclass(kw_only=True)
class PageGrid:
    """A master's column grid: what frames snap to and the canvas draws as guides.

    Columns divide the area inside the margins with ``gutter_pt`` between
    them. ``baseline_pt`` > 0 adds a baseline grid from the top margin.
    """

    columns: int = limit(COLUMNS, default=1)
    gutter_pt: float = limit(LENGTH_PT, default=mm_to_pt(5.0))
    baseline_pt: float = limit(BASELINE_PT, default=0.0)


@dataclass(kw_only=True)
class MasterPage:
    """A master page (母版): margins, column grid and the items its pages repeat."""

    id: str = limit(ID_TEXT)
    name: str = limit(NAME_TEXT, default="")
    margins: Insets = field(default_factory=_default_margins)
    grid: PageGrid = field(default_factory=PageGrid)
    frames: list[Frame] = limit(CountRule(MAX_FRAMES_PER_PAGE, pool="frames"), default_factory=list)


@dataclass(kw_only=True)
class Document:
    """Everything a project file holds.

    ``assets`` maps an asset name (content hash plus extension, as stored
    under ``assets/`` in the project file) to the photo's original bytes: a
    ``dict``, or for a document opened from a file a mapping that reads each
    photo from the file when asked (``editor.model.assets``; the annotation
    stays ``dict``, the kind the limits know how to count).
    """

    page_width_pt: float = limit(PAGE_SIDE_PT, default=PAGE_SIZES_PT["A4"][0])
    page_height_pt: float = limit(PAGE_SIDE_PT, default=PAGE_SIZES_PT["A4"][1])
    margins: Insets = field(default_factory=_default_margins)
    bleed_pt: float = limit(BLEED_PT, default=mm_to_pt(3.0))
    issue: IssueFields = field(default_factory=IssueFields)
    colors: dict[str, str] = limit(CountRule(MAX_SWATCHES, keys=NAME_TEXT, values=HEX_COLOR_TEXT),
                                   default_factory=dict)
    paragraph_styles: dict[str, ParagraphStyle] = limit(CountRule(MAX_STYLES, keys=NAME_TEXT), default_factory=dict)
    character_styles: dict[str, CharacterStyle] = limit(CountRule(MAX_STYLES, keys=NAME_TEXT), default_factory=dict)
    stories: dict[str, Story] = limit(CountRule(MAX_STORIES, keys=ID_TEXT), default_factory=dict)
    masters: list[MasterPage] = limit(CountRule(MAX_MASTERS), default_factory=list)
    pages: list[Page] = limit(CountRule(MAX_PAGES), default_factory=list)
    #: Listed in the file as a list of names (``document.assets``), the bytes beside it.
    assets: dict[str, bytes] = limit(CountRule(MAX_ASSETS, keys=ID_TEXT), default_factory=dict)

    def pdf_title(self) -> str:
        """Document title for PDF/DOCX properties: 刊名 + 年份/期号."""
        return f"{self.issue.title} {self.issue.year}年第{self.issue.number}期"

    def frames_with_pages(self) -> list[tuple[int, Frame]]:
        """Every frame with its 0-based page index, pages in order."""
        return [(index, frame) for index, page in enumerate(self.pages) for frame in page.frames]

    def frame_by_id(self, frame_id: str) -> Frame | None:
        """A page's frame (master frames are not on any page: see ``master_frame_by_id``)."""
        for page in self.pages:
            for frame in page.frames:
                if frame.id == frame_id:
                    return frame
        return None

    def master_by_id(self, master_id: str | None) -> MasterPage | None:
        return next((master for master in self.masters if master.id == master_id), None)

    def master_of(self, page: Page) -> MasterPage | None:
        """The master ``page`` is built on, if it names one that exists."""
        return self.master_by_id(page.master_id)

    def master_frame_by_id(self, frame_id: str) -> tuple[MasterPage, Frame] | None:
        for master in self.masters:
            for frame in master.frames:
                if frame.id == frame_id:
                    return master, frame
        return None

    def shown_master_frames(self, page: Page) -> list[Frame]:
        """The master frames ``page`` shows: its master's, less those it detached."""
        master = self.master_of(page)
        return [f for f in master.frames if f.id not in page.detached] if master is not None else []

    def master_story_ids(self) -> set[str]:
        """Stories set in master frames (running heads, issue lines): not articles of the issue."""
        return {story_id for master in self.masters for frame in master.frames
                for story_id in frame_story_ids(frame)}

    def story_frames(self, story_id: str) -> list[TextFrame]:
        """The text frames a story flows through, in thread order.

        The thread starts at the frame of this story that no other frame
        links to and follows ``next_frame_id``.
        """
        return thread_order({f.id: f for page in self.pages for f in page.frames
                             if isinstance(f, TextFrame) and f.story_id == story_id})

    def caption_story_ids(self) -> set[str]:
        """Stories used as photo captions."""
        return {
            f.caption.story_id
            for page in self.pages for f in page.frames
            if isinstance(f, ImageFrame) and f.caption is not None
        }
