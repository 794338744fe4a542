"""Submitted article files made by the tests: a .docx as a subsidiary sends it, and hostile ones.

Generated with python-docx and Pillow into a temporary folder, never committed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

KICKER = "喜迎建党百年"
TITLE = "公司召开党史学习教育动员大会"
SUBTITLE = "——深入学习贯彻总书记重要讲话精神"
BYLINE = "作者：王小明　来源：党群工作部"
BODY = [
    "3月12日，公司召开党史学习教育动员大会，全面部署党史学习教育工作。",
    "会议指出，开展党史学习教育是党中央作出的重大决策。",
    "会议要求，各级党组织要把学习教育同推动中心工作结合起来。",
    "会议强调，要突出重点，抓好专题学习、政治引领和为群众办实事。",
    "公司领导班子成员、各单位党组织书记参加会议。",
]
#: The bold words in the second body paragraph.
BOLD_WORDS = "重大决策"
CAPTIONS = ["▲动员大会现场", "图为与会人员认真听讲"]


def picture_bytes(width: int, height: int, color: tuple[int, int, int], format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=format)
    return buffer.getvalue()


def write_sample_docx(path: Path) -> Path:
    """引题, title (Heading 1), subtitle, byline, five body paragraphs (one bold run),
    two pictures each followed by its caption, as Word users write them."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = docx.Document()
    kicker = document.add_paragraph(KICKER)
    kicker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(TITLE, level=1)
    subtitle = document.add_paragraph(SUBTITLE)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(BYLINE)
    pictures = [picture_bytes(400, 300, (200, 30, 30)), picture_bytes(300, 400, (30, 30, 200), "JPEG")]
    for index, text in enumerate(BODY):
        paragraph = document.add_paragraph()
        if index == 1:
            before, after = text.split(BOLD_WORDS)
            paragraph.add_run(before)
            paragraph.add_run(BOLD_WORDS).bold = True
            paragraph.add_run(after)
        else:
            paragraph.add_run("　　" + text)  # senders indent with 全角空格; the house style indents
        if index in (1, 3):
            picture = pictures[index // 2]
            document.add_picture(io.BytesIO(picture), width=Cm(8))
            document.add_paragraph(CAPTIONS[index // 2])
    document.save(path)
    return path


def write_docx_with_table(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(BODY[0])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "表格里的字"
    document.add_paragraph(BODY[1])
    document.save(path)
    return path


def write_renamed_zip(path: Path) -> Path:
    """A zip of something else (a spreadsheet's members) named .docx."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "这不是 Word 文档")
        archive.writestr("data/sheet1.csv", "a,b\n1,2\n")
    return path


def write_docx_bomb(path: Path, expanded_bytes: int = 1024 ** 3) -> Path:
    """A .docx whose word/document.xml inflates to ``expanded_bytes`` of spaces (about 1 MB on disk).

    Written by streaming, so the test never holds the gigabyte.
    """
    chunk = b" " * (16 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            written = 0
            while written < expanded_bytes:
                piece = chunk[: min(len(chunk), expanded_bytes - written)]
                member.write(piece)
                written += len(piece)
    return path


OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
