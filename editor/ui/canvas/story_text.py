"""Text edits inside a story, as new ``Story`` values (pure, no Qt).

A position is (paragraph index, offset) with offsets counted as the layout
counts them (``LineBox.start_offset``, ``GlyphRun.char_offsets``): a field
run (issue number, page number …) is one unit, so the caret steps over a
field as over one character and never lands inside it. Each function
returns a new story and the caret after the edit; the old story is left
untouched because the undo stack still holds it. Typed text takes the
character style of the text before it, as in Word.

Kept here, beside the canvas's text editing, because only in-place editing
needs it; it imports nothing of Qt, so a story editor panel can reuse it.
"""

from __future__ import annotations

import dataclasses

from editor.model.runs import join_runs as _normalised
from editor.model.runs import run_length
from editor.model.runs import split_runs as _split_runs
from editor.model.story import Paragraph, Run, Story

Position = tuple[int, int]

#: What a field shows up as in plain text handed to an input method.
FIELD_CHAR = "\ufffc"
#: Line break inside a paragraph in the model (Shift+Enter).
LINE_BREAK = "\n"
#: Line break inside a paragraph on the clipboard (paragraphs are separated by "\n").
CLIPBOARD_LINE_BREAK = "\u2028"
#: A private-use stand-in for a line break while pasted text is split into paragraphs.
LINE_BREAK_MARK = "\ue000"


def paragraph_length(paragraph: Paragraph) -> int:
    """Offsets in a paragraph: characters, with each field counted once."""
    return sum(run_length(run) for run in paragraph.runs)


def paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text, one character per offset (a field is ``FIELD_CHAR``)."""
    return "".join(FIELD_CHAR if run.field is not None else run.text for run in paragraph.runs)


def start_of(story: Story) -> Position:
    return (0, 0)


def end_of(story: Story) -> Position:
    if not story.paragraphs:
        return (0, 0)
    last = len(story.paragraphs) - 1
    return (last, paragraph_length(story.paragraphs[last]))


def clamp(story: Story, pos: Position) -> Position:
    """The nearest valid position (after an undo shortened the story, say)."""
    if not story.paragraphs:
        return (0, 0)
    para = max(0, min(pos[0], len(story.paragraphs) - 1))
    return (para, max(0, min(pos[1], paragraph_length(story.paragraphs[para]))))


def next_position(story: Story, pos: Position) -> Position:
    para, offset = clamp(story, pos)
    if not story.paragraphs:
        return pos
    if offset < paragraph_length(story.paragraphs[para]):
        return (para, offset + 1)
    return (para + 1, 0) if para + 1 < len(story.paragraphs) else (para, offset)


def previous_position(story: Story, pos: Position) -> Position:
    para, offset = clamp(story, pos)
    if offset > 0:
        return (para, offset - 1)
    if para > 0:
        return (para - 1, paragraph_length(story.paragraphs[para - 1]))
    return (para, offset)


def _style_before(before: list[Run], after: list[Run]) -> str | None:
    """The character style typed text takes: that of the text before it, else after it."""
    for run in reversed(before):
        return run.char_style
    for run in after:
        return run.char_style
    return None


def _with_paragraphs(story: Story, start: int, stop: int, replacement: list[Paragraph]) -> Story:
    paragraphs = list(story.paragraphs)
    paragraphs[start:stop] = replacement
    return dataclasses.replace(story, paragraphs=paragraphs)


def _ensure_paragraph(story: Story, default_style: str) -> Story:
    if story.paragraphs:
        return story
    return dataclasses.replace(story, paragraphs=[Paragraph(style=default_style)])


def insert_text(story: Story, pos: Position, text: str, default_style: str = "正文") -> tuple[Story, Position]:
    """Insert ``text`` (no paragraph breaks; "\\n" is a line break) at ``pos``."""
    story = _ensure_paragraph(story, default_style)
    para, offset = clamp(story, pos)
    if not text:
        return story, (para, offset)
    paragraph = story.paragraphs[para]
    before, after = _split_runs(paragraph.runs, offset)
    new_run = Run(text=text, char_style=_style_before(before, after))
    runs = _normalised(before + [new_run] + after)
    new_paragraph = dataclasses.replace(paragraph, runs=runs)
    return _with_paragraphs(story, para, para + 1, [new_paragraph]), (para, offset + len(text))


def insert_field(story: Story, pos: Position, name: str, default_style: str = "正文") -> tuple[Story, Position]:
    """Insert a field run (期号, 页码 …) at ``pos``: one offset, in the character style typed text would take."""
    story = _ensure_paragraph(story, default_style)
    para, offset = clamp(story, pos)
    paragraph = story.paragraphs[para]
    before, after = _split_runs(paragraph.runs, offset)
    field_run = Run(field=name, char_style=_style_before(before, after))  # type: ignore[arg-type]
    new_paragraph = dataclasses.replace(paragraph, runs=_normalised(before + [field_run] + after))
    return _with_paragraphs(story, para, para + 1, [new_paragraph]), (para, offset + 1)


def delete_range(story: Story, start: Position, end: Position) -> tuple[Story, Position]:
    """Remove everything between two positions (in either order); paragraphs in between merge."""
    if not story.paragraphs:
        return story, (0, 0)
    start, end = sorted((clamp(story, start), clamp(story, end)))
    if start == end:
        return story, start
    first, last = story.paragraphs[start[0]], story.paragraphs[end[0]]
    keep_before, _ = _split_runs(first.runs, start[1])
    _, keep_after = _split_runs(last.runs, end[1])
    merged = dataclasses.replace(first, runs=_normalised(keep_before + keep_after))
    return _with_paragraphs(story, start[0], end[0] + 1, [merged]), start


def split_paragraph(story: Story, pos: Position, default_style: str = "正文") -> tuple[Story, Position]:
    """Enter: end the paragraph at ``pos``; the new one has the same paragraph style."""
    story = _ensure_paragraph(story, default_style)
    para, offset = clamp(story, pos)
    paragraph = story.paragraphs[para]
    before, after = _split_runs(paragraph.runs, offset)
    head = dataclasses.replace(paragraph, runs=_normalised(before))
    tail = dataclasses.replace(paragraph, runs=_normalised(after))
    return _with_paragraphs(story, para, para + 1, [head, tail]), (para + 1, 0)


def insert_plain_text(story: Story, pos: Position, text: str, default_style: str = "正文") -> tuple[Story, Position]:
    """Paste: "\\n" (or "\\r\\n", "\\r") starts a new paragraph, U+2028 or a vertical tab is a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", LINE_BREAK_MARK).replace(
        CLIPBOARD_LINE_BREAK, LINE_BREAK_MARK)
    pieces = text.split("\n")
    for index, piece in enumerate(pieces):
        if index:
            story, pos = split_paragraph(story, pos, default_style)
        story, pos = insert_text(story, pos, piece.replace(LINE_BREAK_MARK, LINE_BREAK), default_style)
    return story, pos



