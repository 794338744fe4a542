"""Clean up pasted text and HTML into paragraphs (pure, no Qt).

Text copied from chat apps, e-mail and web pages carries the sender's layout:
blank lines between paragraphs, indents typed as spaces or 全角空格, lines
hard-wrapped by the mail program, and (in HTML) fonts, colours and sizes. In
an issue the paragraph style does all of that, so a paste keeps only the
paragraphs, line breaks and bold.

Rules for plain text:

- a blank line ends a paragraph and is dropped;
- leading spaces, tabs, 全角空格, no-break spaces and a byte-order mark are
  dropped (the style indents), and so are trailing spaces;
- a line that starts indented begins a new paragraph;
- otherwise a line is a soft (hard-wrapped) continuation of the line before
  and is joined to it, unless the line before ends with sentence-final
  punctuation (``SENTENCE_ENDS``): then it begins a new paragraph;
- joined lines meet without a space when either side is a wide (CJK,
  full-width) character, else with one space (Latin words);
- U+2028 (our own clipboard's line break) stays a line break in the paragraph.

Rules for HTML: block elements (p, div, li, h1–h6, td, …) make paragraphs;
one <br> is a line break inside the paragraph, two or more in a row end the
paragraph; white space collapses as a browser collapses it (and a collapsed
space between two wide characters goes); b/strong and font-weight ≥ 600 are
kept as bold; every other attribute is dropped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from editor.model.story import Paragraph, Run

if TYPE_CHECKING:
    from lxml import etree

#: A line ending in one of these ends its paragraph (it is not a hard wrap).
SENTENCE_ENDS = "。！？!?…”」』；：;:."
#: Indent characters dropped at the start of a line (and a line starting with one is indented).
_INDENT = " \t\u3000\u00a0\ufeff"
#: Line break inside a paragraph in the model, and on our own clipboard.
_LINE_BREAK = "\n"
_CLIPBOARD_LINE_BREAK = "\u2028"
#: HTML elements whose contents form paragraphs of their own.
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "blockquote", "section",
           "article", "pre", "ul", "ol", "table", "header", "footer", "dd", "dt", "body", "html"}
#: HTML elements whose text is never shown.
_HIDDEN = {"script", "style", "head", "title", "template"}
_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z0-9]+)", re.IGNORECASE)

#: A paragraph while it is built: its characters, each with "is bold".
_Chars = list[tuple[str, bool]]


def is_wide(char: str) -> bool:
    """CJK ideographs, kana, hangul and full-width forms and punctuation."""
    return ord(char) >= 0x2E80


def _join_lines(previous: str, line: str) -> str:
    """Join a hard-wrapped line to the line before: no space beside a wide character, else one."""
    if is_wide(previous[-1]) or is_wide(line[0]):
        return previous + line
    return previous + " " + line


def _starts_paragraph(current: str, raw_line: str) -> bool:
    """Whether a non-blank line begins a new paragraph rather than continuing ``current``."""
    return raw_line[:1] in _INDENT or current[-1] in SENTENCE_ENDS


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of pasted plain text by the rules in the module docstring ("\\n" in a
    paragraph is a line break)."""
    paragraphs: list[str] = []
    current = ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", _CLIPBOARD_LINE_BREAK)
    for raw in text.split("\n"):
        pieces = [piece.strip(_INDENT).rstrip() for piece in raw.split(_CLIPBOARD_LINE_BREAK)]
        line = _LINE_BREAK.join(piece for piece in pieces if piece)
        if not line:
            current = _flush(paragraphs, current)
        elif not current:
            current = line
        elif _starts_paragraph(current, raw):
            _flush(paragraphs, current)
            current = line
        else:
            current = _join_lines(current, line)
    _flush(paragraphs, current)
    return paragraphs


def _flush(paragraphs: list[str], current: str) -> str:
    """End the paragraph being built (if any); the next starts empty."""
    if current:
        paragraphs.append(current)
    return ""


