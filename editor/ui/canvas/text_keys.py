"""Keys while editing text: what each one does to the caret and the story.

Word's and InDesign's keys: arrows, Home/End (Ctrl: story start/end), Shift
extends the selection, Backspace/Delete, Enter starts a new paragraph with
the same style, Shift+Enter breaks the line inside the paragraph, Ctrl+A/C/X/V,
Ctrl+B bold (``text_format``), Esc ends editing; Tab and Shift+Tab do nothing
(no tabs in Chinese body text; the caret stays in the frame). ``claims`` tells
the canvas which keys to keep from menu shortcuts (Delete must delete a
character, not the frame; Ctrl+B is handled here once, not again by 编辑 → 加粗).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from editor.ui.canvas import story_text as st
from editor.ui.canvas import text_clipboard, text_format

if TYPE_CHECKING:
    from editor.ui.canvas.text_editing import TextEditor

K = Qt.Key
_MOVES = {K.Key_Left, K.Key_Right, K.Key_Up, K.Key_Down, K.Key_Home, K.Key_End, K.Key_PageUp, K.Key_PageDown}
_EDITS = {K.Key_Backspace, K.Key_Delete, K.Key_Return, K.Key_Enter, K.Key_Escape, K.Key_Tab, K.Key_Backtab}
_CTRL_KEYS = {K.Key_A, K.Key_B, K.Key_C, K.Key_X, K.Key_V}


def _ctrl(event: QKeyEvent) -> bool:
    return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)


def _typed(event: QKeyEvent) -> str:
    """The text a key types, or "" for control keys and shortcuts. Ctrl+… and Alt+… are shortcuts
    (Alt+F opens 文件), but Ctrl+Alt is AltGr on Windows, which types characters."""
    text = event.text()
    ctrl = _ctrl(event)
    alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
    if not text or ctrl != alt:
        return ""
    return "".join(ch for ch in text if ch.isprintable() and ch not in "\x7f")


def claims(event: QKeyEvent) -> bool:
    """Whether editing needs this key itself (so a menu shortcut must not take it)."""
    key = event.key()
    if key in _MOVES or key in _EDITS:
        return True
    if _ctrl(event) and key in _CTRL_KEYS:
        return True
    return bool(_typed(event))


def handle_key(editor: TextEditor, event: QKeyEvent) -> bool:
    """Do what ``event`` means while editing; False if the key is not an editing key."""
    key = event.key()
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    ctrl = _ctrl(event)
    story = editor.story()
    if story is None:
        return False
    if key == K.Key_Escape:
        editor.canvas.stop_text_editing()
    elif key in (K.Key_Left, K.Key_Right):
        editor.move_horizontal(-1 if key == K.Key_Left else 1, shift)
    elif key in (K.Key_Up, K.Key_Down):
        editor.move_vertical(-1 if key == K.Key_Up else 1, shift)
    elif key in (K.Key_PageUp, K.Key_PageDown):
        editor.move_vertical(-20 if key == K.Key_PageUp else 20, shift)
    elif key == K.Key_Home:
        editor.move_to(st.start_of(story), shift) if ctrl else editor.move_to_line_edge(False, shift)
    elif key == K.Key_End:
        editor.move_to(st.end_of(story), shift) if ctrl else editor.move_to_line_edge(True, shift)
    elif key == K.Key_Backspace:
        editor.delete(forward=False)
    elif key == K.Key_Delete:
        editor.delete(forward=True)
    elif key in (K.Key_Return, K.Key_Enter):
        if shift:
            editor.insert(st.LINE_BREAK, "换行", "break")
        else:
            editor.new_paragraph()
    elif key in (K.Key_Tab, K.Key_Backtab):
        pass  # no tabs in Chinese body text; keep focus in the frame
    elif ctrl and key == K.Key_A:
        editor.select_all()
    elif ctrl and key == K.Key_B:
        text_format.toggle_bold(editor)
    elif ctrl and key == K.Key_C:
        text_clipboard.copy(editor)
    elif ctrl and key == K.Key_X:
        text_clipboard.cut(editor)
    elif ctrl and shift and key == K.Key_V:
        text_clipboard.paste_as_copied(editor)
    elif ctrl and key == K.Key_V:
        text_clipboard.paste(editor)
    elif ctrl and key == K.Key_Z:
        stack = editor.canvas.controller.undo_stack
        stack.redo() if shift else stack.undo()
    elif ctrl and key == K.Key_Y:
        editor.canvas.controller.undo_stack.redo()
    elif text := _typed(event):
        editor.insert(text)
    else:
        return False
    return True
