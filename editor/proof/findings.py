"""One proofing finding: where it is, what kind, and what would fix it."""

from __future__ import annotations

from dataclasses import dataclass

#: Kinds, as the user sees them (the 校对 panel groups by them, ``fix_all`` takes one).
HALF_WIDTH = "半角标点"
ASCII_QUOTES = "引号混用"
DOUBLED = "重复字词"
DOUBLED_PUNCTUATION = "重复标点"
STRAY_SPACE = "多余空格"
UNPAIRED = "括号引号不成对"
DE_DI_DE = "的地得"
HOUSE_FORM = "用词规范"

#: Every kind, in the order the panel and the command line list them.
KINDS: tuple[str, ...] = (DOUBLED, ASCII_QUOTES, HALF_WIDTH, DOUBLED_PUNCTUATION, STRAY_SPACE, UNPAIRED,
                          DE_DI_DE, HOUSE_FORM)


@dataclass(frozen=True)
class Hit:
    """A problem in one paragraph's text: offsets [start, end), and the text to put there (None: no fix)."""

    start: int
    end: int
    kind: str
    suggestion: str | None
    #: Why, in Chinese, when the kind alone does not say it (一个“（”没有配对).
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """A hit placed in the document: story, paragraph, offsets, the text found and its context.

    Offsets count as the canvas counts them: characters, a field run one unit.
    """

    story_id: str
    story_name: str
    paragraph_index: int
    start: int
    end: int
    kind: str
    #: The text at [start, end) when the check ran (a fix is refused if it changed since).
    text: str
    #: A few characters either side, the found text in 【】.
    context: str
    suggestion: str | None
    note: str = ""

    def ignore_key(self) -> tuple[str, str, str, str]:
        """What identifies the finding across edits elsewhere (offsets move; this does not)."""
        return (self.story_id, self.kind, self.text, self.context)
