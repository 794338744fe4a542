"""The labels Word shows in front of list items (• 1. 一、 （一） ①), counted as Word counts them.

Word does not store a list item's label as text. The paragraph, or its paragraph style (List
Bullet, List Number, …), names a numbering instance and a level (``w:numPr``: ``w:numId`` and
``w:ilvl``); numbering.xml maps the instance to an abstract definition whose level gives the
number format (``w:numFmt``: decimal, chineseCounting, bullet …), the label's pattern
(``w:lvlText``: ``%1.``, ``（%1）``, ``%1.%2.``, a bullet character) and the first number
(``w:start``), and Word counts the items. Without this an imported list lost its bullets and
numbers (``editor.io.docx_reader`` puts the label in front of the item's text).

Counting follows Word: the counters belong to the abstract definition (an instance that
restarts carries a ``w:startOverride``); an item resets the counters of the levels below its
own. Bullets drawn from a symbol font (Symbol, Wingdings: private-use characters) are shown
as •. Lists inside tables are not counted (tables are not imported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor.model.paste_cleanup import is_wide

if TYPE_CHECKING:
    from lxml import etree  # only python-docx's elements are read: opening a project needs no lxml

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_VAL = f"{{{_W}}}val"
#: Word has nine list levels (0–8) and numbers up to 32767.
_LEVELS = 9
_MAX_START = 32767
#: Paragraph styles are looked up through at most this many ``basedOn`` steps (a loop ends there).
_MAX_STYLE_DEPTH = 20
_LEVEL_REFERENCE = re.compile(r"%([1-9])")
#: A label's pattern is cut to this length (Word's are a few characters; a hostile file's could
#: repeat a megabyte in front of every paragraph).
_MAX_PATTERN_CHARS = 32
BULLET = "•"
_SYMBOL_FONTS = ("symbol", "wingdings", "webdings")

_CHINESE_DIGITS = "〇一二三四五六七八九"
_CHINESE_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass(frozen=True)
class _Level:
    """One level of an abstract list definition."""

    number_format: str = "decimal"
    pattern: str = "%1."
    start: int = 0  # ECMA-376's default; Word always writes it
    suffix: str = "tab"  # tab, space or nothing after the label
    legal: bool = False  # w:isLgl: every number in the label in decimal
    symbol_font: bool = False
    style_id: str = ""  # w:pStyle: the paragraph style that is this level


def _val(element: etree._Element | None, path: str, default: str | None = None) -> str | None:
    found = element.find(path, _NS) if element is not None else None
    value = found.get(_VAL) if found is not None else None
    return default if value is None else value


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return min(max(value, low), high)


def _level(element: etree._Element) -> _Level:
    fonts = element.find("w:rPr/w:rFonts", _NS)
    font_names = " ".join(value for value in (fonts.attrib.values() if fonts is not None else [])).lower()
    legal = element.find("w:isLgl", _NS)
    return _Level(number_format=_val(element, "w:numFmt", "decimal") or "decimal",
                  pattern=(_val(element, "w:lvlText", "") or "")[:_MAX_PATTERN_CHARS],
                  start=_int(_val(element, "w:start"), 0, 0, _MAX_START),
                  suffix=_val(element, "w:suff", "tab") or "tab",
                  legal=legal is not None and legal.get(_VAL, "1") not in ("0", "false"),
                  symbol_font=any(name in font_names for name in _SYMBOL_FONTS),
                  style_id=_val(element, "w:pStyle", "") or "")


# ---------------------------------------------------------------- number formats


def _chinese_counting(number: int, digits: str = _CHINESE_DIGITS, ten: str = "十") -> str | None:
    """一 … 十, 十一 … 九十九 (None from 100: a list that long is shown in decimal)."""
    if number < 10:
        return digits[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[units] if units else "")
    return None


def _roman(number: int) -> str | None:
    if not 0 < number < 4000:
        return None
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


def _letter(number: int) -> str | None:
    """a … z, then aa … zz as Word repeats the letter (None past 26 × 30)."""
    if not 0 < number <= 26 * 30:
        return None
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _sequence(number: int, characters: str) -> str | None:
    return characters[number - 1] if 0 < number <= len(characters) else None


def _enclosed(number: int, first: int, count: int) -> str | None:
    return chr(first + number - 1) if 0 < number <= count else None


_FORMATS = {
    "decimalZero": lambda n: f"{n:02d}" if n < 10 else None,
    "upperRoman": _roman,
    "lowerRoman": lambda n: (_roman(n) or "").lower() or None,
    "upperLetter": lambda n: (_letter(n) or "").upper() or None,
    "lowerLetter": _letter,
    "chineseCounting": _chinese_counting,
    "chineseCountingThousand": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "taiwaneseCountingThousand": _chinese_counting,
    "japaneseCounting": _chinese_counting,
    "ideographDigital": lambda n: "".join(_CHINESE_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _chinese_counting(n, _CHINESE_LEGAL_DIGITS, "拾"),
    "ideographTraditional": lambda n: _sequence(n, _HEAVENLY_STEMS),
    "ideographZodiac": lambda n: _sequence(n, _EARTHLY_BRANCHES),
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 20),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460, 20),
    "ideographEnclosedCircle": lambda n: _enclosed(n, 0x3280, 10),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20),
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "none": lambda n: "",
}


def format_number(number: int, number_format: str) -> str:
    """``number`` as Word writes it in ``number_format`` (decimal for formats not listed and
    numbers a format has no character for)."""
    formatter = _FORMATS.get(number_format)
    text = formatter(number) if formatter is not None else None
    return str(number) if text is None else text


# ---------------------------------------------------------------- counting


def _num_pr(element: etree._Element | None) -> tuple[str | None, int | None]:
    """The ``w:numId`` and ``w:ilvl`` a paragraph or style element sets (None: not set)."""
    num_pr = element.find("w:pPr/w:numPr", _NS) if element is not None else None
    if num_pr is None:
        return None, None
    level = _val(num_pr, "w:ilvl")
    return _val(num_pr, "w:numId"), None if level is None else _int(level, 0, 0, _LEVELS - 1)


def _list_membership(element: etree._Element, style) -> tuple[str | None, int | None, str]:
    """A paragraph's instance and level, from its ``w:p`` element or its python-docx style's
    ``basedOn`` chain, and its style's id (a level may be linked to the style)."""
    num_id, level = _num_pr(element)
    style_id = style.style_id if style is not None else ""
    for _ in range(_MAX_STYLE_DEPTH):
        if style is None or (num_id is not None and level is not None):
            break
        style_num_id, style_level = _num_pr(style.element)
        num_id = num_id if num_id is not None else style_num_id
        level = level if level is not None else style_level
        style = style.base_style
    return num_id, level, style_id


