"""The walkthrough's article and page for the 导入文章 placement tests (test_import_placement_*.py).

新建下一期 from the sample issue gives page 2: 在此输入标题/副标题/导语 in one frame
above a body thread (要闻, left column → right column). The article is a Word
file as 稿件一_学习会.docx was: a heading, a byline, a captioned portrait photo
and enough body text to fill most of both columns. Generated into a temporary
folder, never committed.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from PIL import Image

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout.display import GlyphRun
from editor.layout.engine import layout_document
from editor.model import Document
from editor.model.geometry import Rect
from editor.model.next_issue import next_issue

TITLE = "公司党委召开2025年第四季度理论学习中心组学习会"
BYLINE = "作者：张三　通讯员　李四"
CAPTION = "▲图为学习会现场。"
PARAGRAPH = ("会议指出，要坚持以习近平新时代中国特色社会主义思想为指导，持续深化理论武装，"
             "推动党建工作与生产经营深度融合。")
#: A photo 800 px wide and 1200 px tall (portrait), as 稿件一's was.
PHOTO_PX = (800, 1200)


def write_article(path: Path, paragraphs: int = 14, photo: bool = True, title: str = TITLE) -> Path:
    """A Word article as a subsidiary sends it: a heading, a byline, a captioned portrait photo
    (unless not ``photo``), and ``paragraphs`` body paragraphs (14 fill most of page 2's two
    84 mm columns)."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(BYLINE)
    for index in range(paragraphs):
        document.add_paragraph(f"{index + 1}．{PARAGRAPH}")
        if index == 1 and photo:
            buffer = io.BytesIO()
            Image.new("RGB", PHOTO_PX, (40, 120, 60)).save(buffer, format="JPEG")
            document.add_picture(io.BytesIO(buffer.getvalue()), width=Cm(6))
            document.add_paragraph(CAPTION)
    document.save(path)
    return path


def next_sample_issue() -> Document:
    """The sample's next issue, as 新建下一期 makes it."""
    return next_issue(load_project(SAMPLE_PROJECT), datetime.date(2026, 1, 5)).document


def frame_rect(frame) -> Rect:
    return Rect(frame.x_pt, frame.y_pt, frame.width_pt, frame.height_pt)


def glyph_boxes(doc: Document, page_index: int, story_id: str) -> list[tuple[str, Rect]]:
    """(character, box from its baseline up by the type size) of each glyph of ``story_id`` laid
    out on the page."""
    page = layout_document(doc).pages[page_index]
    boxes = []
    for item in page.items:
        if isinstance(item, GlyphRun) and item.story_id == story_id:
            for char, left, width in zip(item.text, item.box_left_pt, item.box_width_pt, strict=True):
                boxes.append((char, Rect(left, item.baseline_pt - item.size_pt, width, item.size_pt)))
    return boxes
