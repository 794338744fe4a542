"""A wrapped photo over the top of a column threaded on to another page: the DOCX keeps it clear.

Found by the 2026-11-26 walkthrough (third round): on page 2 an article runs down a left and a
right column, a photo with its caption (文字绕排) covers the top of the right column, the right
column is threaded on to a frame on page 3 and the story has continuation lines (转接提示).
Our PDF starts the right column below the caption and carries the rest to page 3; the DOCX
started the right column's text box at the column's top, so LibreOffice set the text behind
the photo and, the box being tall enough for the rest of the story, left page 3 with nothing
but 「（上接第2版）」.

The documents are built with the model API in the walkthrough's geometry (millimetres as in
the project): columns 84 mm wide at x 18 and 108 mm, from y 72 to 279 mm; the photo 84 × 126 mm
at (108, 18) with its caption below it.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from editor.layout.display import Rect
from editor.layout.engine import layout_document
from editor.model import (
    Caption,
    Document,
    ImageFrame,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    Story,
    TextFrame,
    TextWrap,
)
from editor.render.docx import DocxOptions, write_docx
from editor.render.docx.plan import TextBox, plan_document
from editor.render.pdf import write_pdf
from tests.fontconfig_env import convert_to_pdf, libreoffice_env
from tests.line_agreement import line_agreement
from tests.pdfcheck import pdf_chars
from tests.test_docx_export import _need_libreoffice

MM = 72.0 / 25.4
BODY = "正文"
CAPTION = "图片说明"
_HAN = "党建工作中铝股份宣传思想大格局建设世界一流企业新发展理念高质量基层组织学习教育生产经营职工群众安全环保创新"

#: The photo's frame, in points (the caption goes below it).
PHOTO = Rect(108 * MM, 18 * MM, 84 * MM, 126 * MM)
COLUMN_TOP_PT = 72 * MM
COLUMN_BOTTOM_PT = 279 * MM


def _paragraphs(count: int) -> list[Paragraph]:
    """Paragraphs of shuffled Han text (no two lines alike), numbered so that every line differs."""
    rng = random.Random(2026)
    return [Paragraph(style=BODY, runs=[Run(text=f"第{n + 1}段" + "".join(rng.choice(_HAN) for _ in range(90)) + "。")])
            for n in range(count)]


def threaded_doc(photo_at_foot: bool = False, onward: bool = True) -> Document:
    """Page 1 another story; page 2 the article in two threaded columns with the wrapped photo
    over the right one's top (or, with ``photo_at_foot``, over its foot); page 3 the rest.

    Without ``onward`` the right column ends the thread and the article ends in it."""
    styles = {
        BODY: ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0),
        CAPTION: ParagraphStyle(name=CAPTION, size_pt=8.0, leading_pt=12.0, first_line_indent_chars=0.0),
    }
    article = Story(id="lead", paragraphs=_paragraphs(22 if onward else 10), jump_lines=True)
    caption = Story(id="cap", paragraphs=[Paragraph(style=CAPTION, runs=[Run(text="▲图为学习会现场。")])])
    other = Story(id="other", paragraphs=[Paragraph(style=BODY, runs=[Run(text="第一版的文章")])])
    column = {"y_pt": COLUMN_TOP_PT, "width_pt": 84 * MM, "height_pt": COLUMN_BOTTOM_PT - COLUMN_TOP_PT}
    left = TextFrame(id="left", story_id="lead", x_pt=18 * MM, next_frame_id="right", **column)
    right = TextFrame(id="right", story_id="lead", x_pt=108 * MM, next_frame_id="more" if onward else None, **column)
    # At the foot, the caption ends just above the 「（下转第3版）」 line (16 pt) at the column's foot.
    photo_y_pt = 200 * MM if photo_at_foot else PHOTO.y_pt
    height_pt = COLUMN_BOTTOM_PT - 18.0 - 28.0 - photo_y_pt if photo_at_foot else PHOTO.height_pt
    photo = ImageFrame(id="photo", x_pt=PHOTO.x_pt, y_pt=photo_y_pt, width_pt=PHOTO.width_pt, height_pt=height_pt,
                       wrap=TextWrap(mode="around", gap_pt=6.0),
                       caption=Caption(story_id="cap", gap_pt=4.0, extent_pt=24.0))
    more = TextFrame(id="more", story_id="lead", x_pt=18 * MM, y_pt=18 * MM, width_pt=84 * MM, height_pt=261 * MM)
    first = TextFrame(id="first", story_id="other", x_pt=18 * MM, y_pt=18 * MM, width_pt=84 * MM, height_pt=40 * MM)
    return Document(paragraph_styles=styles, stories={"lead": article, "cap": caption, "other": other},
                    pages=[Page(id="p1", frames=[first]), Page(id="p2", frames=[left, right, photo]),
                           Page(id="p3", frames=[more])])


def _overlaps(a: Rect, b: Rect) -> bool:
    return a.x_pt < b.right_pt and b.x_pt < a.right_pt and a.y_pt < b.bottom_pt and b.y_pt < a.bottom_pt


def _photo_and_caption(doc: Document) -> Rect:
    """The photo's frame and the caption box below it (no wrap gap): where no text may be."""
    photo = next(f for f in doc.pages[1].frames if f.id == "photo")
    caption = photo.caption
    return Rect(photo.x_pt, photo.y_pt, photo.width_pt, photo.height_pt + caption.gap_pt + caption.extent_pt)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_EMU_PER_PT = 12700


