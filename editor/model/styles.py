"""Paragraph and character styles, and colour values.

A colour value is either ``#RRGGBB`` or the name of a swatch in
``Document.colors`` (for example ``"党建红"``), so that changing a swatch
recolours everything that uses it, as in InDesign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from editor.model.limits import (
    FONT_SIZE_PT,
    INDENT_CHARS,
    LEADING_PT,
    LENGTH_PT,
    LETTER_SPACING_EM,
    NAME_TEXT,
    POSITION_PT,
    limit,
)

Alignment = Literal["left", "center", "right", "justify"]
KinsokuLevel = Literal["none", "basic", "gb", "strict"]
#: How an opening mark (“ （ 《 「) that starts a line is set: its full em (most Chinese
#: publications) or only its inked half, flush with the column edge.
LineStartMarks = Literal["full", "half"]

HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")  # use fullmatch

#: Default font families: the bundled open fonts (see ``fonts/``).
SERIF_FAMILY = "Noto Serif SC"
SANS_FAMILY = "Noto Sans SC"


def hex_to_rgb(value: str) -> tuple[float, float, float]:
    """``#RRGGBB`` to an (r, g, b) triple of floats in 0..1."""
    return (int(value[1:3], 16) / 255.0, int(value[3:5], 16) / 255.0, int(value[5:7], 16) / 255.0)


@dataclass(kw_only=True)
class ParagraphStyle:
    """How a paragraph is set: font, size, fixed leading, alignment, spacing.

    Leading is fixed (line pitch in points), as in Chinese print practice and
    Word's "固定值" line spacing; that keeps columns on a common grid.
    """

    name: str = limit(NAME_TEXT)
    font_family: str = limit(NAME_TEXT, default=SERIF_FAMILY)
    bold: bool = False
    size_pt: float = limit(FONT_SIZE_PT, default=10.5)
    leading_pt: float = limit(LEADING_PT, default=18.0)
    color: str = limit(NAME_TEXT, default="#000000")
    alignment: Alignment = "justify"
    first_line_indent_chars: float = limit(INDENT_CHARS, default=2.0)
    left_indent_pt: float = limit(POSITION_PT, default=0.0)
    right_indent_pt: float = limit(POSITION_PT, default=0.0)
    space_before_pt: float = limit(LENGTH_PT, default=0.0)
    space_after_pt: float = limit(LENGTH_PT, default=0.0)
    letter_spacing_em: float = limit(LETTER_SPACING_EM, default=0.0)
    keep_with_next: bool = False
    kinsoku: KinsokuLevel = "basic"
    line_start_marks: LineStartMarks = "full"
    compress_punctuation: bool = True
    avoid_single_char_last_line: bool = True


@dataclass(kw_only=True)
class CharacterStyle:
    """Overrides for a run of characters; ``None`` keeps the paragraph's value."""

    name: str = limit(NAME_TEXT)
    font_family: str | None = limit(NAME_TEXT, default=None)
    bold: bool | None = None
    size_pt: float | None = limit(FONT_SIZE_PT, default=None)
    color: str | None = limit(NAME_TEXT, default=None)
