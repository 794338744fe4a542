"""The editor side of the real input-method test (``test_ime_real``): run in its own process.

``python -m tests.ime_driver RESULT.json`` opens the editor's main window on
X (``QT_QPA_PLATFORM=xcb``, ``QT_IM_MODULE=ibus``, under the Xvfb, D-Bus and
IBus session ``test_ime_real`` starts), puts the caret into a paragraph and
types with ``xdotool`` — real X key events, through Qt's IBus plugin and
ibus-libpinyin, as a user's keyboard would. What the model, the layout the
canvas shows and the input-method queries say after each step is written to
RESULT.json for the test to judge; the driver itself asserts nothing, so
every failure is reported by pytest with the values seen.

Steps: "zhongguo" (the preedit, the glyphs the canvas shows and the cursor
rectangle are recorded during composition), space (the first candidate is
committed), Ctrl+Z, "nihao" then Escape, and digits typed into 属性 → 宽度
with 拼音 still active.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from editor.layout.display import GlyphRun
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame
from editor.ui.app import create_application
from editor.ui.main_window import MainWindow

TEXT = "中铝股份党群工作"
#: The caret goes after 中铝股份, before 党.
CARET = 4
SIZE_PT = 12.0
FRAME_ID, STORY_ID = "f", "s"
#: How long one step may take to show its effect (IBus answers in milliseconds).
STEP_TIMEOUT_S = 10.0


def document() -> Document:
    """One A4 page, one text frame, one short paragraph set flush left (its only line has room)."""
    style = ParagraphStyle(name="正文", size_pt=SIZE_PT, leading_pt=20.0, first_line_indent_chars=0.0,
                           alignment="left")
    story = Story(id=STORY_ID, paragraphs=[Paragraph(style="正文", runs=[Run(text=TEXT)])])
    frame = TextFrame(id=FRAME_ID, story_id=STORY_ID, x_pt=60.0, y_pt=80.0, width_pt=300.0, height_pt=200.0)
    return Document(paragraph_styles={"正文": style}, stories={STORY_ID: story},
                    pages=[Page(id="p1", frames=[frame])])


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=30)


def wait_until(condition: Callable[[], bool], timeout_s: float = STEP_TIMEOUT_S) -> bool:
    """Let Qt run (X events, IBus replies) until ``condition`` holds or the time is up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QTest.qWait(20)
        if condition():
            return True
    return False


