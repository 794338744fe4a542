"""ReportLab's parsed fonts are cached per machine and never give wrong glyphs (issue #12).

A damaged cache entry, or a font replaced by another of the same name, must
never put wrong glyphs into the PDF: the entry is rebuilt. The oracle is the
font file itself, read with fontTools: every character's outline in the PDF's
embedded subset must be that file's outline for the character (ReportLab
copies glyph data verbatim into subsets), and pdfplumber must read the text
back. "A new process" is simulated by emptying the in-process registry.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFace
from reportlab.pdfgen.canvas import Canvas

from editor import FONTS_DIR
from editor.layout.engine import layout_document
from editor.layout.fontmetrics import FontRef
from editor.render import pdf_font_cache, pdf_fonts
from editor.render.pdf import PdfOptions, write_pdf
from tests.docbuilders import one_frame_doc

TEXT = "永和九年岁在癸丑暮春之初会于会稽山阴之兰亭"
SANS = Path(FONTS_DIR) / "NotoSansSC-Regular.ttf"
SANS_BOLD = Path(FONTS_DIR) / "NotoSansSC-Bold.ttf"
SERIF = Path(FONTS_DIR) / "NotoSerifSC-Regular.ttf"


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    """An empty font cache and an empty in-process registry, as in a new process."""
    folder = tmp_path / "缓存"
    monkeypatch.setattr(pdf_fonts, "face_cache_folder", lambda: folder)
    monkeypatch.setattr(pdf_fonts, "_registered", {})
    return folder


def _new_process(monkeypatch) -> None:
    monkeypatch.setattr(pdf_fonts, "_registered", {})


def _outline(font: FontToolsFont, glyph_name: str) -> tuple:
    glyf = font["glyf"]
    coordinates, ends, flags = glyf[glyph_name].getCoordinates(glyf)
    return tuple(coordinates), tuple(ends), bytes(flags)


def _source_outlines(path: Path, text: str) -> set[tuple]:
    """The outlines of ``text``'s characters as the font file itself has them."""
    font = FontToolsFont(str(path))
    cmap = font.getBestCmap()
    return {_outline(font, cmap[ord(ch)]) for ch in text}


def _embedded_outlines(pdf_path: Path) -> set[tuple]:
    """Every outline in every font subset embedded in the PDF."""
    outlines: set[tuple] = set()
    for font_ref in PdfReader(pdf_path).pages[0]["/Resources"]["/Font"].values():
        descriptor = font_ref.get_object().get("/FontDescriptor")
        if descriptor is None:
            continue
        data = descriptor.get_object()["/FontFile2"].get_object().get_data()
        subset = FontToolsFont(io.BytesIO(data))
        outlines.update(_outline(subset, name) for name in subset.getGlyphOrder()[1:])
    return outlines


def _pdf_text(pdf_path: Path) -> str:
    with pdfplumber.open(pdf_path) as pdf:
        return "".join(c["text"] for c in pdf.pages[0].chars if not c["text"].isspace())


def _draw(font_path: Path, target: Path, text: str = TEXT) -> None:
    """A one-line PDF of ``text`` in the font at ``font_path``, through the PDF export's registration."""
    name = pdf_fonts.register_font(FontRef(str(font_path), 0), "TestFace", text)
    canvas = Canvas(str(target), initialFontName=name)
    canvas.setFont(name, 20)
    canvas.drawString(40, 700, text)
    canvas.save()


def _assert_glyphs_of(font_path: Path, pdf_path: Path, text: str = TEXT) -> None:
    assert _pdf_text(pdf_path) == text
    assert _source_outlines(font_path, text) <= _embedded_outlines(pdf_path)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.face"))


def _export_sample_text(target: Path) -> None:
    doc = one_frame_doc([TEXT])
    write_pdf(doc, layout_document(doc), target, PdfOptions(invariant=True))


def _corrupt(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    if how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "byte flipped":
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x5A]) + data[middle + 1:])
    elif how == "empty":
        entry.write_bytes(b"")
    else:  # another font's entry under this font's name
        entry.write_bytes(how.encode("utf-8") * 1000)


@pytest.mark.parametrize("how", ["truncated", "byte flipped", "empty", "garbage"])
def test_a_damaged_cache_entry_is_rebuilt_and_the_export_keeps_its_glyphs(cache_folder, tmp_path, monkeypatch, how):
    first = tmp_path / "first.pdf"
    _export_sample_text(first)
    entries = _entries(cache_folder)
    assert len(entries) == 1  # the sample text is in the bundled serif
    font_path = FONTS_DIR / "NotoSerifSC-Regular.ttf"
    _assert_glyphs_of(font_path, first)
    sound = entries[0].read_bytes()

    _corrupt(entries[0], how)
    damaged = entries[0].read_bytes()
    _new_process(monkeypatch)
    second = tmp_path / "second.pdf"
    _export_sample_text(second)

    _assert_glyphs_of(font_path, second)
    assert second.read_bytes() == first.read_bytes()
    rewritten = entries[0].read_bytes()
    assert rewritten != damaged and len(rewritten) == len(sound)


