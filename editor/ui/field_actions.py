"""插入 → 字段 ▸ and 视图 → 字段底纹: field text typed at the caret, and its shading on screen.

A field (刊名, 期号, 页码 …) is a run whose text comes from 期刊信息 or from
the page it lands on (``editor.model.fields``); the canvas inserts it at the
text cursor as one unit. Field shading is a view option like Word's: the
canvas draws field text on light grey so the editor sees what will change by
itself; exports never show it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor.model.story import FIELD_LABELS

if TYPE_CHECKING:
    from editor.ui.actions import EditorActions

#: Said in the status bar when 插入 → 字段 is chosen with no text cursor.
NO_CARET = "请先双击文本框，把光标放在要插入字段的位置。"


def insert_field(actions: EditorActions, name: str) -> bool:
    """Put field ``name`` at the canvas's text cursor; tell the user when there is none."""
    canvas = actions.window.canvas
    inserting = getattr(canvas, "insert_field", None)
    if inserting is not None and inserting(name):
        return True
    actions.window.status.showMessage(NO_CARET, 5000)
    return False


def set_field_shading(actions: EditorActions, shown: bool) -> None:
    canvas = actions.window.canvas
    if hasattr(canvas, "set_field_shading"):
        canvas.set_field_shading(shown)


def install_field_actions(actions: EditorActions) -> None:
    """The 字段 submenu of 插入 and the 字段底纹 switch of 视图 (checked: shading is on by default)."""
    fields = actions.menus["insert"].addMenu("字段(&F)")
    for name, label in FIELD_LABELS.items():
        fields.addAction(actions.add(f"field_{name}", label, lambda name=name: insert_field(actions, name),
                                     None, f"在光标处插入字段“{label}”，随期刊信息或所在页自动更新"))
    shading = actions.add("field_shading", "字段底纹", lambda: set_field_shading(actions, shading.isChecked()),
                          None, "在屏幕上用浅灰底色标出字段文字（不会导出或打印）", checkable=True)
    shading.setChecked(True)
    actions.menus["view"].addSeparator()
    actions.menus["view"].addAction(shading)
