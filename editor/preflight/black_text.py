"""Small text in four-colour black: a near-black that is not pure black, set small.

The print preset draws pure black #000000 on the black plate alone
(``editor.render.pdf_colour``); any other colour goes to the print shop as
RGB and its RIP builds it from all four inks. For a colour that looks black
(``editor.layout.inks.is_rich_black``: #1A1A1A, #0A0A0A, a very dark navy)
that is a rich black, and small text in it blurs and shows coloured fringes
when the plates are a hair out of register. Text under
``PreflightSettings.small_text_pt`` in such a colour is reported once per
style that gives it the colour (the paragraph style, or the character style
that overrides it), at the first page where it shows; 修复 sets that
style's colour to #000000 (``fixes.set_pure_black``).

Registration (套版色) is not checked: colours are RGB, and none asks for all
four inks (``editor.layout.inks``).
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.errors import display_name
from editor.layout.charformat import FALLBACK_PARAGRAPH_STYLE, resolve_color
from editor.layout.display import RGB, DocumentLayout
from editor.layout.inks import PURE_BLACK, is_rich_black
from editor.model.document import Document
from editor.model.story import Paragraph, Run
from editor.preflight.findings import (
    CHARACTER_STYLE,
    PARAGRAPH_STYLE,
    SET_PURE_BLACK,
    SMALL_TEXT_RICH_BLACK,
    WARNING,
    Finding,
    PreflightSettings,
    StyleRef,
)
from editor.preflight.places import laid_out


@dataclass(frozen=True)
class _RunInk:
    """How a run of text is set, as far as its ink goes: size, colour, and where the colour comes from."""

    size_pt: float
    color: RGB
    #: The colour value as the style writes it (#1A1A1A, or a swatch's name).
    value: str
    source: StyleRef


def _run_ink(doc: Document, paragraph: Paragraph, run: Run) -> _RunInk:
    """Resolved as ``charformat.FormatResolver`` resolves it: the character style's colour wins when it has one."""
    pstyle = doc.paragraph_styles.get(paragraph.style, FALLBACK_PARAGRAPH_STYLE)
    cstyle = doc.character_styles.get(run.char_style) if run.char_style else None
    size_pt = cstyle.size_pt if cstyle is not None and cstyle.size_pt is not None else pstyle.size_pt
    own = resolve_color(doc, cstyle.color) if cstyle is not None else None
    if cstyle is not None and own is not None:
        return _RunInk(size_pt, own, cstyle.color or "", (CHARACTER_STYLE, run.char_style or ""))
    return _RunInk(size_pt, resolve_color(doc, pstyle.color) or PURE_BLACK, pstyle.color,
                   (PARAGRAPH_STYLE, paragraph.style))


def _hex(color: RGB) -> str:
    return "#" + "".join(f"{round(channel * 255):02X}" for channel in color)


def _message(ink: _RunInk) -> str:
    kind, name = ink.source
    style = f"{'段落' if kind == PARAGRAPH_STYLE else '字符'}样式“{display_name(name)}”"
    value = _hex(ink.color)
    colour = value if ink.value.upper() == value else f"色板“{display_name(ink.value)}”（{value}）"
    return (f"{style}的 {ink.size_pt:g} 磅小字用了 {colour}：看着是黑色，却不是纯黑 #000000，"
            "印刷时由四色叠成，套印稍有偏差小字就发虚、带彩边。改为纯黑，只用黑版印。")


def _small_rich_black(doc: Document, paragraph: Paragraph, settings: PreflightSettings) -> list[_RunInk]:
    inks = [_run_ink(doc, paragraph, run) for run in paragraph.runs if run.text.strip() or run.field is not None]
    return [ink for ink in inks if ink.size_pt < settings.small_text_pt and is_rich_black(ink.color)]


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """One warning per style that sets small text in a near-black, at the first page showing such text."""
    shown = laid_out(doc, layout)
    seen_paragraphs: set[tuple[str, int]] = set()
    reported: set[StyleRef] = set()
    findings: list[Finding] = []
    for page in layout.pages:
        for line in page.lines:
            key = (line.story_id, line.paragraph_index)
            story = shown.stories.get(line.story_id)
            if key in seen_paragraphs or story is None or not 0 <= line.paragraph_index < len(story.paragraphs):
                continue
            seen_paragraphs.add(key)
            for ink in _small_rich_black(shown, story.paragraphs[line.paragraph_index], settings):
                if ink.source in reported:
                    continue
                reported.add(ink.source)
                findings.append(Finding(SMALL_TEXT_RICH_BLACK, WARNING, _message(ink), page.index + 1,
                                        line.frame_id, line.story_id, SET_PURE_BLACK, ink.source))
    return findings