def test_a_rebuilt_entry_serves_the_next_process_without_parsing(cache_folder, tmp_path, monkeypatch):
    first = tmp_path / "first.pdf"
    _export_sample_text(first)
    _corrupt(_entries(cache_folder)[0], "truncated")
    _new_process(monkeypatch)
    _export_sample_text(tmp_path / "rebuilt.pdf")

    def no_parsing(*args, **kwargs):
        raise AssertionError("a cached face was parsed again")

    monkeypatch.setattr(TTFontFace, "__init__", no_parsing)
    _new_process(monkeypatch)
    third = tmp_path / "third.pdf"
    _export_sample_text(third)
    assert third.read_bytes() == first.read_bytes()


def test_a_second_export_in_the_same_process_reads_no_font_and_makes_no_subset(cache_folder, tmp_path, monkeypatch):
    first = tmp_path / "first.pdf"
    _export_sample_text(first)

    def no_loading(*args, **kwargs):
        raise AssertionError("the font was read or subset again in the same process")

    monkeypatch.setattr(pdf_fonts, "load_ttfont", no_loading)
    monkeypatch.setattr(TTFontFace, "makeSubset", no_loading)
    second = tmp_path / "second.pdf"
    _export_sample_text(second)
    assert second.read_bytes() == first.read_bytes()


def test_a_font_replaced_by_another_of_the_same_name_gives_the_new_fonts_glyphs(cache_folder, tmp_path, monkeypatch):
    fonts = tmp_path / "字体"
    fonts.mkdir()
    face = fonts / "宋体.ttf"
    shutil.copyfile(SANS, face)
    _draw(face, tmp_path / "before.pdf")
    _assert_glyphs_of(SANS, tmp_path / "before.pdf")

    shutil.copyfile(SERIF, face)
    _new_process(monkeypatch)
    _draw(face, tmp_path / "after.pdf")

    _assert_glyphs_of(SERIF, tmp_path / "after.pdf")
    assert not _source_outlines(SANS, TEXT) & _embedded_outlines(tmp_path / "after.pdf")
    assert len(_entries(cache_folder)) == 2


def _same_size_and_time_replacement(face: Path, replacement: Path) -> None:
    """Put ``replacement`` at ``face`` with ``face``'s size (zeros after the tables) and modification time."""
    before = face.stat()
    data = replacement.read_bytes()
    assert len(data) <= before.st_size
    face.write_bytes(data + bytes(before.st_size - len(data)))
    os.utime(face, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = face.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_replacement_with_the_same_size_and_time_is_found_by_its_content(cache_folder, tmp_path, monkeypatch):
    face = tmp_path / "黑体.ttf"
    shutil.copyfile(SANS, face)
    _draw(face, tmp_path / "before.pdf")

    _same_size_and_time_replacement(face, SANS_BOLD)
    _new_process(monkeypatch)
    _draw(face, tmp_path / "after.pdf")

    _assert_glyphs_of(SANS_BOLD, tmp_path / "after.pdf")
    assert not _source_outlines(SANS, TEXT) & _embedded_outlines(tmp_path / "after.pdf")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps a file's creation time (its st_ctime) when "
                    "the file is overwritten; there only a new process's content hash sees such a replacement")
def test_a_replacement_in_the_same_process_is_read_again(cache_folder, tmp_path):
    face = tmp_path / "黑体.ttf"
    shutil.copyfile(SANS, face)
    _draw(face, tmp_path / "before.pdf")

    _same_size_and_time_replacement(face, SANS_BOLD)
    _draw(face, tmp_path / "after.pdf")

    _assert_glyphs_of(SANS_BOLD, tmp_path / "after.pdf")


def test_a_cached_font_is_built_like_reportlabs_own(tmp_path):
    data = SANS.read_bytes()
    parsed = pdf_font_cache.load_ttfont("Parsed", str(SANS), 0, data, tmp_path)
    cached = pdf_font_cache.load_ttfont("Cached", str(SANS), 0, data, tmp_path)
    assert isinstance(cached.face, pdf_font_cache.CachedTTFontFace)
    assert set(vars(cached)) == set(vars(parsed))
    assert set(vars(cached.face)) | {"glyphToChar"} == set(vars(parsed.face)) | {"_glyph_to_char_blob"}
    for key, value in vars(parsed.face).items():
        if key not in ("_pdfScale", "_pos"):
            assert getattr(cached.face, key) == value, key
    assert cached.face.glyphToChar == parsed.face.glyphToChar
    assert cached.face._pdfScale(512) == parsed.face._pdfScale(512)
    assert cached.face.name.ustr == parsed.face.name.ustr == "NotoSansSC-Regular"


def test_an_unwritable_cache_folder_costs_time_only(tmp_path):
    blocker = tmp_path / "not a folder"
    blocker.write_bytes(b"")
    font = pdf_font_cache.load_ttfont("Uncached", str(SANS), 0, SANS.read_bytes(), blocker / "faces")
    assert font.face.charToGlyph[ord("永")] == FontToolsFont(str(SANS)).getGlyphID(
        FontToolsFont(str(SANS)).getBestCmap()[ord("永")])
