"""—— in Word as the PDF draws it: one continuous rule two ems long.

A CJK face draws U+2014 narrower than an em (Noto Serif SC: 0.89 em, its
ink a little less), so two of them side by side leave a gap. Our composer
stretches each half of a —— pair horizontally until its ink spans exactly
one em (``GlyphRun.hscale``) and gives it a one-em box, so the pair reads
as one 2-em line. Word has the same two tools: character scale (``w:w``, in
whole percent) and character spacing (``w:spacing``). The scale is rounded
up, so the halves overlap by a hair rather than leave a gap, and the
spacing brings each half's advance back to exactly one em — the width the
layout gave it, so lines break where ours do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.fontmetrics import load_face

#: Character position: (story, paragraph, offset in the paragraph).
CharKey = tuple[str, int, int]


@dataclass(frozen=True)
class DashScale:
    """How Word sets one stretched half of a —— pair."""

    #: ``w:w``: horizontal scale in whole percent.
    width_percent: int
    #: Added to the run's character spacing so the half advances exactly one em.
    spacing_pt: float


def dash_scale(hscale: float, advance_em: float, size_pt: float) -> DashScale:
    """The Word scale and spacing for a glyph the layout stretched by ``hscale`` into a one-em box."""
    percent = math.ceil(hscale * 100.0 - 1e-9)
    return DashScale(percent, size_pt * (1.0 - advance_em * percent / 100.0))


def stretched_dashes(layout: DocumentLayout) -> dict[CharKey, DashScale]:
    """Every character the layout drew stretched (the halves of —— pairs), by position."""
    found: dict[CharKey, DashScale] = {}
    for page in layout.pages:
        for item in page.items:
            if not isinstance(item, GlyphRun) or item.hscale == 1.0:
                continue
            face = load_face(item.font)
            for ch, offset in zip(item.text, item.char_offsets, strict=True):
                glyph = face.glyph(ch)
                if glyph is not None:
                    found[(item.story_id, item.paragraph_index, offset)] = dash_scale(item.hscale, glyph[1],
                                                                                      item.size_pt)
    return found
