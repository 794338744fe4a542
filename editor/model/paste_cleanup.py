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
- a vertical tab (Word's Shift+Enter in its plain text) is a line like "\n";
- U+2028 (our own clipboard's line break) stays a line break in the paragraph.

Rules for HTML: block elements (p, div, li, h1–h6, td, …) make paragraphs;
one <br> is a hard line break as in plain text (``starts_paragraph``): the
line after it begins a new paragraph when it starts indented (全角空格 or
&nbsp;; collapsed white space is no indent) or the text before ends a
sentence, else the two are joined (``join_lines``); two or more <br> in a row
end the paragraph; white space collapses as a browser collapses it (and a
collapsed space between two wide characters goes); b/strong and font-weight
≥ 600 are kept as bold; every other attribute is dropped. Word's own line
break in a .docx (w:br) follows the same rule (``editor.io.docx_reader``).
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


def join_separator(previous: str, line: str) -> str:
    """What goes between a hard-wrapped line and the line before when they are joined: nothing
    beside a wide character, else one space (Latin words)."""
    if not previous or not line or is_wide(previous[-1]) or is_wide(line[0]):
        return ""
    return " "


def join_lines(previous: str, line: str) -> str:
    """Join a hard-wrapped line to the line before (``join_separator`` between them)."""
    return previous + join_separator(previous, line) + line


def starts_paragraph(before: str, raw_line: str) -> bool:
    """Whether the non-blank ``raw_line`` after a hard line break begins a new paragraph rather
    than continuing ``before``: it starts indented, or ``before`` ends a sentence."""
    last = before.rstrip(_INDENT)[-1:]
    return raw_line[:1] in _INDENT or (last != "" and last in SENTENCE_ENDS)


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of pasted plain text by the rules in the module docstring ("\\n" in a
    paragraph is a line break)."""
    paragraphs: list[str] = []
    current = ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    for raw in text.split("\n"):
        pieces = [piece.strip(_INDENT).rstrip() for piece in raw.split(_CLIPBOARD_LINE_BREAK)]
        line = _LINE_BREAK.join(piece for piece in pieces if piece)
        if not line:
            current = _flush(paragraphs, current)
        elif not current:
            current = line
        elif starts_paragraph(current, raw):
            _flush(paragraphs, current)
            current = line
        else:
            current = join_lines(current, line)
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
        self.break_at = 0  # where in ``current`` the last <br> was

    def end_paragraph(self) -> None:
        chars = _tidy(self.current)
        if chars:
            self.paragraphs.append(chars)
        self.current = []
        self.breaks = 0

    def text(self, text: str | None, bold: bool) -> None:
        if not text:
            return
        self.current.extend((char, bold) for char in re.sub(r"[ \t\r\n\f]+", " ", text))
        if text.strip(_INDENT):
            if self.breaks == 1:
                self.resolve_break()
            self.breaks = 0

    def line_break(self) -> None:
        self.breaks += 1
        self.break_at = len(self.current)
        if self.breaks == 2:
            self.end_paragraph()

    def resolve_break(self) -> None:
        """The line after a single <br> has text: a new paragraph, or joined to the text before."""
        before, after = self.current[:self.break_at], self.current[self.break_at:]
        while before and before[-1][0] == " ":  # collapsed white space at a line's end is not shown …
            before.pop()
        while after and after[0][0] == " ":  # … nor at its start, and is no indent
            after.pop(0)
        before_text, after_text = "".join(c for c, _ in before), "".join(c for c, _ in after)
        if before_text.strip(_INDENT) and starts_paragraph(before_text, after_text):
            self.current = before
            self.end_paragraph()
            self.current = after
            return
        separator = join_separator(before_text.rstrip(_INDENT), after_text)
        self.current = before + [(char, before[-1][1]) for char in separator] + after

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


#: Stands for the start and the end of a paragraph beside its first and last character.
_EDGE = "\n"


def _next_shown(chars: _Chars) -> list[str]:
    """For each position, the next character after it that is not an indent (``_EDGE`` at the end)."""
    following = [_EDGE] * len(chars)
    upcoming = _EDGE
    for index in range(len(chars) - 1, -1, -1):
        following[index] = upcoming
        if chars[index][0] not in _INDENT:
            upcoming = chars[index][0]
    return following


def _tidy(chars: _Chars) -> _Chars:
    """Drop indents and trailing spaces around the paragraph, runs of them inside it, and a
    collapsed space between two wide characters."""
    out: _Chars = []
    following = _next_shown(chars)
    for index, (char, bold) in enumerate(chars):
        if char in _INDENT:
            before, after = (out[-1][0] if out else _EDGE), following[index]
            if before == _EDGE or after == _EDGE or before in _INDENT:
                continue
            if char == " " and is_wide(before) and is_wide(after):
                continue
        out.append((char, bold))
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
