"""Reading a submitted Word file (.docx) safely into plain blocks: paragraphs, pictures, tables.

Articles arrive as .docx files from a dozen subsidiaries, and a .docx is a
zip: before python-docx sees it, the archive is checked as strictly as a
project file (``editor.io.project``): it must be a real Word document
(``[Content_Types].xml`` and ``word/document.xml``), every member's declared
size must be within the limits and its expansion ratio must not be a zip
bomb's (zipfile never inflates more than a member declares, so checking the
declared sizes bounds what is inflated). Old Word (.doc) and WPS (.wps)
files are OLE compound files, refused by their magic bytes whatever their
name says. Pictures are returned as bytes; ``editor.io.article_import``
checks them as photos and decides what each paragraph is.

A manual line break (Shift+Enter, w:br) follows the rule of a hard line
break in pasted text (``editor.model.paste_cleanup.starts_paragraph``):
inside a sentence the lines are joined, after a sentence's end or before an
indented line the break begins a new block of the same paragraph style, and
two in a row end the paragraph — so no ragged line is left in justified text.
A list item starts with the label Word shows for it (• 1. （一）, counted by
``editor.io.docx_numbering``).
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from editor.errors import BanmianError, display_name
from editor.io.docx_numbering import ListLabels
from editor.io.project import (
    _DAMAGED_ZIP_ERRORS,
    MAX_ASSET_BYTES,
    MAX_DOCUMENT_JSON_BYTES,
    MAX_MEMBERS,
    MAX_PHOTO_EXPANSION,
    MIB,
)
from editor.model.paste_cleanup import join_separator, starts_paragraph

#: The magic bytes of an OLE compound file: old Word (.doc), WPS (.wps), old Excel …
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: Members a real .docx always has.
REQUIRED_MEMBERS = ("[Content_Types].xml", "word/document.xml")
#: One XML member inflated: as large as a project's document.json may be (a 200,000-character
#: article with formatting is a few MB).
MAX_XML_BYTES = MAX_DOCUMENT_JSON_BYTES
#: XML deflates well (Word's own document.xml about 5–15 times), but not a thousandfold as a
#: stream of spaces does; beyond this ratio, once larger than ``_BOMB_MIN_BYTES``, a member is a bomb.
MAX_XML_EXPANSION = 100
_BOMB_MIN_BYTES = MIB
#: Members stored compressed already: they deflate no more than a project's photos.
_COMPRESSED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif")
#: All members together, inflated.
MAX_DOCX_TOTAL_BYTES = MAX_XML_BYTES + MAX_ASSET_BYTES

_PICTURE_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
}
_R_EMBED = f"{{{_PICTURE_NS['r']}}}embed"
_R_LINK = f"{{{_PICTURE_NS['r']}}}link"
_R_ID = f"{{{_PICTURE_NS['r']}}}id"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class ArticleImportError(BanmianError):
    """An article file cannot be imported (damaged, foreign, hostile or an old format)."""


def refuse(name: str | PurePath, reason: str) -> ArticleImportError:
    """The one sentence every refusal of an article file is."""
    return ArticleImportError(f"无法导入“{display_name(PurePath(name).name or str(name))}”：{reason}")


OLD_WORD_REASON = "这是旧版 Word（.doc）或 WPS 文件，请在 Word 或 WPS 中另存为 .docx 后再导入。"


@dataclass(frozen=True)
class DocxRun:
    """Text of one run and whether it is bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class DocxPicture:
    """An embedded picture's bytes and its name inside the .docx (``image1.png``)."""

    data: bytes
    name: str


@dataclass
class DocxBlock:
    """One body paragraph (with the pictures anchored in it) or one table, in document order."""

    runs: list[DocxRun] = field(default_factory=list)
    pictures: list[DocxPicture] = field(default_factory=list)
    #: Word's paragraph style name (``Heading 1``, ``Title``, ``Normal`` …).
    style_name: str = ""
    centred: bool = False
    #: The largest font size of a run, in points (0: not set on the run).
    size_pt: float = 0.0
    is_table: bool = False
    #: A picture Word only links to (a file on the sender's computer), not embedded.
    linked_pictures: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def all_bold(self) -> bool:
        visible = [run for run in self.runs if run.text.strip()]
        return bool(visible) and all(run.bold for run in visible)


def is_ole_file(data: bytes) -> bool:
    """Whether ``data`` is an OLE compound file (.doc, .wps, .xls …)."""
    return data.startswith(OLE_MAGIC)


