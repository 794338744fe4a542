"""The hands and the camera of ``make_screenshots.py``: drive the real editor window and photograph it.

Hands: open menus and submenus with the mouse, drag frames on the canvas,
type Chinese as an input method commits it, press keys, drop files from the
desktop, and answer modal dialogs by clicking their real buttons
(``answering``), all with Qt's own events, so every picture shows what the
editor does for a user. Camera: grab the screen (``QScreen.grabWindow``, so
menus and dialogs are in the picture), crop, mark with red boxes and
numbered discs, and write an optimised PNG at most ``MAX_WIDTH_PX`` wide.
Geometry helpers give screen rectangles of widgets, menu items, frames,
ports and toolbar buttons for the crops and marks.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QMimeData, QObject, QPoint, QPointF, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QImage,
    QInputMethodEvent,
    QPainter,
    QPen,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QProgressDialog, QWidget

from editor.model.frames import Frame, TextFrame
from editor.ui.canvas.threads import PORT_PX, out_port
from editor.ui.main_window import MainWindow

MAX_WIDTH_PX = 1400
#: Time for a window, menu or dialog to be laid out and painted before it is grabbed.
PAINT_S = 0.6
MARK = QColor(220, 20, 30)
#: ``(&S)`` / ``（&S）``: the access key of a menu or button text.
_ACCESS_KEY = re.compile(r"[(（]&.[)）]")


def settle(seconds: float = PAINT_S) -> None:
    """Let Qt lay out and paint for ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def global_rect(widget: QWidget) -> QRect:
    """A widget's rectangle in screen pixels (QWidget's own methods: some dialogs have a field named ``size``)."""
    return QRect(QWidget.mapToGlobal(widget, QPoint(0, 0)), QWidget.size(widget))


def item_rect(menu: QMenu, text: str) -> QRect:
    """A menu item's rectangle in screen pixels, found by its text without the access key."""
    for action in menu.actions():
        if plain(action.text()) == text:
            geometry = menu.actionGeometry(action)
            return QRect(menu.mapToGlobal(geometry.topLeft()), geometry.size())
    raise LookupError(f"menu item {text!r} not found")


def plain(text: str) -> str:
    """``另存为(&A)…`` → ``另存为…``: a label as the user reads it."""
    return _ACCESS_KEY.sub("", text).replace("&", "")


def button(widget: QWidget, text: str) -> QAbstractButton:
    """The button of a dialog that reads ``text``."""
    for candidate in widget.findChildren(QAbstractButton):
        if plain(candidate.text()) == text:
            return candidate
    raise LookupError(f"button {text!r} not found in {type(widget).__name__}")


# ------------------------------------------------------------------ camera


class Camera:
    """Grabs the screen, crops, marks and writes optimised PNGs."""

    def __init__(self, images: Path, root: Path) -> None:
        self.images = images
        self.root = root
        self.written: list[Path] = []

    def shoot(self, name: str, rect: QRect | None = None, marks: list[QRect] | None = None,
              border: bool = False, target: Path | None = None,
              labels: list[tuple[QPoint, str]] | None = None) -> Path:
        """Save the screen inside ``rect`` (all of it by default) as ``<images>/<name>.png`` (or ``target``)."""
        screen = QGuiApplication.primaryScreen()
        image = screen.grabWindow(0).toImage()
        area = (rect or image.rect()).intersected(image.rect())
        image = image.copy(area)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if border:
            painter.setPen(QPen(QColor(120, 120, 120), 1))
            painter.drawRect(image.rect().adjusted(0, 0, -1, -1))
        painter.setPen(QPen(MARK, 3))
        for mark in marks or []:
            painter.drawRoundedRect(mark.translated(-area.topLeft()).adjusted(-3, -3, 3, 3), 4, 4)
        for point, text in labels or []:
            draw_label(painter, point - area.topLeft(), text)
        painter.end()
        path = target or self.images / f"{name}.png"
        write_png(image, path)
        self.written.append(path)
        size_kb = path.stat().st_size // 1024
        print(f"{path.relative_to(self.root)}  {image.width()}×{image.height()}  {size_kb} KB", flush=True)
        return path


