"""Line-by-line agreement between our PDF and LibreOffice's rendering of our DOCX.

Each line our layout sets (a ``LineBox``: page, text box, column span, baseline) is a band on
its page. The characters of our PDF inside that band are our line; the characters of
LibreOffice's PDF inside the same band are LibreOffice's. The line agrees when the two texts are
equal (spaces ignored): same first and last character, nothing pushed down or pulled up. This
is what "breaks where the PDF breaks" means for a reader comparing the two, box by box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from editor.layout.display import DocumentLayout
from tests.pdfcheck import PdfChar, pdf_chars

#: LibreOffice's baseline may sit this share of the line's height away from ours (it sits a few
#: points lower in some boxes) and still be the same line; the nearest baseline wins.
BASELINE_TOLERANCE = 0.45
#: Characters on one baseline differ by less than this (points).
SAME_BASELINE_PT = 1.0
#: Characters whose left edge is this far outside the column still belong to it (a squeezed mark).
EDGE_TOLERANCE_PT = 2.0


@dataclass
class LineAgreement:
    """How many of our lines LibreOffice set with the same text."""

    total: int = 0
    agreeing: int = 0
    #: (page number, frame id, our text, LibreOffice's text) of each line that differs.
    differing: list[tuple[int, str, str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.agreeing / self.total if self.total else 1.0

    def report(self, most: int = 8) -> str:
        lines = [f"{self.agreeing} of {self.total} lines agree ({self.share:.1%})"]
        lines += [f"  p{page} {frame}: ours “{ours}” / LibreOffice “{theirs}”"
                  for page, frame, ours, theirs in self.differing[:most]]
        return "\n".join(lines)


def _band_text(chars: list[PdfChar], baseline_pt: float, height_pt: float, left_pt: float, right_pt: float) -> str:
    """The text on the baseline nearest ``baseline_pt`` (within the tolerance) inside the span."""
    reach = BASELINE_TOLERANCE * height_pt
    inside = [c for c in chars if abs(c.baseline - baseline_pt) <= reach
              and left_pt - EDGE_TOLERANCE_PT <= c.x0 < right_pt + EDGE_TOLERANCE_PT]
    if not inside:
        return ""
    nearest = min(inside, key=lambda c: abs(c.baseline - baseline_pt)).baseline
    on_line = [c for c in inside if abs(c.baseline - nearest) < SAME_BASELINE_PT]
    return "".join(c.text for c in sorted(on_line, key=lambda c: c.x0))


def line_agreement(layout: DocumentLayout, our_pdf: Path, their_pdf: Path) -> LineAgreement:
    """Compare every line of ``layout`` as drawn in ``our_pdf`` and in ``their_pdf``."""
    _, ours = pdf_chars(our_pdf)
    _, theirs = pdf_chars(their_pdf)
    result = LineAgreement()
    for page_index, page in enumerate(layout.pages):
        if page_index >= len(ours):
            break
        their_chars = theirs[page_index] if page_index < len(theirs) else []
        for line in page.lines:
            our_text = _band_text(ours[page_index], line.baseline_pt, line.height_pt, line.left_pt, line.right_pt)
            if not our_text:
                continue  # a line of spaces only
            their_text = _band_text(their_chars, line.baseline_pt, line.height_pt, line.left_pt, line.right_pt)
            result.total += 1
            if our_text == their_text:
                result.agreeing += 1
            else:
                result.differing.append((page_index + 1, line.frame_id, our_text, their_text))
    return result