def _docx_boxes(path: Path, name: str) -> dict[int, list[Rect]]:
    """The rectangles (points) of the DrawingML objects called ``name``, by page number.

    The writer anchors each page's objects in one paragraph of the body (the page's paragraph)."""
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    found: dict[int, list[Rect]] = {}
    for number, paragraph in enumerate(root.find(f"{_W}body").findall(f"{_W}p"), start=1):
        for anchor in paragraph.iter(f"{_WP}anchor"):
            if anchor.find(f"{_WP}docPr").get("name") != name:
                continue
            x = int(anchor.find(f"{_WP}positionH/{_WP}posOffset").text) / _EMU_PER_PT
            y = int(anchor.find(f"{_WP}positionV/{_WP}posOffset").text) / _EMU_PER_PT
            extent = anchor.find(f"{_WP}extent")
            found.setdefault(number, []).append(
                Rect(x, y, int(extent.get("cx")) / _EMU_PER_PT, int(extent.get("cy")) / _EMU_PER_PT))
    return found


@pytest.mark.parametrize("photo_at_foot", [False, True], ids=["photo-over-the-top", "photo-over-the-foot"])
@pytest.mark.parametrize("flow", ["linked", "per_box"])
def test_no_text_box_of_the_threaded_column_lies_under_the_wrapped_photo(tmp_path, flow, photo_at_foot) -> None:
    doc = threaded_doc(photo_at_foot)
    word = tmp_path / "issue.docx"
    write_docx(doc, layout_document(doc), word, DocxOptions(text_flow=flow))
    keep_clear = _photo_and_caption(doc)
    boxes = _docx_boxes(word, "文本框 right")[2]
    assert boxes, "the right column has no text box on page 2"
    assert [box for box in boxes if _overlaps(box, keep_clear)] == []
    # The column's text still has room beside the photo: a box within the column's top and foot.
    assert any(box.height_pt >= 100.0 and COLUMN_TOP_PT - 0.01 <= box.y_pt and box.bottom_pt <= COLUMN_BOTTOM_PT + 0.01
               for box in boxes)


def test_the_last_box_of_a_chain_grows_down_to_the_photo_below_it_not_under_it(tmp_path) -> None:
    """The box a linked story ends in reaches down for text added in Word, but only to the wrap
    box of a photo below it (the photo's frame less the wrap gap), not behind the photo."""
    doc = threaded_doc(photo_at_foot=True, onward=False)
    layout = layout_document(doc)
    assert not layout.overset_story_ids
    last = max((line for line in layout.pages[1].lines if line.frame_id == "right"), key=lambda line: line.top_pt)
    word = tmp_path / "issue.docx"
    write_docx(doc, layout, word)
    keep_clear = _photo_and_caption(doc)
    (box,) = _docx_boxes(word, "文本框 right")[2]
    assert box.bottom_pt >= last.top_pt + last.height_pt  # its own lines fit
    assert box.bottom_pt == pytest.approx(keep_clear.y_pt - 6.0, abs=0.01)


def test_the_box_of_the_column_below_the_photo_holds_its_first_line() -> None:
    """The layout's first line of the right column is the first text of its box (per box)."""
    doc = threaded_doc()
    layout = layout_document(doc)
    first = next(line for line in layout.pages[1].lines if line.frame_id == "right" and not line.jump_text)
    assert first.top_pt > _photo_and_caption(doc).bottom_pt  # the layout set it below the caption
    boxes = [obj for obj in plan_document(doc, layout, "per_box")[1].objects
             if isinstance(obj, TextBox) and obj.frame_id == "right" and obj.jump is None]
    head = min(boxes, key=lambda box: box.rect.y_pt)
    assert (head.fragments[0].paragraph_index, head.fragments[0].start) == (first.paragraph_index, first.start_offset)
    assert head.rect.y_pt == pytest.approx(first.top_pt, abs=0.01)


@pytest.mark.slow
def test_libreoffice_sets_every_line_of_pages_2_and_3_where_the_pdf_does(tmp_path) -> None:
    """Through LibreOffice the DOCX shows every line of our PDF on its page and baseline
    (``tests/line_agreement``: the band of each of our lines holds the same text in both), and
    no character of the article lies under the photo."""
    _need_libreoffice()
    doc = threaded_doc()
    layout = layout_document(doc)
    ours, word = tmp_path / "issue.pdf", tmp_path / "issue.docx"
    write_pdf(doc, layout, ours)
    write_docx(doc, layout, word)
    converted = convert_to_pdf(word, tmp_path / "lo", libreoffice_env(tmp_path))
    on_pages_2_and_3 = sum(1 for page in layout.pages[1:3] for line in page.lines)
    assert on_pages_2_and_3 > 60  # the article fills both columns and goes on to page 3
    result = line_agreement(layout, ours, converted)
    assert result.total >= on_pages_2_and_3
    assert result.agreeing == result.total, result.report()
    _, their_chars = pdf_chars(converted)
    keep_clear = _photo_and_caption(doc)
    under_photo = "".join(c.text for c in their_chars[1] if c.size > 9
                          and keep_clear.x_pt <= c.x0 < keep_clear.right_pt
                          and keep_clear.y_pt <= c.baseline <= keep_clear.bottom_pt)
    assert under_photo == ""
