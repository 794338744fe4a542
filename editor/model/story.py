"""Stories: the text that flows through one chain of text frames.

A story is paragraphs; a paragraph is runs. A run is either literal text
with an optional character style, or a *field* placeholder whose text comes
from the document's issue fields (so the issue line on every page follows
the issue number), or the page number of the page it lands on.

Inside a run, ``"\\n"`` is a forced line break within the paragraph
(Shift+Enter in the editor).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from editor.model.limits import (
    ID_TEXT,
    MAX_PARAGRAPHS,
    MAX_RUNS,
    NAME_TEXT,
    RUN_TEXT,
    STORY_NAME_TEXT,
    CountRule,
    limit,
)

FieldName = Literal["title", "year", "number", "total_number", "date", "publisher", "page", "edition"]

#: Chinese labels of the fields, as the editor shows them.
FIELD_LABELS: dict[str, str] = {
    "title": "刊名",
    "year": "年份",
    "number": "期号",
    "total_number": "总期号",
    "date": "出版日期",
    "publisher": "编印单位",
    "page": "页码",
    "edition": "版次",
}


@dataclass(kw_only=True)
class Run:
    """Text sharing one character style, or a field placeholder."""

    text: str = limit(RUN_TEXT, default="")
    char_style: str | None = limit(NAME_TEXT, default=None)
    field: FieldName | None = None


@dataclass(kw_only=True)
class Paragraph:
    """A paragraph with its paragraph style name."""

    style: str = limit(NAME_TEXT)
    runs: list[Run] = limit(CountRule(MAX_RUNS, pool="runs"), default_factory=list)

    def plain_text(self) -> str:
        """The literal text with fields left out (for counts and search)."""
        return "".join(run.text for run in self.runs if run.field is None)


@dataclass(kw_only=True)
class Story:
    """An article, caption or heading: paragraphs flowing through frames."""

    id: str = limit(ID_TEXT)
    name: str = limit(STORY_NAME_TEXT, default="")
    paragraphs: list[Paragraph] = limit(CountRule(MAX_PARAGRAPHS, pool="paragraphs"), default_factory=list)
    #: Part of the design, not of one issue (a section banner, an editor's line): 新建下一期
    #: keeps its text. Stories in master frames are always kept.
    fixed: bool = False
    #: Jump lines where the thread changes page: 「（下转第N版）」 at the foot of the frame
    #: the text leaves, 「（上接第N版）」 at the head of the frame it continues in.
    jump_lines: bool = False
