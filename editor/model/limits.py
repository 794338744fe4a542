"""How large and how odd a document may be: every range, length and count in one place.

A project file comes from outside and may hold anything JSON can say:
``1e400``, ``NaN``, a title of a million characters, a NUL in a style name,
100,000 pages. Each of those once ended in 内部错误, a PDF that never
finished, or a DOCX that python-docx refused to write. So every value has a
rule, declared beside its field in the model's dataclasses
(``field(metadata=limit(...))``) and read by the generic codec when a file
is opened; the document as a whole has the counts below, measured so that
the largest document they allow still opens, lays out and exports to PDF
and DOCX within 10 s and 500 MB on a 2-core machine (``bench/bench_limits.py``,
figures in ``docs/format.md`` §10).

The same rules apply where text enters the model while editing
(``clean_text``, ``conform``): line breaks from Windows and Word become
``"\\n"``, other control characters are dropped, over-long names are cut. So
the editor never saves a file it would refuse to open.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import typing
from dataclasses import dataclass
from typing import Any

#: The key under which a field's rule is stored in ``dataclasses.field(metadata=...)``.
LIMIT_KEY = "limit"

# ---------------------------------------------------------------- the document as a whole

#: Pages in a document (a real issue has 4 to 64).
MAX_PAGES = 500
#: Master pages (a newsletter has two or three: front page, inside pages, back page).
MAX_MASTERS = 50
#: Frames on one page (a real page has a few dozen).
MAX_FRAMES_PER_PAGE = 200
#: Frames on all pages together (64 pages of 30): besides a text box per column, Word gets a
#: shape for each border, fill, caption and lost photo, up to four a frame.
MAX_FRAMES = 2_000
#: Columns of all text frames together: Word gets one text box per column, and the DOCX
#: export spends about 0.5 ms and 30 KB on each (5,000 frames of 12 columns took 22 s and 1.4 GB).
MAX_TEXT_COLUMNS = 2_000
#: Stories (articles, captions, headings).
MAX_STORIES = 2_000
#: Paragraphs in all stories together.
MAX_PARAGRAPHS = 20_000
#: Runs in all paragraphs together.
MAX_RUNS = 50_000
#: Characters set in all stories together, each field run counted as the text it shows.
MAX_CHARACTERS = 200_000
#: Different characters in the text (a real issue uses about 3,000; GB 2312 has 6,763 Han).
MAX_DISTINCT_CHARACTERS = 8_000
#: Colour swatches, paragraph styles, character styles (each).
MAX_SWATCHES = 1_000
MAX_STYLES = 1_000
#: Photos listed in ``document.assets``.
MAX_ASSETS = 10_000
#: One photo, and all photos together, in bytes: a 200-megapixel phone JPEG is about 70 MB,
#: an issue of 200 phone photos about 800 MB, and projects like that opened before these
#: limits existed — refusing them would lock users out of their own work. Memory is a
#: different matter: the PDF and the DOCX each hold the photos they embed until written
#: (87 MiB of photos took 417 MB to export; 58 MiB in the longest document.json, 473 MB),
#: so the 500 MB bound holds up to ``PHOTOS_WITHIN_MEMORY_BOUND_BYTES`` of photos; beyond,
#: memory grows with the photos until exports stop holding them all. Zip bombs are stopped
#: by their expansion ratio (``editor.io.project.MAX_PHOTO_EXPANSION``), not by these sizes.
MAX_ASSET_BYTES = 256 * 1024 * 1024
MAX_PHOTOS_BYTES = 1024 * 1024 * 1024
PHOTOS_WITHIN_MEMORY_BOUND_BYTES = 64 * 1024 * 1024

# ---------------------------------------------------------------- rules for one value


@dataclass(frozen=True)
class NumberRange:
    """A number (or integer, by the field's type) from ``low`` to ``high`` inclusive."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        """Whether ``value`` is finite and in range (exact for integers of any size)."""
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return self.low <= value <= self.high

    def clamp(self, value: float) -> float:
        """The nearest value in range (NaN becomes ``low``)."""
        if isinstance(value, float) and math.isnan(value):
            return type(value)(self.low)
        return type(value)(min(max(value, self.low), self.high))

    def reason(self) -> str:
        return f"应在 {_number_text(self.low)} 到 {_number_text(self.high)} 之间"


@dataclass(frozen=True)
class TextRule:
    """Text of at most ``max_chars`` characters; ``lines`` allows "\\n" and tab (run text)."""

    max_chars: int
    lines: bool = False


@dataclass(frozen=True)
class CountRule:
    """A list or mapping of at most ``max_items`` entries.

    ``pool`` names a count shared with every other list of the same pool (all
    pages' frames, all stories' paragraphs) and limited by ``POOL_LIMITS``;
    ``keys`` is the rule for a mapping's keys, ``values`` for plain values.
    """

    max_items: int
    pool: str | None = None
    keys: TextRule | None = None
    values: TextRule | NumberRange | None = None


Rule = NumberRange | TextRule | CountRule

#: Totals of pooled lists over the whole document.
POOL_LIMITS: dict[str, int] = {
    "frames": MAX_FRAMES,
    "paragraphs": MAX_PARAGRAPHS,
    "runs": MAX_RUNS,
}


def limit(rule: Rule, **field_options: Any) -> Any:
    """``dataclasses.field`` carrying ``rule`` for the codec (and any other options)."""
    return dataclasses.field(metadata={LIMIT_KEY: rule}, **field_options)


def rule_of(field: dataclasses.Field[Any]) -> Rule | None:
    """The rule a dataclass field declares, if any."""
    return field.metadata.get(LIMIT_KEY)


def _number_text(value: float) -> str:
    return f"{value:g}" if not float(value).is_integer() else f"{int(value)}"


# ---------------------------------------------------------------- the ranges, by kind of value

#: A PDF page is at most 200 inches (14,400 pt) on a side.
PAGE_SIDE_PT = NumberRange(1.0, 14_400.0)
#: A frame's width or height, a gap, an extent, space before or after.
LENGTH_PT = NumberRange(0.0, 14_400.0)
#: A position on the page (frames may sit beside it), a photo's pan, an inset, an indent.
POSITION_PT = NumberRange(-14_400.0, 14_400.0)
BLEED_PT = NumberRange(0.0, 144.0)
STROKE_PT = NumberRange(0.0, 144.0)
#: Word's largest font size is 1,638 pt and its largest exact line spacing 1,584 pt.
FONT_SIZE_PT = NumberRange(1.0, 1_638.0)
LEADING_PT = NumberRange(1.0, 1_584.0)
INDENT_CHARS = NumberRange(-100.0, 100.0)
LETTER_SPACING_EM = NumberRange(-1.0, 10.0)
ZOOM = NumberRange(0.01, 100.0)
ROTATION_DEG = NumberRange(-3_600, 3_600)
COLUMNS = NumberRange(1, 12)
#: A baseline grid's pitch; 0 is no grid, and one finer than 1 pt would be thousands of guides.
BASELINE_PT = NumberRange(0.0, 144.0)
#: A baseline grid finer than this is no grid: drawn, 0.0001 pt would be millions of guides a page.
MIN_BASELINE_PT = 2.0
YEAR = NumberRange(1, 9_999)
ISSUE_NUMBER = NumberRange(0, 1_000_000)
TOTAL_ISSUE_NUMBER = NumberRange(0, 10_000_000)

#: Identifiers of pages, frames and stories, and the photo names frames refer to.
ID_TEXT = TextRule(64)
#: Names of styles, swatches and font families, and colour values (a swatch's name).
NAME_TEXT = TextRule(64)
#: Titles and the publisher: the DOCX title is 刊名 + 年第N期 and Word keeps 255 characters.
TITLE_TEXT = TextRule(200)
DATE_TEXT = TextRule(64)
#: A swatch's value, ``#RRGGBB`` (checked as such after the length).
HEX_COLOR_TEXT = TextRule(7)
STORY_NAME_TEXT = TextRule(200)
FILE_NAME_TEXT = TextRule(255)
RUN_TEXT = TextRule(MAX_CHARACTERS, lines=True)

# ---------------------------------------------------------------- characters

#: Line breaks other programs write: Windows "\r\n", old Mac "\r", Word's vertical tab
#: (manual line break), form feed, NEL, and the Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: Characters no text may hold: C0 and C1 controls and DEL, lone surrogates, the
#: noncharacters U+FFFE/U+FFFF (XML cannot hold any of them, so no DOCX could),
#: and the Unicode line and paragraph separators (a line break is "\n").
_FORBIDDEN = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029"
_FORBIDDEN_IN_LINES = re.compile(f"[{_FORBIDDEN}]")
_FORBIDDEN_IN_ONE_LINE = re.compile(f"[\t\n{_FORBIDDEN}]")


def forbidden_character(text: str, rule: TextRule) -> str | None:
    """The first character ``rule`` does not allow in ``text``, or None."""
    pattern = _FORBIDDEN_IN_LINES if rule.lines else _FORBIDDEN_IN_ONE_LINE
    found = pattern.search(text)
    return found.group() if found else None


def text_problem(text: str, rule: TextRule) -> str | None:
    """Why ``text`` breaks ``rule`` (a Chinese phrase), or None when it keeps it."""
    bad = forbidden_character(text, rule)
    if bad is not None:
        what = "不成对的代理字符" if "\ud800" <= bad <= "\udfff" else "不允许的字符"
        return f"含有{what} U+{ord(bad):04X}"
    if len(text) > rule.max_chars:
        return f"过长（{len(text)} 个字符，最多 {rule.max_chars} 个）"
    return None


def clean_text(text: str, rule: TextRule) -> str:
    """``text`` made to keep ``rule``: line breaks become "\\n" (or a space where text is
    one line), tabs a space in one line, other forbidden characters dropped, then cut."""
    text = _LINE_BREAKS.sub("\n", text)
    if not rule.lines:
        text = text.replace("\n", " ").replace("\t", " ")
    pattern = _FORBIDDEN_IN_LINES if rule.lines else _FORBIDDEN_IN_ONE_LINE
    return pattern.sub("", text)[: rule.max_chars]


# ---------------------------------------------------------------- values entering the model


def conform(value: Any) -> Any:
    """A model value (a dataclass) whose texts and numbers keep their fields' rules.

    Texts are cleaned (``clean_text``), numbers clamped into range; nested
    dataclasses and lists of them are conformed too. Counts are not touched
    here (the edit decides what to refuse). Returns ``value`` itself when
    nothing needed changing, so an unchanged edit keeps its identity.
    """
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    whole_numbers = _whole_number_fields(type(value))
    changed: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        if not field.init:
            continue
        old = getattr(value, field.name)
        new = _conformed(old, rule_of(field))
        if field.name in whole_numbers and isinstance(new, float):
            new = int(round(new))  # a spin box may hand over 2.0 where the file wants 2
        if new is not old:
            changed[field.name] = new
    return dataclasses.replace(value, **changed) if changed else value


@functools.lru_cache(maxsize=None)
def _whole_number_fields(cls: type) -> frozenset[str]:
    """The fields of ``cls`` the file holds as integers."""
    return frozenset(name for name, hint in typing.get_type_hints(cls).items() if hint is int)


def _conformed(value: Any, rule: Rule | None) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(rule, TextRule) and isinstance(value, str):
        clean = clean_text(value, rule)
        return value if clean == value else clean
    if isinstance(rule, NumberRange) and isinstance(value, (int, float)):
        return value if rule.contains(value) else rule.clamp(value)
    if isinstance(value, list):
        items = [conform(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        items = {key: conform(item) for key, item in value.items()}
        return value if all(items[key] is value[key] for key in value) else items
    return conform(value)