def insert_paragraphs(story: Story, pos: Position, paragraphs: list[Paragraph],
                      default_style: str = "正文") -> tuple[Story, Position]:
    """Paste cleaned paragraphs at ``pos``: the first joins the paragraph at the caret, each next
    one starts a new paragraph in the caret paragraph's style; runs keep their own character
    styles (the pasted paragraphs' styles are ignored)."""
    for index, pasted in enumerate(paragraphs):
        if index:
            story, pos = split_paragraph(story, pos, default_style)
        story = _ensure_paragraph(story, default_style)
        para, offset = clamp(story, pos)
        paragraph = story.paragraphs[para]
        before, after = _split_runs(paragraph.runs, offset)
        new_paragraph = dataclasses.replace(paragraph, runs=_normalised(before + list(pasted.runs) + after))
        story = _with_paragraphs(story, para, para + 1, [new_paragraph])
        pos = (para, offset + paragraph_length(pasted))
    return story, pos



def text_between(story: Story, start: Position, end: Position) -> str:
    """Plain text for the clipboard: paragraphs joined by "\\n", line breaks as U+2028, fields as their marker."""
    if not story.paragraphs:
        return ""
    start, end = sorted((clamp(story, start), clamp(story, end)))
    parts: list[str] = []
    for index in range(start[0], end[0] + 1):
        text = paragraph_text(story.paragraphs[index])
        lo = start[1] if index == start[0] else 0
        hi = end[1] if index == end[0] else len(text)
        parts.append(text[lo:hi].replace(FIELD_CHAR, "").replace(LINE_BREAK, CLIPBOARD_LINE_BREAK))
    return "\n".join(parts)


def set_paragraph_style(story: Story, first: int, last: int, style: str) -> Story:
    """Give paragraphs ``first``..``last`` (inclusive) the paragraph style ``style``."""
    story = _ensure_paragraph(story, style)
    paragraphs = list(story.paragraphs)
    for index in range(max(first, 0), min(last, len(paragraphs) - 1) + 1):
        if paragraphs[index].style != style:
            paragraphs[index] = dataclasses.replace(paragraphs[index], style=style)
    return dataclasses.replace(story, paragraphs=paragraphs)


def story_from_text(story_id: str, text: str, style: str, name: str = "") -> Story:
    """A story of plain paragraphs, one per non-empty line (leading indent spaces dropped:
    the paragraph style indents)."""
    paragraphs = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip(" \t\u3000\ufeff")
        if line:
            paragraphs.append(Paragraph(style=style, runs=[Run(text=line)]))
    return Story(id=story_id, name=name, paragraphs=paragraphs or [Paragraph(style=style)])


def body_style(paragraph_styles: dict) -> str:
    """The paragraph style new text gets: 正文 if the document has it, else its first style."""
    if "正文" in paragraph_styles or not paragraph_styles:
        return "正文"
    return next(iter(paragraph_styles))


def _char_kind(ch: str) -> str:
    """"han", "word" (letters, digits) or "" (space, punctuation, a field), for word selection."""
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        return "han"
    return "word" if ch.isalnum() else ""


def word_bounds(text: str, offset: int) -> tuple[int, int] | None:
    """The run of characters of one kind at ``offset`` in a paragraph's text (Han, or letters and
    digits), stopping at spaces and punctuation: what a double-click selects. None on neither."""
    kind = _char_kind(text[offset]) if offset < len(text) else _char_kind(text[offset - 1]) if offset else ""
    if not kind:
        return None
    start = offset
    while start > 0 and _char_kind(text[start - 1]) == kind:
        start -= 1
    end = offset
    while end < len(text) and _char_kind(text[end]) == kind:
        end += 1
    return start, end
