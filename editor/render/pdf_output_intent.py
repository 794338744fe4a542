"""A PDF/X-4-style output intent: the print PDF says its colours are sRGB.

Our PDFs draw every colour as DeviceRGB (photos are RGB JPEGs, text and
rules RGB), except the crop marks (registration CMYK) and, in the print
preset, pure black (100 % K, ``pdf_colour``). A print shop's RIP reads the catalog's
``/OutputIntents`` to know what those numbers mean; without one it guesses.
ReportLab writes no output intent and its catalog writes only the keys it
knows, so the entry is added as low-level PDF objects: an ``OutputIntent``
dictionary (``/S /GTS_PDFX``) whose ``DestOutputProfile`` is an sRGB ICC
profile made by Little CMS through Pillow, its creation date fixed so the
same document still gives the same bytes. This is the intent only: the file
carries no XMP ``pdfxid`` and does not claim PDF/X conformance.
"""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfdoc import PDFArray, PDFCatalog, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

#: How the output condition is named in the intent (the ICC registry's name for sRGB).
SRGB_CONDITION = "sRGB IEC61966-2.1"
#: The ICC header's creation date (bytes 24–35): six big-endian 16-bit numbers, here 2026-01-01 00:00:00.
_FIXED_DATE = bytes.fromhex("07ea00010001000000000000")


@functools.cache
def srgb_profile() -> bytes | None:
    """An sRGB ICC profile (about 600 bytes), or None when this Pillow has no Little CMS."""
    try:
        from PIL import ImageCms
    except ImportError:
        return None
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile[:24] + _FIXED_DATE + profile[36:]


def add_srgb_output_intent(canvas: Canvas) -> bool:
    """Give the PDF's catalog an sRGB output intent; False when no profile could be made."""
    profile = srgb_profile()
    if profile is None:
        return False
    document = canvas._doc
    stream = PDFStream(PDFDictionary({"N": 3}), profile)
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(SRGB_CONDITION),
        "Info": PDFString(SRGB_CONDITION),
        "DestOutputProfile": document.Reference(stream),
    })
    canvas.setCatalogEntry("OutputIntents", PDFArray([intent]))
    # PDFCatalog.format writes only the keys it lists: this catalog lists one more.
    document.Catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]
    return True
