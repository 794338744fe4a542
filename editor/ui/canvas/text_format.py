"""Character formatting while a story is edited on the canvas: Ctrl+B (加粗).

Kept apart from ``text_editing`` (the caret and the edits typing makes)
because it is the one place that chooses how bold looks: the character
style 加粗 (``editor.model.char_format.bold_style``), created on first use
as paste and Word import create it: bold, which a family without a bold face
(宋体) shows emboldened in the PDF and on screen, as Word does with the DOCX
(``editor.layout.charformat``: synthetic bold). With a selection, Ctrl+B
toggles bold on it as one undo step and the selection stays; with only a
caret, it toggles bold for the text typed next at that caret, as Word does
(typing after bold text continues bold anyway: typed text takes the style
of the text before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor.model import char_format, edits
from editor.model.changes import Change, set_item
from editor.model.document import Document
from editor.model.story import Story
from editor.ui.canvas import story_text as st

if TYPE_CHECKING:
    from editor.ui.canvas.text_editing import TextEditor

#: Undo labels.
BOLD_LABEL = "加粗"
NOT_BOLD_LABEL = "取消加粗"


@dataclass(frozen=True)
class PendingBold:
    """Ctrl+B with no selection: the text typed next at ``position`` of ``story`` is (not) bold."""

    story: Story
    position: st.Position
    bold: bool


def _new_style_changes(doc: Document, story: Story) -> list[Change]:
    """The character styles the new story uses that the document lacks, as changes."""
    return [set_item(doc.character_styles, style.name, style)
            for style in char_format.missing_styles(story, doc.character_styles)]


def toggle_bold(editor: TextEditor) -> bool:
    """Ctrl+B: bold on the selection (one undo step; the selection stays), or, with only a caret,
    bold on or off for the text typed next there."""
    story = editor.story()
    if story is None or not story.paragraphs:
        return False
    doc = editor.canvas.controller.doc
    if editor.anchor == editor.caret:
        return _toggle_pending(editor, story)
    bold = not char_format.range_is_bold(story, editor.anchor, editor.caret, doc.paragraph_styles,
                                         doc.character_styles)
    new = char_format.set_bold(story, editor.anchor, editor.caret, bold, doc.paragraph_styles,
                               doc.character_styles)
    if new == story or not edits.set_story(doc, new):
        return False
    anchor, caret = editor.anchor, editor.caret
    done = editor.apply(BOLD_LABEL if bold else NOT_BOLD_LABEL, new, caret,
                        "format", _new_style_changes(doc, new))
    editor.anchor = anchor
    editor.move_to(caret, True)  # the selection stays, as in Word
    return done


def _toggle_pending(editor: TextEditor, story: Story) -> bool:
    """Ctrl+B at a caret: the next typed text takes the other weight than the caret's (that of the
    character before it, else after it, else the paragraph style's); a second Ctrl+B undoes that."""
    pending = pending_bold(editor)
    if pending is not None:
        bold = not pending.bold
    else:
        bold = not _bold_at(editor.canvas.controller.doc, story, editor.caret)
    editor.pending_bold = PendingBold(story, editor.caret, bold)
    editor.canvas.notify("接着输入的文字将" + ("加粗。" if bold else "不加粗。"))
    return True


def _bold_at(doc: Document, story: Story, caret: st.Position) -> bool:
    """Whether text typed at ``caret`` would be bold now."""
    para, offset = caret
    paragraph = story.paragraphs[para]
    if st.paragraph_length(paragraph) == 0:
        pstyle = doc.paragraph_styles.get(paragraph.style)
        return pstyle.bold if pstyle is not None else False
    lo = offset - 1 if offset else 0
    return char_format.range_is_bold(story, (para, lo), (para, lo + 1), doc.paragraph_styles, doc.character_styles)


def pending_bold(editor: TextEditor) -> PendingBold | None:
    """The Ctrl+B waiting for typed text, if the caret and the story are still where it was pressed."""
    pending = editor.pending_bold
    if pending is None or pending.story is not editor.story() or pending.position != editor.caret \
            or editor.anchor != editor.caret:
        return None
    return pending


def typed_format(editor: TextEditor, story: Story, start: st.Position, end: st.Position) -> tuple[Story, list[Change]]:
    """Text just typed between ``start`` and ``end`` in ``story``, set as a pending Ctrl+B asks,
    with the styles that needs; unchanged when nothing is pending."""
    pending = pending_bold(editor)
    editor.pending_bold = None
    if pending is None:
        return story, []
    doc = editor.canvas.controller.doc
    story = char_format.set_bold(story, start, end, pending.bold, doc.paragraph_styles, doc.character_styles)
    return story, _new_style_changes(doc, story)