class ListLabels:
    """Counts a document's list items in order and gives each its label."""

    def __init__(self, numbering: etree._Element | None) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        #: Each instance: its abstract definition and the levels it restarts (level: start).
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._read(numbering)

    @classmethod
    def of_document(cls, document) -> ListLabels:
        """The lists of a python-docx document (none when it has no numbering part)."""
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            part = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
        except KeyError:
            return cls(None)
        return cls(getattr(part, "element", None))

    def _read(self, numbering: etree._Element) -> None:
        for abstract in numbering.findall("w:abstractNum", _NS):
            levels = {_int(lvl.get(f"{{{_W}}}ilvl"), 0, 0, _LEVELS - 1): _level(lvl)
                      for lvl in abstract.findall("w:lvl", _NS)}
            self.abstracts[abstract.get(f"{{{_W}}}abstractNumId", "")] = levels
        for num in numbering.findall("w:num", _NS):
            overrides = {_int(override.get(f"{{{_W}}}ilvl"), 0, 0, _LEVELS - 1):
                         _int(_val(override, "w:startOverride"), 0, 0, _MAX_START)
                         for override in num.findall("w:lvlOverride", _NS)
                         if override.find("w:startOverride", _NS) is not None}
            self.instances[num.get(f"{{{_W}}}numId", "")] = (_val(num, "w:abstractNumId", "") or "", overrides)

    def paragraph_label(self, element: etree._Element, style) -> str:
        """Count a paragraph (its ``w:p`` element and python-docx style) if it is a list item;
        its label and what follows the label ("" for a paragraph that is no list item)."""
        num_id, level_index, style_id = _list_membership(element, style)
        if num_id is None or num_id not in self.instances:  # numId 0 (no list) is no instance
            return ""
        abstract_id, overrides = self.instances[num_id]
        levels = self.abstracts.get(abstract_id, {})
        if level_index is None:  # a style's list: the level linked to the style, else the first
            level_index = next((index for index, level in levels.items() if level.style_id == style_id), 0)
        if level_index not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * _LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for index, start in overrides.items():
                counters[index] = start - 1
        current = counters[level_index]
        counters[level_index] = levels[level_index].start if current is None else current + 1
        counters[level_index + 1:] = [None] * (_LEVELS - level_index - 1)
        label = _label_text(levels, level_index, counters)
        return label + _separator(levels[level_index].suffix, label)


def _label_text(levels: dict[int, _Level], level_index: int, counters: list[int | None]) -> str:
    """The level's pattern with each %N replaced by level N's number in its format."""
    level = levels[level_index]
    if level.number_format == "bullet":
        return _bullet(level)

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        referenced = levels.get(index, _Level())
        count = counters[index]
        value = referenced.start if count is None else count
        return format_number(value, "decimal" if level.legal else referenced.number_format)

    return _LEVEL_REFERENCE.sub(number, level.pattern)


def _bullet(level: _Level) -> str:
    """A bullet level's character; one drawn from a symbol font, from the private-use area or
    a Latin letter in a font (Courier New's o) is •."""
    text = level.pattern.strip()
    if not text or level.symbol_font or text.isascii() or any(0xE000 <= ord(char) <= 0xF8FF for char in text):
        return BULLET
    return text


def _separator(suffix: str, label: str) -> str:
    """What follows a label: nothing when Word puts nothing or the label ends in a wide
    character (一、 （一）), else one space (1. •)."""
    if not label or suffix == "nothing" or is_wide(label[-1]):
        return ""
    return " "
