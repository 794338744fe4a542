"""Importing a submitted article (.docx or .txt) as house-styled paragraphs and photos.

Subsidiaries send articles as Word files or plain text. This module reads
one file (never trusting it: only a regular file, only up to a size, a
.docx checked by ``editor.io.docx_reader``, every picture checked as a photo
by ``editor.io.photos``) and recognises what each paragraph is, as an editor
would at a glance: the title (a Word heading, or a short bold or centred
paragraph at the top), the 引题 above it and the 副标题 below, the byline
(作者：, 来源：, 通讯员 … under the title, or closing the text), the body,
and each picture's caption (a paragraph starting with ▲, 图为 or 图：, or
the short one right under the picture).
The result, an ``ImportedArticle`` (``editor.model.imported_article``),
names house paragraph styles (引题/大标题/副标题/署名/正文/图注) and keeps
bold and italic in body text as the character styles 加粗/倾斜 (the model
has no italic yet: 倾斜 is set upright); ``editor.model.article_placement``
puts it in the document. Nothing here touches a document.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from pathlib import Path

from editor.errors import PhotoError, size_text
from editor.io.docx_reader import (
    OLD_WORD_REASON,
    DocxBlock,
    DocxRun,
    is_ole_file,
    read_docx_blocks,
    refuse,
)
from editor.io.os_errors import os_error_reason
from editor.io.photo_checks import reason_of
from editor.io.photos import photo_extension, verify_photo
from editor.io.project import MAX_ASSET_BYTES, asset_name
from editor.io.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file
from editor.model.imported_article import (
    BODY_STYLE,
    BOLD_STYLE,
    BYLINE_STYLE,
    ITALIC_STYLE,
    KICKER_STYLE,
    SUBTITLE_STYLE,
    TITLE_STYLE,
    ImportedArticle,
    ImportedPhoto,
)
from editor.model.limits import MAX_CHARACTERS
from editor.model.story import Paragraph, Run

TEXT_SUFFIXES = (".txt", ".text")
ARTICLE_SUFFIXES = (".docx", *TEXT_SUFFIXES)
OLD_SUFFIXES = (".doc", ".wps", ".wpt", ".dot")
#: A .docx with its pictures: as large as one photo may be.
MAX_DOCX_FILE_BYTES = MAX_ASSET_BYTES
#: A text file: four bytes a character (UTF-16 with surrogates) of the most a document holds.
MAX_TEXT_FILE_BYTES = 4 * MAX_CHARACTERS
#: A heading line (title, 引题, 副标题) is at most this long; longer is body text.
MAX_HEADING_CHARS = 50
#: A paragraph right under a picture is its caption when no longer than this.
MAX_PLAIN_CAPTION_CHARS = 80
_BYLINE_WORDS = r"(作者|来源|通讯员|记者|本报记者|撰稿|供稿|文\s*/|文／|摄影|图\s*/|图／)"
_BYLINE = re.compile(rf"^\s*{_BYLINE_WORDS}|通讯员")
#: A byline closing the article starts with one of the words, perhaps inside brackets (（来源：…）).
_CLOSING_BYLINE = re.compile(rf"^\s*[（(]?\s*{_BYLINE_WORDS}")
_CAPTION = re.compile(r"^\s*(▲|图为|图[：:]|图\d+[：:\s])")
_SUBTITLE_DASH = re.compile(r"^\s*(——|—|－－|--)")
_HEADING_STYLES = re.compile(r"^(heading\s*\d|title|标题\s*\d?)$", re.IGNORECASE)
_SUBTITLE_STYLES = re.compile(r"^(subtitle|副标题)$", re.IGNORECASE)


# ---------------------------------------------------------------- reading a file


def read_article(path: str | Path) -> ImportedArticle:
    """Read one .docx or .txt file as an article; ``ArticleImportError`` says why not."""
    path = Path(path)
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if suffix in OLD_SUFFIXES:
        raise refuse(name, OLD_WORD_REASON)
    if suffix not in ARTICLE_SUFFIXES:
        raise refuse(name, "只能导入 Word 文档（.docx）或纯文本（.txt）。")
    data = _read_file(path, MAX_DOCX_FILE_BYTES if suffix == ".docx" else MAX_TEXT_FILE_BYTES)
    if not data:
        raise refuse(name, "文件是空的（0 字节）。")
    if is_ole_file(data):
        raise refuse(name, OLD_WORD_REASON)
    if suffix == ".docx":
        return article_from_docx(data, name)
    return article_from_text(decode_text(data, name), name)


def _read_file(path: Path, limit: int) -> bytes:
    name = path.name  # never empty: its suffix was checked
    try:
        return read_regular_file(path, limit)
    except FileNotFoundError as problem:
        raise refuse(name, "找不到该文件。") from problem
    except FileTooLargeError as problem:
        raise refuse(name, f"文件过大（超过 {size_text(limit)}）。") from problem
    except NotRegularFileError as problem:
        raise refuse(name, "它不是普通文件（可能是文件夹、管道或设备）。") from problem
    except OSError as problem:
        if is_folder(path):
            raise refuse(name, "它是文件夹，不是文件。") from problem
        raise refuse(name, f"读取失败（{os_error_reason(problem)}）。") from problem


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False when even that cannot be asked (a name too long)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def article_files_in(folder: Path) -> list[Path]:
    """The submissions in a folder, by name: each .docx, .txt (and .doc/.wps, to be refused)."""
    wanted = ARTICLE_SUFFIXES + OLD_SUFFIXES
    return sorted((p for p in folder.iterdir() if p.suffix.lower() in wanted and not p.name.startswith("~$")),
                  key=lambda p: p.name)


# ---------------------------------------------------------------- text files


def decode_text(data: bytes, name: str) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 (with BOM) or GB 18030, detected."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise refuse(name, "文件不是有效的文本（无法按 UTF-8、UTF-16 或 GB 18030 读出），"
                       "请在记事本中另存为 UTF-8 编码后再导入。")


def _looks_like_text(text: str) -> bool:
    """No NUL or other control characters (binary data decoded by chance), no unassigned code points."""
    for char in text:
        if char in "\t\n\r\f":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cn", "Cs", "Co"):
            return False
    return True


def article_from_text(text: str, name: str) -> ImportedArticle:
    """A plain-text article: one paragraph per non-empty line."""
    lines = [line.strip() for line in text.splitlines()]  # \r\n, \r, \n, form feeds …
    blocks = [DocxBlock(runs=[DocxRun(line)]) for line in lines if line]
    return _recognise(blocks, name, plain_text=True)


# ---------------------------------------------------------------- Word files


def article_from_docx(data: bytes, name: str) -> ImportedArticle:
    """A .docx article; its pictures are checked as photos (a refused one becomes a note)."""
    return _recognise(read_docx_blocks(data, name), name, plain_text=False)


def _photo(data: bytes, picture_name: str, article: ImportedArticle) -> ImportedPhoto | None:
    try:
        info = verify_photo(data, picture_name)
        asset = asset_name(data, photo_extension(info, picture_name))
    except PhotoError as problem:
        article.notes.append(f"图片“{picture_name}”未导入：{reason_of(problem)}。")
        return None
    return ImportedPhoto(asset=asset, data=data, source_name=picture_name,
                         width_px=info.width_px, height_px=info.height_px)


# ---------------------------------------------------------------- recognising the parts


def _is_heading_like(block: DocxBlock) -> bool:
    text = block.text.strip()
    return 0 < len(text) <= MAX_HEADING_CHARS and not text.endswith(("。", "；", "！", "？")) and \
        not _BYLINE.search(text) and not _CAPTION.match(text)


def _top_headings(blocks: list[DocxBlock], plain_text: bool) -> tuple[int | None, set[int]]:
    """The title's index and the heading lines at the top around it.

    A Word heading style wins; else the largest of the short bold or centred
    paragraphs at the top is the title and the others are 引题 (above) and
    副标题 (below). In a plain-text file the first line is the title when short.
    """
    texts = [i for i, block in enumerate(blocks) if not block.is_table and block.text.strip()]
    styled = [i for i in texts[:4] if _HEADING_STYLES.match(blocks[i].style_name) and _is_heading_like(blocks[i])]
    if styled:
        return styled[0], set(styled)
    if plain_text:
        return (texts[0], {texts[0]}) if texts and _is_heading_like(blocks[texts[0]]) else (None, set())
    top: list[int] = []
    for index in texts[:4]:
        block = blocks[index]
        if not (_is_heading_like(block) and (block.all_bold or block.centred)):
            break
        top.append(index)
    if not top:
        return None, set()
    return max(top, key=lambda i: (blocks[i].size_pt, blocks[i].all_bold, -i)), set(top)


def _styled_runs(block: DocxBlock, keep_emphasis: bool) -> list[Run]:
    """The block's runs; bold and italic as character styles (in body text only), text trimmed."""
    runs: list[Run] = []
    for docx_run in block.runs:
        if not docx_run.text:
            continue
        style = None
        if keep_emphasis:
            style = BOLD_STYLE if docx_run.bold else ITALIC_STYLE if docx_run.italic else None
        if runs and runs[-1].char_style == style:
            runs[-1] = Run(text=runs[-1].text + docx_run.text, char_style=style)
        else:
            runs.append(Run(text=docx_run.text, char_style=style))
    # Spaces at either end go: a sender's indent (全角 or em spaces; the house style indents by
    # itself), a closing line break (Shift+Enter); runs of spaces alone go whole, bold ones too.
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0] = Run(text=runs[0].text.lstrip(), char_style=runs[0].char_style)
        runs[-1] = Run(text=runs[-1].text.rstrip(), char_style=runs[-1].char_style)
    return runs