def paragraphs_from_text(text: str, style: str) -> list[Paragraph]:
    """Pasted plain text as model paragraphs of ``style`` (no character styles)."""
    return [Paragraph(style=style, runs=[Run(text=t)]) for t in text_paragraphs(text)]


# ------------------------------------------------------------------ HTML


def _bold_of(element: etree._Element, inherited: bool) -> bool:
    if element.tag in ("b", "strong"):
        inherited = True
    match = _WEIGHT.search(element.get("style", ""))
    if match:
        value = match.group(1).lower()
        if value in ("bold", "bolder"):
            return True
        if value in ("normal", "lighter"):
            return False
        if value.isdigit():
            return int(value) >= 600
    return inherited


class _HtmlReader:
    """Walks an HTML tree and collects paragraphs of (character, bold)."""

    def __init__(self) -> None:
        self.paragraphs: list[_Chars] = []
        self.current: _Chars = []
        self.breaks = 0  # <br> in a row not yet followed by text

    def end_paragraph(self) -> None:
        chars = _tidy(self.current)
        if chars:
            self.paragraphs.append(chars)
        self.current = []
        self.breaks = 0

    def text(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        text = re.sub(r"[ \t\r\n\f]+", " ", text)
        if self.breaks == 1 and self.current and text.strip(_INDENT):
            self.current.append((_LINE_BREAK, False))
        if text.strip(_INDENT):
            self.breaks = 0
        self.current.extend((char, bold) for char in text)

    def line_break(self) -> None:
        self.breaks += 1
        if self.breaks == 2:
            self.end_paragraph()

    def walk(self, element: etree._Element, inherited_bold: bool) -> None:
        """Read ``element`` and its tail (the tail has the parent's boldness)."""
        tag = element.tag.lower() if isinstance(element.tag, str) else ""  # comments have no str tag
        if tag and tag not in _HIDDEN:
            bold = _bold_of(element, inherited_bold)
            block = tag in _BLOCKS
            if block:
                self.end_paragraph()
            if tag == "br":
                self.line_break()
            self.text(element.text, bold)
            for child in element:
                self.walk(child, bold)
            if block:
                self.end_paragraph()
        self.text(element.tail, inherited_bold)


def _next_shown(chars: _Chars) -> list[str]:
    """For each position, the next character after it that is not an indent (a line break at the end)."""
    following = [_LINE_BREAK] * len(chars)
    upcoming = _LINE_BREAK
    for index in range(len(chars) - 1, -1, -1):
        following[index] = upcoming
        if chars[index][0] not in _INDENT:
            upcoming = chars[index][0]
    return following


def _tidy(chars: _Chars) -> _Chars:
    """Drop indents and trailing spaces around the paragraph and its line breaks, and a
    collapsed space between two wide characters."""
    out: _Chars = []
    following = _next_shown(chars)
    for index, (char, bold) in enumerate(chars):
        if char in _INDENT:
            before, after = (out[-1][0] if out else _LINE_BREAK), following[index]
            if before == _LINE_BREAK or after == _LINE_BREAK or before in _INDENT:
                continue
            if char == " " and is_wide(before) and is_wide(after):
                continue
        out.append((char, bold))
    while out and out[-1][0] == _LINE_BREAK:
        out.pop()
    return out


def _runs(chars: _Chars, bold_style: str) -> list[Run]:
    runs: list[Run] = []
    for char, bold in chars:
        style = bold_style if bold else None
        if runs and runs[-1].char_style == style:
            runs[-1].text += char
        else:
            runs.append(Run(text=char, char_style=style))
    return runs


def paragraphs_from_html(html: str, style: str, bold_style: str) -> list[Paragraph]:
    """Pasted HTML as model paragraphs of ``style``; bold text gets the character style
    ``bold_style``, nothing else of the source's formatting is kept."""
    import lxml.html  # here, not at the top: the editor's start does not wait for lxml (issue #12)
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    reader = _HtmlReader()
    reader.walk(root, False)
    reader.end_paragraph()
    return [Paragraph(style=style, runs=_runs(chars, bold_style)) for chars in reader.paragraphs]