def _check_member(info: zipfile.ZipInfo, archive_bytes: int, name: str) -> None:
    """Refuse a member whose declared size, expansion or compression is not a Word file's."""
    if info.header_offset + info.compress_size > archive_bytes:
        raise refuse(name, "文件不完整或已损坏。")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse(name, "文件使用了不支持的压缩方式，请在 Word 中重新保存后再导入。")
    is_xml = info.filename.endswith((".xml", ".rels"))
    limit = MAX_XML_BYTES if is_xml else MAX_ASSET_BYTES
    if info.file_size > limit:
        raise refuse(name, f"其中的 {display_name(info.filename)} 解压后过大（超过 {limit // MIB} MB），已拒绝导入。")
    # Photos are compressed already (as in a project); anything else (XML, EMF drawings,
    # fonts) may deflate well, but not a hundredfold.
    ratio = MAX_PHOTO_EXPANSION if info.filename.lower().endswith(_COMPRESSED_SUFFIXES) else MAX_XML_EXPANSION
    if info.file_size > _BOMB_MIN_BYTES and info.file_size > ratio * max(info.compress_size, 1):
        raise refuse(name, f"其中的 {display_name(info.filename)} 压缩比异常（疑似压缩炸弹），已拒绝导入。")


def check_docx_archive(data: bytes, name: str) -> None:
    """Refuse ``data`` unless it is a Word document whose members are within the limits."""
    if is_ole_file(data):
        raise refuse(name, OLD_WORD_REASON)
    if not data.startswith(ZIP_MAGIC):
        raise refuse(name, "这不是 Word 文档（.docx），文件可能已损坏或扩展名有误。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except _DAMAGED_ZIP_ERRORS as problem:
        raise refuse(name, "这不是 Word 文档（.docx），或文件不完整、已损坏。") from problem
    if len(infos) > MAX_MEMBERS:
        raise refuse(name, "文件包含的条目过多，已拒绝导入。")
    names = {info.filename for info in infos}
    if not all(required in names for required in REQUIRED_MEMBERS):
        raise refuse(name, "这不是 Word 文档（.docx）：压缩包里没有 Word 正文，可能是改了扩展名的其他文件。")
    for info in infos:
        _check_member(info, len(data), name)
    if sum(info.file_size for info in infos) > MAX_DOCX_TOTAL_BYTES:
        raise refuse(name, f"文件解压后过大（超过 {MAX_DOCX_TOTAL_BYTES // MIB} MB），已拒绝导入。")


def read_docx_blocks(data: bytes, name: str) -> list[DocxBlock]:
    """The body of a checked .docx as blocks in order; ``ArticleImportError`` if it is not one."""
    check_docx_archive(data, name)
    import docx  # python-docx: imported here so reading a .txt does not need it

    try:
        document = docx.Document(io.BytesIO(data))
        labels = ListLabels.of_document(document)
        styles = _Styles(document)
        return [piece for child in document.element.body.iterchildren()
                if child.tag in (f"{{{_W_NS}}}p", f"{{{_W_NS}}}tbl")
                for piece in _split_at_line_breaks(_block(child, document, labels, styles))]
    except ArticleImportError:
        raise
    except MemoryError as problem:
        raise refuse(name, "文件过大，内存不足。") from problem
    except Exception as problem:  # python-docx and lxml raise many kinds on damaged files
        raise refuse(name, "Word 文档已损坏或格式不受支持，请在 Word 中重新保存后再导入。") from problem


#: A break opportunity Word files carry (Banmian's own DOCX puts them where LibreOffice would
#: not break, ``render/docx/content``); our faces have no glyph for it.
_ZERO_WIDTH_SPACE = "\u200b"


class _Styles:
    """A document's styles looked up once each by id. python-docx finds a paragraph's or run's
    style anew at every ask, scanning every style for the default when none is named: reading a
    .docx of 3,000 paragraphs took 10 s, nearly all of it there."""

    def __init__(self, document) -> None:
        self._document = document
        self._found: dict[tuple[str | None, int], object] = {}

    def _style(self, style_id: str | None, kind: int):
        key = (style_id, kind)
        if key not in self._found:
            self._found[key] = self._document.part.get_style(style_id, kind)
        return self._found[key]

    def of_paragraph(self, paragraph):
        """The paragraph's style (the document's default paragraph style when it names none)."""
        from docx.enum.style import WD_STYLE_TYPE

        return self._style(paragraph._p.style, WD_STYLE_TYPE.PARAGRAPH)

    def is_on(self, run, attribute: str) -> bool:
        """A run's bold/italic, set on the run or through its character style (the document's default
        one when it names none)."""
        from docx.enum.style import WD_STYLE_TYPE

        value = getattr(run, attribute)
        if value is None:
            style = self._style(run._r.style, WD_STYLE_TYPE.CHARACTER)
            value = getattr(style.font, attribute) if style is not None else None
        return bool(value)


def _block(element, document, labels: ListLabels, styles: _Styles) -> DocxBlock:
    from docx.text.paragraph import Paragraph

    if element.tag == f"{{{_W_NS}}}tbl":
        return DocxBlock(is_table=True)  # left out whole (a note says so): nothing in it is read
    paragraph = Paragraph(element, document._body)
    style = styles.of_paragraph(paragraph)
    block = DocxBlock(style_name=style.name if style is not None else "")
    block.centred = paragraph.alignment is not None and int(paragraph.alignment) == 1
    for item in paragraph.iter_inner_content():
        for run in getattr(item, "runs", [item]):
            text = run.text.replace(_ZERO_WIDTH_SPACE, "")  # break hints (ours among them), not text
            block.runs.append(DocxRun(text, bold=styles.is_on(run, "bold"), italic=styles.is_on(run, "italic")))
            if run.font.size is not None:
                block.size_pt = max(block.size_pt, run.font.size.pt)
    _add_label(block, labels.paragraph_label(element, style))
    _add_pictures(block, element, document)
    return block


def _add_label(block: DocxBlock, label: str) -> None:
    """A list item's label in front of its text (an indent before the text goes: the label
    starts the line); bold as the text it stands before."""
    if not label or not block.text.strip():  # an empty item is counted, but shows nothing here
        return
    while block.runs and not block.runs[0].text.strip():
        block.runs.pop(0)
    first = block.runs[0]
    block.runs[0] = dataclasses.replace(first, text=first.text.lstrip())
    block.runs.insert(0, DocxRun(label, bold=first.bold))


def _lines(runs: list[DocxRun]) -> list[list[DocxRun]]:
    """The runs of each line between manual line breaks (a newline in a run's text)."""
    lines: list[list[DocxRun]] = [[]]
    for run in runs:
        for index, part in enumerate(run.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(dataclasses.replace(run, text=part))
    return lines


def _text_of(runs: list[DocxRun]) -> str:
    return "".join(run.text for run in runs)


def _rstripped(runs: list[DocxRun]) -> list[DocxRun]:
    """``runs`` without the white space at their end."""
    runs = list(runs)
    while runs and not runs[-1].text.rstrip():
        runs.pop()
    if runs:
        runs[-1] = dataclasses.replace(runs[-1], text=runs[-1].text.rstrip())
    return runs


def _paragraph_lines(runs: list[DocxRun]) -> list[list[DocxRun]]:
    """The runs of each paragraph the lines make by the hard line break rule (module docstring)."""
    paragraphs: list[list[DocxRun]] = []
    current: list[DocxRun] = []
    for line in _lines(runs):
        text, before = _text_of(line), _text_of(current)
        if not text.strip():  # a blank line (two breaks in a row) ends the paragraph
            paragraphs.append(current)
            current = []
        elif not before.strip():
            current = line
        elif starts_paragraph(before, text):
            paragraphs.append(current)
            current = line
        else:
            current = _rstripped(current)
            separator = join_separator(_text_of(current), text)
            current = current + ([DocxRun(separator, current[-1].bold, current[-1].italic)] if separator else []) + line
    paragraphs.append(current)
    return [runs for runs in paragraphs if _text_of(runs).strip()]


def _split_at_line_breaks(block: DocxBlock) -> list[DocxBlock]:
    """``block`` as the blocks its manual line breaks make; its pictures go with the last."""
    if block.is_table or not any("\n" in run.text for run in block.runs):
        return [block]
    pieces = _paragraph_lines(block.runs) or [[]]
    blocks = [dataclasses.replace(block, runs=runs, pictures=[], linked_pictures=0) for runs in pieces]
    blocks[-1] = dataclasses.replace(blocks[-1], pictures=block.pictures, linked_pictures=block.linked_pictures)
    return blocks


def _add_pictures(block: DocxBlock, element, document) -> None:
    """The pictures in a paragraph: DrawingML ``a:blip`` and old VML ``v:imagedata``."""
    parts = document.part.related_parts
    blips = element.findall(".//a:blip", _PICTURE_NS)
    references = [(blip.get(_R_EMBED), blip.get(_R_LINK)) for blip in blips]
    references += [(image.get(_R_ID), None) for image in element.findall(".//v:imagedata", _PICTURE_NS)]
    for embed, link in references:
        part = parts.get(embed) if embed else None
        if part is None:
            block.linked_pictures += 1 if (link or embed) else 0
            continue
        block.pictures.append(DocxPicture(part.blob, PurePath(str(part.partname)).name))