class _Builder:
    """Collects paragraphs and photos in order and attaches captions."""

    def __init__(self, name: str) -> None:
        self.article = ImportedArticle(source_name=name)
        #: Index in ``article.photos`` of the last photo with no caption yet.
        self.waiting: int | None = None
        #: The previous block held a picture (a short paragraph right under it is its caption).
        self.after_picture = False

    def paragraph(self, style: str, block: DocxBlock) -> None:
        runs = _styled_runs(block, keep_emphasis=style == BODY_STYLE)
        if runs:
            self.article.paragraphs.append(Paragraph(style=style, runs=runs))

    def pictures(self, block: DocxBlock) -> None:
        for picture in block.pictures:
            photo = _photo(picture.data, picture.name, self.article)
            if photo is not None:
                self.article.photos.append(photo)
                self.waiting = len(self.article.photos) - 1
        if block.linked_pictures:
            self.article.notes.append(f"有 {block.linked_pictures} 张图片只是链接到发稿人电脑上的文件，"
                                      "没有嵌入文档，未导入；请向发稿人索要原图。")

    def caption(self, block: DocxBlock) -> bool:
        """Attach ``block`` as the waiting photo's caption, if it is one."""
        text = block.text.strip()
        is_caption = bool(_CAPTION.match(text)) or (self.after_picture and len(text) <= MAX_PLAIN_CAPTION_CHARS)
        if self.waiting is None or not is_caption:
            return False
        photo = self.article.photos[self.waiting]
        self.article.photos[self.waiting] = dataclasses.replace(photo, caption=text)
        self.waiting = None
        return True


