"""Lines our engine squeezed, handed on to Word as character spacing.

To keep a character on a line rather than push it down (先挤进，后推出), the
composer squeezes a line's punctuation until it fits: a 17-em column then
holds 18 characters. Word and LibreOffice do not squeeze like that
(LibreOffice compresses almost nothing), so such a line would not fit
there: the paragraph grows by a line and a full box hides its last line.
The layout's decision is carried over as a slightly condensed character
spacing on exactly those lines — just enough for their natural width to
fit the span — so other renderers break where we did. Justification then
spreads the line to the full width again, so nothing looks condensed.

The natural width is measured as the composer measures it: advances from
the same faces, a stretched —— half as the one em the layout gave it (and
Word gives it, see ``dashes``), and the ¼ em Han–Western space between
exactly the characters the composer puts it between (``chars.CHAR_FLAGS``:
Han beside a Western letter or digit — not beside quotes, ``+`` or other
marks, which would condense lines with quotes far too much).
"""

from __future__ import annotations

import math

from editor.layout import chars as cc
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.fontmetrics import load_face

#: Condensing per character: (start offset, end offset, points) of a paragraph's squeezed lines.
Condensing = dict[tuple[str, int], list[tuple[int, int, float]]]

#: Word's unit for character spacing is 1/20 pt; a little extra keeps rounding on the safe side.
_STEP_PT = 0.05


#: Space Word and LibreOffice add between Han and Western characters (``w:autoSpaceDE``/``DN``),
#: in em: LibreOffice adds about 0.2 em, our composer ¼ em; the larger is the safe guess.
_HAN_WESTERN_EM = 0.25


def _natural_widths(layout: DocumentLayout) -> dict[tuple[str, int, int], tuple[float, float, str]]:
    """(story, paragraph, offset) → (natural advance, font size, character(s))."""
    widths: dict[tuple[str, int, int], tuple[float, float, str]] = {}
    for page in layout.pages:
        for item in page.items:
            if not isinstance(item, GlyphRun):
                continue
            face = load_face(item.font)
            for ch, offset in zip(item.text, item.char_offsets):
                glyph = face.glyph(ch)
                if item.hscale != 1.0:
                    advance = item.size_pt  # a —— half, set in a one-em box (``dashes``)
                else:
                    advance = (glyph[1] if glyph else 1.0) * item.size_pt
                key = (item.story_id, item.paragraph_index, offset)
                natural, _size, text = widths.get(key, (0.0, 0.0, ""))
                # A field is one offset drawn as several glyphs: add them up.
                widths[key] = (natural + advance, item.size_pt, text + ch)
    return widths


def han_western_space(before: str, after: str) -> bool:
    """Whether the composer puts the ¼ em Han–Western space between two characters (as ``textprep`` does)."""
    a, b = cc.CHAR_FLAGS[before], cc.CHAR_FLAGS[after]
    return bool((a & cc.FLAG_HAN and b & cc.FLAG_WESTERN) or (a & cc.FLAG_WESTERN and b & cc.FLAG_HAN))


def _han_western_gaps(glyphs: list[tuple[float, float, str]]) -> float:
    """The automatic space between Han and Western characters along a line, in points."""
    text = "".join(g[2] for g in glyphs)
    sizes = [g[1] for g in glyphs for _ in g[2]]
    total = 0.0
    for k in range(len(text) - 1):
        if han_western_space(text[k], text[k + 1]):
            total += _HAN_WESTERN_EM * sizes[k]
    return total


def line_condensing(layout: DocumentLayout, letter_spacing_pt: dict[tuple[str, int], float]) -> Condensing:
    """Condensing for every line whose characters, set naturally, are wider than its span.

    ``letter_spacing_pt`` is each paragraph's letter spacing (Word adds it after every character).
    """
    widths = _natural_widths(layout)
    condensing: Condensing = {}
    for page in layout.pages:
        for line in page.lines:
            key = (line.story_id, line.paragraph_index)
            glyphs = [widths[k] for offset in range(line.start_offset, line.end_offset)
                      if (k := (line.story_id, line.paragraph_index, offset)) in widths]
            if len(glyphs) < 2:
                continue
            spacing = letter_spacing_pt.get(key, 0.0)
            # Counted at full width, a mark at the line end included: LibreOffice neither halves
            # nor reliably hangs it.
            natural = sum(g[0] + spacing for g in glyphs) + _han_western_gaps(glyphs)
            excess = natural - (line.right_pt - line.left_pt)
            if excess <= 0:
                continue
            per_char = math.ceil(excess / (len(glyphs) - 1) / _STEP_PT) * _STEP_PT + _STEP_PT
            condensing.setdefault(key, []).append((line.start_offset, line.end_offset, per_char))
    return condensing
