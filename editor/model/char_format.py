"""Bold on a range of a story: the character style 加粗 applied or taken off (pure, no Qt).

Word and WPS users bold a lead-in phrase inside body text with Ctrl+B. A run
has one character style, so bold is the character style ``加粗`` (the same
one that pasted and imported bold text gets), and taking bold off a run
gives it no character style — or ``常规`` (bold off) where the paragraph
style itself is bold, as in a headline. The canvas's Ctrl+B
(``editor.ui.canvas.text_format``) toggles through these, so the project
file keeps the style name and the DOCX carries it as a Word character style.

A character counts as bold when its character style says so (``bold``), or
names ``加粗`` (whatever a hand-made file defines it as), or, without a say
of its own, when its paragraph style is bold. A family without a bold face
(宋体) is drawn emboldened (``editor.layout.charformat``: synthetic bold).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from editor.model.imported_article import BOLD_STYLE
from editor.model.runs import join_runs, run_length, split_runs
from editor.model.story import Paragraph, Run, Story
from editor.model.styles import CharacterStyle, ParagraphStyle

Position = tuple[int, int]
#: The character style that takes bold off text in a bold paragraph style (Word's 字形 常规).
NOT_BOLD_STYLE = "常规"


def not_bold_style() -> CharacterStyle:
    """The 常规 style, as created on first use."""
    return CharacterStyle(name=NOT_BOLD_STYLE, bold=False)


def bold_style() -> CharacterStyle:
    """The 加粗 style, as created on first use — the one paste and Word import create too. A family
    without a bold face (宋体) is emboldened, in the PDF and on screen as Word does with the DOCX."""
    return CharacterStyle(name=BOLD_STYLE, bold=True)


def run_is_bold(run: Run, paragraph_bold: bool, character_styles: dict[str, CharacterStyle]) -> bool:
    """Whether a run is set bold in a paragraph whose style is bold (``paragraph_bold``) or not."""
    if run.char_style == BOLD_STYLE:
        return True
    cstyle = character_styles.get(run.char_style) if run.char_style else None
    if cstyle is not None and cstyle.bold is not None:
        return cstyle.bold
    return paragraph_bold


def _paragraph_bold(paragraph: Paragraph, paragraph_styles: dict[str, ParagraphStyle]) -> bool:
    style = paragraph_styles.get(paragraph.style)
    return style.bold if style is not None else False


def _spans(story: Story, start: Position, end: Position) -> Iterator[tuple[int, int, int]]:
    """(paragraph index, from offset, to offset) of each paragraph's share of the range."""
    first, last = sorted((start, end))
    for index in range(max(first[0], 0), min(last[0], len(story.paragraphs) - 1) + 1):
        lo = first[1] if index == first[0] else 0
        hi = last[1] if index == last[0] else sum(run_length(run) for run in story.paragraphs[index].runs)
        yield index, lo, hi


def _middle(paragraph: Paragraph, lo: int, hi: int) -> tuple[list[Run], list[Run], list[Run]]:
    """The paragraph's runs before ``lo``, from ``lo`` to ``hi``, and after ``hi``."""
    head, rest = split_runs(paragraph.runs, lo)
    middle, tail = split_runs(rest, hi - lo)
    return head, [run for run in middle if run.field is not None or run.text], tail


def range_is_bold(story: Story, start: Position, end: Position, paragraph_styles: dict[str, ParagraphStyle],
                  character_styles: dict[str, CharacterStyle]) -> bool:
    """True if every character between the positions is bold (False for an empty range)."""
    seen = False
    for index, lo, hi in _spans(story, start, end):
        paragraph = story.paragraphs[index]
        bold = _paragraph_bold(paragraph, paragraph_styles)
        for run in _middle(paragraph, lo, hi)[1]:
            seen = True
            if not run_is_bold(run, bold, character_styles):
                return False
    return seen


def restyle_range(story: Story, start: Position, end: Position,
                  restyle: Callable[[Run, Paragraph], str | None]) -> Story:
    """The story with each run between the positions given the character style ``restyle`` names
    (cut at the range's ends; neighbours of one style joined again)."""
    paragraphs = list(story.paragraphs)
    for index, lo, hi in _spans(story, start, end):
        paragraph = paragraphs[index]
        head, middle, tail = _middle(paragraph, lo, hi)
        middle = [dataclasses.replace(run, char_style=restyle(run, paragraph)) for run in middle]
        paragraphs[index] = dataclasses.replace(paragraph, runs=join_runs(head + middle + tail))
    return dataclasses.replace(story, paragraphs=paragraphs)


def set_bold(story: Story, start: Position, end: Position, bold: bool, paragraph_styles: dict[str, ParagraphStyle],
             character_styles: dict[str, CharacterStyle]) -> Story:
    """The story with the range made bold (runs already bold keep their style: 要点 stays 要点;
    常规 in a bold paragraph style comes off) or not bold (no character style; 常规 in a bold
    paragraph style)."""
    def restyle(run: Run, paragraph: Paragraph) -> str | None:
        paragraph_bold = _paragraph_bold(paragraph, paragraph_styles)
        if run_is_bold(run, paragraph_bold, character_styles) == bold:
            return run.char_style
        if bold:  # 常规 in a bold paragraph comes off; anything else becomes 加粗
            return None if paragraph_bold and run.char_style == NOT_BOLD_STYLE else BOLD_STYLE
        return NOT_BOLD_STYLE if paragraph_bold else None

    return restyle_range(story, start, end, restyle)


def missing_styles(story: Story, character_styles: dict[str, CharacterStyle]) -> list[CharacterStyle]:
    """The styles 加粗 and 常规, as created on first use, if the story uses them and the document lacks them."""
    used = {run.char_style for paragraph in story.paragraphs for run in paragraph.runs}
    wanted = {BOLD_STYLE: bold_style(), NOT_BOLD_STYLE: not_bold_style()}
    return [style for name, style in wanted.items() if name in used and name not in character_styles]
