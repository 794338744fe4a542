"""Text a colleague types into the DOCX is set in the embedded face (issue #11).

The embedded regular faces carry GB 2312 level 1 besides the characters the
issue uses, so a common character typed in Word or WPS — here inserted with
python-docx — is drawn by LibreOffice in the face the file embeds, on a
machine that has no Chinese font at all (fontconfig without the bundled
fonts, as in ``test_docx_export``). Checked in LibreOffice's PDF: the font
pdfplumber reports for the character, and its rendered shape against the
face's own glyph and the face's empty box (.notdef), drawn by Pillow.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageDraw, ImageFont

from bench.bench_docx import insert_word
from editor import FONTS_DIR, SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.engine import layout_document
from editor.render.docx import write_docx
from tests.fontconfig_env import convert_all, libreoffice_env
from tests.test_docx_export import _need_libreoffice

pytestmark = pytest.mark.slow

#: GB 2312 0xB0A1, the first character of level 1; the sample does not use it.
TYPED = "啊"
#: The lead article's body (要闻正文) is set in Noto Serif SC, regular.
FACE = FONTS_DIR / "NotoSerifSC-Regular.ttf"
#: Rendering scale for the shape comparison (288 dpi).
SCALE = 4.0
#: Top of the em box above the baseline (Noto SC's typographic ascender: 880/1000).
EM_TOP = 0.88


def _ink(image: Image.Image) -> set[tuple[int, int]]:
    grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()
    return {(i, j) for i in range(width) for j in range(height) if pixels[i, j] < 128}


def _overlap(a: set, b: set) -> float:
    """Intersection over union of two sets of inked pixels."""
    return len(a & b) / len(a | b) if a | b else 0.0


def _reference(ch: str, size_px: int) -> set[tuple[int, int]]:
    """The face's own glyph for ``ch`` (its .notdef box if it has none), on an em square."""
    image = Image.new("L", (size_px, size_px), 255)
    font = ImageFont.truetype(str(FACE), size_px)
    ImageDraw.Draw(image).text((0, round(EM_TOP * size_px)), ch, font=font, fill=0, anchor="ls")
    return _ink(image)


def _drawn(pdf: Path, ch: str) -> tuple[str, set[tuple[int, int]], int]:
    """(font name, inked pixels of its em box, em in pixels) of the one ``ch`` LibreOffice drew."""
    import pypdfium2

    with pdfplumber.open(pdf) as document:
        found = [(number, c, float(page.height)) for number, page in enumerate(document.pages)
                 for c in page.chars if c["text"] == ch]
    assert len(found) == 1, f"{ch} drawn {len(found)} times"
    number, char, page_height = found[0]
    size = float(char["size"])
    baseline = page_height - float(char["matrix"][5])
    size_px = round(size * SCALE)
    left, top = round(float(char["x0"]) * SCALE), round((baseline - EM_TOP * size) * SCALE)
    rendering = pypdfium2.PdfDocument(str(pdf))
    try:
        page = rendering[number].render(scale=SCALE).to_pil()
    finally:
        rendering.close()
    crop = page.crop((left, top, left + size_px, top + size_px))
    return char["fontname"].split("+", 1)[-1], _ink(crop), size_px


def test_a_gb2312_level1_character_typed_into_the_docx_renders_in_the_embedded_face(tmp_path):
    _need_libreoffice()
    assert TYPED.encode("gb2312") == b"\xb0\xa1"
    doc = load_project(SAMPLE_PROJECT)
    layout = layout_document(doc)
    assert TYPED not in "".join(p.plain_text() for story in doc.stories.values() for p in story.paragraphs)
    exported, typed = tmp_path / "样刊.docx", tmp_path / "样刊-打字.docx"
    write_docx(doc, layout, exported)
    assert insert_word(exported, typed, word=TYPED) == 2  # the lead's head box and its VML twin
    (pdf,) = convert_all([typed], tmp_path / "pdf", libreoffice_env(tmp_path, font_dirs=[]))
    font_name, ink, size_px = _drawn(pdf, TYPED)
    assert font_name == "NotoSerifSC-Regular"  # the embedded face, not a substitute
    glyph, box = _reference(TYPED, size_px), _reference("\ue000", size_px)  # U+E000: not in the face
    assert box and glyph != box
    # Its shape is the face's 啊, not the face's empty box.
    assert _overlap(ink, glyph) >= 0.5 and _overlap(ink, glyph) > 2 * _overlap(ink, box), (
        _overlap(ink, glyph), _overlap(ink, box))