class Driver:
    """The window under test and the record of what each step showed."""

    def __init__(self) -> None:
        self.window = MainWindow()
        self.window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
        self.window.files.dialogs.ask_unsaved = lambda name: "discard"
        self.window.controller.set_document(document())
        self.window.show()
        self.canvas = self.window.canvas
        self.record: dict[str, object] = {"platform": QGuiApplication.platformName()}

    def story_text(self) -> str:
        story = self.window.controller.doc.stories[STORY_ID]
        return "".join(run.text for paragraph in story.paragraphs for run in paragraph.runs)

    def shown_glyphs(self) -> list[tuple[str, float, float]]:
        """(character, left, baseline) of the story's glyphs in the display list the canvas shows."""
        glyphs = []
        for item in self.canvas.page_items()[0].page.items:
            if isinstance(item, GlyphRun) and item.story_id == STORY_ID:
                glyphs.extend((ch, item.box_left_pt[i], item.baseline_pt) for i, ch in enumerate(item.text))
        return glyphs

    def focus_canvas(self) -> bool:
        """The window active and the canvas holding the keyboard, with the caret in the paragraph."""
        xdotool("windowfocus", "--sync", str(int(self.window.winId())))
        self.window.activateWindow()
        self.canvas.start_text_editing(FRAME_ID)
        self.canvas.editor.move_to((0, CARET), extend=False)
        return wait_until(lambda: self.window.isActiveWindow() and QGuiApplication.focusObject() is self.canvas)

    def compose_and_commit(self) -> None:
        editor = self.canvas.editor
        self.record["glyphs_before"] = self.shown_glyphs()
        xdotool("type", "--delay", "60", "zhongguo")
        wait_until(lambda: editor.preedit == "中国", 5.0)  # the candidate libpinyin shows first
        wait_until(lambda: False, 0.3)  # nothing more arrives
        self.record["preedit"] = editor.preedit
        self.record["glyphs_composing"] = self.shown_glyphs()
        self.record["story_composing"] = self.story_text()
        self.record["undo_count_composing"] = self.window.controller.undo_stack.count()
        self.record["cursor_rect"] = self.cursor_rect_in_page_points()
        xdotool("key", "space")
        self.record["committed"] = wait_until(lambda: self.story_text() != TEXT and not editor.preedit)
        self.record["story_committed"] = self.story_text()
        self.record["glyphs_committed"] = self.shown_glyphs()

    def undo(self) -> None:
        xdotool("key", "ctrl+z")
        wait_until(lambda: self.story_text() == TEXT)
        self.record["story_undone"] = self.story_text()

    def cancel(self) -> None:
        editor = self.canvas.editor
        xdotool("type", "--delay", "60", "nihao")
        wait_until(lambda: len(editor.preedit) >= 2)
        self.record["preedit_cancelled"] = editor.preedit
        xdotool("key", "Escape")
        wait_until(lambda: not editor.preedit)
        wait_until(lambda: False, 0.3)
        self.record["preedit_after_escape"] = editor.preedit
        self.record["story_after_escape"] = self.story_text()
        self.record["glyphs_after_escape"] = self.shown_glyphs()
        self.record["editing_after_escape"] = self.canvas.is_text_editing()

    def type_width(self) -> None:
        """属性 → 宽度: click into it and type 118, Enter — with 拼音 still the active engine."""
        self.canvas.stop_text_editing()
        self.window.controller.select([FRAME_ID])
        width = self.window.properties_panel.geometry_section.width
        self.window.properties_panel.ensureWidgetVisible(width)
        wait_until(lambda: width.isVisible(), 2.0)
        edit = width.lineEdit()
        centre = edit.mapToGlobal(edit.rect().center())
        xdotool("mousemove", "--sync", str(centre.x()), str(centre.y()))
        xdotool("click", "--repeat", "3", "1")  # select what the field shows
        wait_until(lambda: width.hasFocus(), 2.0)
        self.record["width_field_focused"] = width.hasFocus()
        xdotool("key", "ctrl+a")
        xdotool("type", "--delay", "60", "118")
        xdotool("key", "Return")
        frame = self.window.controller.doc.frame_by_id(FRAME_ID)
        wait_until(lambda: abs(self.window.controller.doc.frame_by_id(FRAME_ID).width_pt - frame.width_pt) > 0.01)
        self.record["width_pt"] = self.window.controller.doc.frame_by_id(FRAME_ID).width_pt
        self.record["width_text"] = edit.text()

    def cursor_rect_in_page_points(self) -> list[float]:
        """ImCursorRectangle (canvas pixels, where the candidate window opens) in page points."""
        rect = self.canvas.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
        offset = QPointF(self.canvas.viewport().pos())
        top = self.canvas.mapToScene((rect.topLeft() - offset).toPoint()) - self.canvas.page_origin(0)
        bottom = self.canvas.mapToScene((rect.bottomLeft() - offset).toPoint()) - self.canvas.page_origin(0)
        return [top.x(), top.y(), bottom.y()]


def main(result_path: Path) -> None:
    app = create_application(install_hook=False)
    driver = Driver()
    record = driver.record
    try:
        record["focused"] = driver.focus_canvas()
        if record["focused"]:
            driver.compose_and_commit()
            driver.undo()
            driver.cancel()
            driver.type_width()
    finally:
        result_path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        driver.window.controller.undo_stack.setClean()
        driver.window.close()
        app.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
