"""Documents built to trip one preflight check each (and tiny fonts for the font checks)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.misc.psCharStrings import T2CharString
from fontTools.pens.ttGlyphPen import TTGlyphPen
from PIL import Image

from editor.model import Document, ImageFrame, Page, Paragraph, ParagraphStyle, Run, ShapeFrame, Story, TextFrame
from tests.docbuilders import one_frame_doc

#: A short article: fits its frame, clear of the trim.
SHORT_TEXT = "中铝股份召开党建工作会议。"
LONG_NAME = "长篇通讯"
#: Glyphs a tiny font has besides its characters' (unmapped squares).
GLYPHS_AT_LEAST = 300


def clean_doc() -> Document:
    """One page, one frame with a short article: no finding at all."""
    return one_frame_doc([SHORT_TEXT], height_pt=100.0)


def overset_doc() -> Document:
    """《长篇通讯》 threaded from a frame on page 1 into a frame on page 2, with text left over."""
    doc = one_frame_doc(["党建引领，改革发展。" * 8] * 3, height_pt=60.0)
    doc.stories["s"].name = LONG_NAME
    first = doc.pages[0].frames[0]
    assert isinstance(first, TextFrame)
    doc.pages[0].frames[0] = dataclasses.replace(first, next_frame_id="f2")
    doc.pages.append(Page(id="p2", frames=[dataclasses.replace(first, id="f2", y_pt=300.0)]))
    return doc


def with_frames(doc: Document, *frames, page: int = 0) -> Document:
    """``doc`` with ``frames`` added on top of page ``page`` (0-based)."""
    doc.pages[page].frames.extend(frames)
    return doc


def jpeg(width_px: int, height_px: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width_px, height_px), (90, 140, 200)).save(out, format="JPEG", quality=80)
    return out.getvalue()


def photo_frame(frame_id: str = "photo", asset: str | None = "photo.jpg", x_pt: float = 300.0,
                y_pt: float = 300.0, width_pt: float = 144.0, height_pt: float = 108.0) -> ImageFrame:
    return ImageFrame(id=frame_id, asset=asset, source_name="会场.jpg", x_pt=x_pt, y_pt=y_pt, width_pt=width_pt,
                      height_pt=height_pt)


def photo_doc(data: bytes | None, **frame_fields) -> Document:
    """The clean document with one photo (``data`` as ``photo.jpg``; None: the file is not in the project)."""
    doc = with_frames(clean_doc(), photo_frame(**frame_fields))
    if data is not None:
        doc.assets["photo.jpg"] = data
    return doc


def box(frame_id: str = "box", **fields) -> ShapeFrame:
    values = {"x_pt": 300.0, "y_pt": 300.0, "width_pt": 100.0, "height_pt": 50.0, "fill": "#C8161D", **fields}
    return ShapeFrame(id=frame_id, **values)


def empty_text_frame_doc() -> Document:
    """The clean document and a second text frame whose story has no text."""
    doc = clean_doc()
    doc.stories["empty"] = Story(id="empty", paragraphs=[Paragraph(style="正文", runs=[Run(text="")])])
    return with_frames(doc, TextFrame(id="blank", story_id="empty", x_pt=300.0, y_pt=400.0, width_pt=200.0,
                                      height_pt=100.0))


def doc_in_family(family: str) -> Document:
    """The clean document, its body style set in ``family``."""
    style = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0, font_family=family)
    return one_frame_doc([SHORT_TEXT], height_pt=100.0, style=style)


def _box_glyph() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 800))
    pen.lineTo((950, 800))
    pen.lineTo((950, 0))
    pen.closePath()
    return pen.glyph()


def tiny_font(path: Path, family: str, text: str = SHORT_TEXT, fs_type: int = 0, cff: bool = False,
              broken: str = "") -> Path:
    """A font named ``family`` with a square glyph for each character of ``text`` (TrueType, or CFF);
    the CFF glyphs of the characters in ``broken`` cannot be drawn (they call a subroutine the font
    does not have)."""
    chars = sorted(set(text))
    # Past 255 glyphs, as every CJK font: ReportLab embeds a smaller font whole, whatever its fsType says.
    padding = [f"glyph{index}" for index in range(GLYPHS_AT_LEAST)]
    names = [".notdef"] + [f"uni{ord(char):04X}" for char in chars] + padding
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(names)
    # strict=False: the names go on past the characters (the padding glyphs).
    builder.setupCharacterMap({ord(char): name for char, name in zip(chars, names[1:], strict=False)})
    if cff:
        square = [50, 0, "rmoveto", 900, 0, "rlineto", 0, 800, "rlineto", -900, 0, "rlineto", "endchar"]
        programs = {name: square for name in names}
        programs.update({f"uni{ord(char):04X}": [5, "callsubr", "endchar"] for char in broken})
        strings = {name: T2CharString(program=list(program)) for name, program in programs.items()}
        builder.setupCFF(path.stem, {"FullName": path.stem}, strings, {})
    else:
        builder.setupGlyf({name: _box_glyph() for name in names})
    builder.setupHorizontalMetrics({name: (1000, 50) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular", "psName": path.stem})
    builder.setupOS2(fsType=fs_type, sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120,
                     ulCodePageRange1=1 << 18)
    builder.setupPost()
    builder.font.recalcBBoxes = not broken  # the bounds of a broken outline cannot be computed
    builder.save(str(path))
    return path