def _closing_bylines(blocks: list[DocxBlock]) -> set[int]:
    """The indices of the short byline paragraphs that end the article (作者：赵六, （来源：…）),
    blank paragraphs between them skipped; a table or a picture ends the search."""
    closing: set[int] = set()
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        text = block.text.strip()
        if block.is_table or block.pictures or block.linked_pictures:
            break
        if not text:
            continue
        if len(text) > MAX_HEADING_CHARS or not _CLOSING_BYLINE.match(text):
            break
        closing.add(index)
    return closing


def _role(block: DocxBlock, index: int, title: int | None, headings: set[int], seen_body: bool) -> str:
    """The house style of a text block by its place relative to the title (closing bylines
    are ``_recognise``'s)."""
    text = block.text.strip()
    if title is not None and index < title:
        return KICKER_STYLE
    if index == title:
        return TITLE_STYLE
    if not seen_body and _BYLINE.search(text) and len(text) <= MAX_HEADING_CHARS:
        return BYLINE_STYLE
    if title is not None and not seen_body and (
            index in headings or _SUBTITLE_STYLES.match(block.style_name) or _SUBTITLE_DASH.match(text)):
        return SUBTITLE_STYLE
    return BODY_STYLE


def _recognise(blocks: list[DocxBlock], name: str, plain_text: bool) -> ImportedArticle:
    builder = _Builder(name)
    title, headings = _top_headings(blocks, plain_text)
    closing = _closing_bylines(blocks)
    tables = 0
    seen_body = False
    for index, block in enumerate(blocks):
        if block.is_table:
            tables += 1
            builder.after_picture = False
            continue
        has_text = bool(block.text.strip())
        if has_text and not builder.caption(block):
            style = BYLINE_STYLE if seen_body and index in closing else _role(block, index, title, headings, seen_body)
            seen_body = seen_body or style == BODY_STYLE
            builder.paragraph(style, block)
        builder.pictures(block)
        builder.after_picture = bool(block.pictures) and not has_text
    if tables:
        builder.article.notes.append(f"文中有 {tables} 个表格未导入：版面不支持表格，请改为文字或截图后插入图片。")
    if not builder.article.paragraphs and not builder.article.photos:
        raise refuse(name, "文件中没有文字或图片。")
    return builder.article