def draw_label(painter: QPainter, centre: QPoint, text: str) -> None:
    """A numbered red disc, the guide's way of pointing at a part of the window."""
    radius = 13
    painter.setPen(QPen(QColor(255, 255, 255), 2))
    painter.setBrush(MARK)
    painter.drawEllipse(centre, radius, radius)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(17)
    painter.setFont(font)
    painter.drawText(QRect(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                     Qt.AlignmentFlag.AlignCenter, text)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def write_png(image: QImage, path: Path) -> None:
    """An optimised PNG, at most ``MAX_WIDTH_PX`` wide, in 256 colours when that loses nothing visible."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    if picture.width > MAX_WIDTH_PX:
        height = round(picture.height * MAX_WIDTH_PX / picture.width)
        picture = picture.resize((MAX_WIDTH_PX, height), Image.Resampling.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


# ----------------------------------------------------------- modal dialogs


@dataclass
class Reply:
    """How to answer the next modal dialog: fill it in, photograph it, click a button."""

    click: str
    shot: str | None = None
    fill: Callable[[QWidget], None] | None = None
    marks: Callable[[QWidget], list[QRect]] = field(default=lambda dialog: [])


class DialogAnswerer(QObject):
    """Answers modal dialogs as they open, in order, as a user would (progress dialogs excepted)."""

    def __init__(self, camera: Camera, replies: list[Reply]) -> None:
        super().__init__()
        self._camera = camera
        self._replies = list(replies)
        self._seen: list[QWidget] = []
        #: What went wrong while answering (raised when the body is done).
        self.errors: list[Exception] = []
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    @property
    def unanswered(self) -> int:
        return len(self._replies)

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog in self._seen or isinstance(dialog, QProgressDialog) or not self._replies:
            return
        self._seen.append(dialog)
        QTimer.singleShot(int(PAINT_S * 1000), lambda: self._answer(dialog, self._replies.pop(0)))

    def _answer(self, dialog: QWidget, reply: Reply) -> None:
        try:
            self._answer_as_told(dialog, reply)
        except Exception as problem:  # noqa: BLE001 - a dialog left open would block the script for ever
            self.errors.append(problem)
            dialog.close()

    def _answer_as_told(self, dialog: QWidget, reply: Reply) -> None:
        if reply.fill is not None:
            reply.fill(dialog)
            settle(0.3)
        if reply.shot:
            self._camera.shoot(reply.shot, global_rect(dialog), reply.marks(dialog), border=True)
        button(dialog, reply.click).click()

    def stop(self) -> None:
        self._timer.stop()


@contextmanager
def answering(camera: Camera, *replies: Reply) -> Iterator[None]:
    """Answer the dialogs the body opens with ``replies``; every reply must be used."""
    answerer = DialogAnswerer(camera, list(replies))
    try:
        yield
        settle(0.3)
    finally:
        answerer.stop()
    if answerer.errors:
        raise answerer.errors[0]
    if answerer.unanswered:
        raise RuntimeError(f"{answerer.unanswered} expected dialog(s) never opened")


# ------------------------------------------------------------------ window


def open_window() -> MainWindow:
    """A fresh editor window filling the screen (no window manager under Xvfb to maximise it)."""
    window = MainWindow()
    window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
    window.show()
    settle()
    return window


def close_window(window: MainWindow) -> None:
    """Close without saving (the guide's projects are saved where the guide says so)."""
    window.files.dialogs.ask_unsaved = lambda name: "discard"
    window.close()
    settle(0.2)


def view_point(window: MainWindow, page: int, x_pt: float, y_pt: float) -> QPoint:
    """The canvas viewport pixel showing a point of a page."""
    canvas = window.canvas
    origin = canvas.page_origin(page)
    return canvas.mapFromScene(QPointF(origin.x() + x_pt, origin.y() + y_pt))


def frame_screen_rect(window: MainWindow, page: int, frame: Frame) -> QRect:
    """A frame's rectangle in screen pixels."""
    viewport = window.canvas.viewport()
    top_left = view_point(window, page, frame.x_pt, frame.y_pt)
    bottom_right = view_point(window, page, frame.x_pt + frame.width_pt, frame.y_pt + frame.height_pt)
    return QRect(viewport.mapToGlobal(top_left), viewport.mapToGlobal(bottom_right))


def drag(window: MainWindow, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press, move and release the left button on the canvas, as a hand would."""
    viewport = window.canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * (step / steps))
        settle(0.02)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    settle(0.2)


def click_frame(window: MainWindow, page: int, frame: Frame, shift: bool = False) -> None:
    """Click inside a frame near its top-left corner (Shift adds it to the selection)."""
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    point = view_point(window, page, frame.x_pt + 20.0, frame.y_pt + 40.0)
    QTest.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, modifier, point)
    settle(0.2)


def type_with_input_method(widget: QWidget, text: str) -> None:
    """Chinese as an input method delivers it: one committed string per phrase."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    settle(0.1)


def press(widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)
    settle(0.1)


def open_menu(window: MainWindow, key: str) -> QMenu:
    """Open a menu of the menu bar as a click on its title does."""
    menu = window.menu_actions.menus[key]
    bar = window.menuBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.actionGeometry(menu.menuAction()).center())
    settle()
    return menu


def open_submenu(menu: QMenu, text: str) -> QMenu:
    """Hover a submenu's item until it opens."""
    for action in menu.actions():
        if plain(action.text()) == text and action.menu() is not None:
            QTest.mouseMove(menu, menu.actionGeometry(action).center())
            settle(1.0)
            return action.menu()
    raise LookupError(f"submenu {text!r} not found")


def menus_rect(window: MainWindow, *menus: QMenu, margin: int = 12) -> QRect:
    """The menu bar's left part and the open menus, with a margin."""
    area = QRect(global_rect(window.menuBar()).topLeft(), global_rect(window.menuBar()).bottomLeft() + QPoint(1, 0))
    for menu in menus:
        area = area.united(menu.geometry())
    return area.adjusted(0, 0, margin, margin)


def select_frame(window: MainWindow, frame_id: str) -> None:
    window.controller.select([frame_id])
    settle(0.3)


def page_frames(window: MainWindow, page: int) -> list[Frame]:
    return list(window.controller.doc.pages[page].frames)


def right_of(window: MainWindow, x_px: int, margin_px: int = 16) -> QRect:
    """The window from ``x_px`` (less a margin) to its right edge: the pages panel left out."""
    area = global_rect(window)
    area.setLeft(x_px - margin_px)
    return area


def page_left(window: MainWindow, page: int) -> int:
    """The screen x of a page's left edge."""
    return window.canvas.viewport().mapToGlobal(view_point(window, page, 0.0, 0.0)).x()


def status_message(window: MainWindow) -> QRect:
    """Where the status bar shows its passing message (its left part)."""
    bar = global_rect(window.statusBar())
    width = window.statusBar().fontMetrics().horizontalAdvance(window.statusBar().currentMessage()) + 12
    return QRect(bar.left() + 2, bar.top() + 2, width, bar.height() - 4)


def tool_button(window: MainWindow, name: str) -> QRect:
    """The toolbar button of an action, in screen pixels."""
    return global_rect(window.toolbar.widgetForAction(window.menu_actions.actions[name]))


def overset_marker(window: MainWindow, page: int, frame: TextFrame) -> QRect:
    """The red ⊞ at a frame's out-port, in screen pixels."""
    size_pt = window.canvas.px_to_pt(PORT_PX)
    port = out_port(frame, size_pt)
    viewport = window.canvas.viewport()
    top_left = viewport.mapToGlobal(view_point(window, page, port.x_pt, port.y_pt))
    return QRect(top_left, top_left + QPoint(round(PORT_PX), round(PORT_PX))).adjusted(-3, -3, 3, 3)


def drop_files(window: MainWindow, page: int, x_pt: float, y_pt: float, paths: list[Path]) -> None:
    """Drag files from the desktop and drop them on a page point."""
    viewport = window.canvas.viewport()
    point = QPointF(view_point(window, page, x_pt, y_pt))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.CopyAction
    QApplication.sendEvent(viewport, QDragEnterEvent(point.toPoint(), action, mime, buttons, modifiers))
    QApplication.sendEvent(viewport, QDragMoveEvent(point.toPoint(), action, mime, buttons, modifiers))
    QApplication.sendEvent(viewport, QDropEvent(point, action, mime, buttons, modifiers))
    settle()
