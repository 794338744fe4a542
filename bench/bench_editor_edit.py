"""Editing speed on the canvas: dragging a frame, and typing in a long story.

Run: ``python bench/bench_editor_edit.py [PROJECT ...]`` (offscreen by default; under a real
display set ``QT_QPA_PLATFORM=xcb``). PROJECT is a path, or ``sample`` / ``big`` (the
64-page, 200-photo issue of ``bench/big_issue.py``); without one, both. Prints the
machine, then for each project:
- drag: per mouse-move time while dragging a photo with text wrap on the
  project's busiest page (most display items) at 100 %: the move event, the
  live edit (the wrapped story reflows), the repaint of the changed page
  regions and the viewport — measured from sending the event until the
  event loop has painted;
- typing: per keystroke time in a 3,000-character story threaded through
  the project's lead frames and three added pages, caret near the start (so
  every following line reflows): the key event, the edit, relayout,
  repaint;
both as median, 95th percentile and worst. Target for each: ≤ 16 ms (one
frame at 60 Hz). It also reports Python's full (generation 2) garbage
collections during each run: with a document's thousands of layout objects
alive, one takes ~20 ms and is what the worst case usually is. As the editor
does after opening a document (``controller.settle_memory``), the bench calls
``gc.freeze()`` after opening; ``--no-freeze`` leaves it out, to show the
difference (``--freeze``, which ``bench_targets`` passes, changes nothing). ``--profile`` prints the top of a cProfile of both.
Benchmarks print numbers; tests never assert times.
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BANMIAN_PHOTO_WARMUP"] = "0"  # typing and dragging are timed alone (the warm-up waits for idle anyway)

from bench.machine import describe_machine

MOVES = 120
KEYS = 60
STORY_CHARS = 3000


class _FullCollections:
    """Durations of generation-2 garbage collections while it is active."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def take(self) -> str:
        pauses, self.pauses = self.pauses, []
        longest = f", longest {max(pauses) * 1000:.1f} ms" if pauses else ""
        return f"  full garbage collections during it: {len(pauses)}{longest}"


def _summary(label: str, samples: list[float], paints: int) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{label}: median {statistics.median(samples) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
            f"worst {ordered[-1] * 1000:6.1f} ms   ({len(samples)} events, {paints} viewport paints; target ≤ 16 ms)")


class _PaintCounter:
    """Counts paint events of the viewport, to show that every measured event was painted."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            count = 0

            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    Filter.count += 1
                return False

        self.filter = Filter()
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return type(self.filter).count


def _settle(app) -> None:
    """Let the scene's queued updates turn into a painted viewport."""
    app.processEvents()
    app.processEvents()


def _busiest_page(controller) -> int:
    return max(range(len(controller.layout.pages)), key=lambda i: len(controller.layout.pages[i].items))


def bench_drag(app, canvas) -> tuple[list[float], int]:
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    from editor.model.frames import ImageFrame

    controller = canvas.controller
    page_index = _busiest_page(controller)
    page = controller.doc.pages[page_index]
    photos = [f for f in page.frames if isinstance(f, ImageFrame) and f.wrap.mode == "around"]
    frame = photos[0] if photos else page.frames[-1]
    print(f"drag: page {page_index + 1} ({len(controller.layout.pages[page_index].items)} display items), "
          f"frame “{frame.id}”, wrap {frame.wrap.mode}, zoom 100 %, viewport {canvas.viewport().width()}×"
          f"{canvas.viewport().height()} px")
    canvas.zoom_100()
    origin = canvas.page_origin(page_index)
    centre = QPointF(origin.x() + frame.x_pt + frame.width_pt / 2, origin.y() + frame.y_pt + frame.height_pt / 2)
    canvas.centerOn(centre)
    _settle(app)
    viewport = canvas.viewport()
    start = QPointF(canvas.mapFromScene(centre))

    def send(kind, point, buttons):
        event = QMouseEvent(kind, point, QPointF(viewport.mapToGlobal(point.toPoint())), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        app.sendEvent(viewport, event)

    counter = _PaintCounter(viewport)
    send(QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    _settle(app)
    samples = []
    for i in range(1, MOVES + 1):
        # back and forth across 40 px, so the photo keeps moving and the text keeps reflowing
        dx = (i % 40) if (i // 40) % 2 == 0 else 40 - (i % 40)
        point = start + QPointF(dx + 12, (i % 7))
        begin = time.perf_counter()
        send(QEvent.Type.MouseMove, point, Qt.MouseButton.LeftButton)
        _settle(app)
        samples.append(time.perf_counter() - begin)
    send(QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.NoButton)
    _settle(app)
    assert controller.undo_stack.count() == 1, "the drag should be one undo step"
    controller.undo_stack.undo()
    _settle(app)
    return samples, counter.count


def long_story_document(project: Path | None = None):
    """``project`` (the sample by default) with the lead story grown to STORY_CHARS characters,
    threaded on through three new pages."""
    import dataclasses

    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project
    from editor.model import edits
    from editor.model.frames import TextFrame

    doc = load_project(project or SAMPLE_PROJECT)

    def apply(changes):
        for change in changes:
            change.apply(True)

    lead = doc.stories["lead"]
    paragraphs = list(lead.paragraphs)
    text_of = lambda ps: sum(len(p.plain_text()) for p in ps)  # noqa: E731
    while text_of(paragraphs) < STORY_CHARS:
        paragraphs.append(dataclasses.replace(lead.paragraphs[len(paragraphs) % len(lead.paragraphs)]))
    last = paragraphs[-1]
    excess = text_of(paragraphs) - STORY_CHARS
    runs = list(last.runs)
    runs[-1] = dataclasses.replace(runs[-1], text=runs[-1].text[:max(len(runs[-1].text) - excess, 1)])
    paragraphs[-1] = dataclasses.replace(last, runs=runs)
    apply(edits.set_story(doc, dataclasses.replace(lead, paragraphs=paragraphs)))
    previous = doc.story_frames("lead")[-1].id
    m = doc.margins
    for n in range(3):
        index = len(doc.pages)
        apply(edits.add_page(doc, index))
        frame = TextFrame(id=f"bench-lead-{n}", story_id=f"bench-empty-{n}", x_pt=m.left_pt, y_pt=m.top_pt,
                          width_pt=doc.page_width_pt - m.left_pt - m.right_pt,
                          height_pt=doc.page_height_pt - m.top_pt - m.bottom_pt, columns=2, gutter_pt=17.0)
        apply(edits.add_frame(doc, index, frame))
        apply(edits.link_frames(doc, previous, frame.id))
        previous = frame.id
    return doc


def bench_typing(app, canvas) -> tuple[list[float], int]:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    controller = canvas.controller
    story = controller.layout.stories["lead"]
    print(f"typing: story “lead”, {story.char_count} characters in {len(story.frame_ids)} frames, "
          f"overset {story.overset}; caret in its first paragraph")
    first = controller.doc.story_frames("lead")[0]
    canvas.show_page(controller.page_index_of(first.id) or 0)
    canvas.start_text_editing(first.id)
    canvas.editor.move_to((0, 20), False)
    _settle(app)
    counter = _PaintCounter(canvas.viewport())
    samples = []
    for i in range(KEYS):
        text = "党" if i % 5 else " "
        begin = time.perf_counter()
        app.sendEvent(canvas, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, text))
        _settle(app)
        samples.append(time.perf_counter() - begin)
        app.sendEvent(canvas, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, text))
    for _ in range(KEYS // 3):
        begin = time.perf_counter()
        app.sendEvent(canvas, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier))
        _settle(app)
        samples.append(time.perf_counter() - begin)
    return samples, counter.count


def _freeze_if_asked() -> None:
    """What the editor does after opening a document (``settle_memory``), unless ``--no-freeze``."""
    from editor.ui.controller import settle_memory

    if "--no-freeze" not in sys.argv:
        settle_memory()


def bench_project(app, project: Path) -> None:
    """Drag on ``project`` as it is, then type in it with its lead story grown (``long_story_document``)."""
    from editor.io.project import load_project
    from editor.ui.canvas import PageCanvas
    from editor.ui.controller import DocumentController

    profile = "--profile" in sys.argv
    profiler = cProfile.Profile() if profile else None
    collections = _FullCollections()
    controller = DocumentController(load_project(project))
    print(f"{project.name}: {len(controller.doc.pages)} pages")
    canvas = PageCanvas(controller)
    canvas.resize(1280, 900)
    canvas.show()
    _settle(app)
    _freeze_if_asked()
    if profiler:
        profiler.enable()
    collections.take()
    drag, drag_paints = bench_drag(app, canvas)
    print(_summary("  per mouse-move while dragging", drag, drag_paints))
    print(collections.take())

    controller.set_document(long_story_document(project))
    _settle(app)
    _freeze_if_asked()
    collections.take()
    typing, typing_paints = bench_typing(app, canvas)
    print(_summary(f"  per keystroke (typing and Backspace), {len(controller.doc.pages)} pages", typing,
                   typing_paints))
    print(collections.take())
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    canvas.close()


def main() -> None:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    from bench.big_issue import project_argument

    app = QApplication.instance() or QApplication(sys.argv[:1])
    projects = [project_argument(value) for value in sys.argv[1:] if not value.startswith("--")] or [
        project_argument("sample"), project_argument("big")]
    print(f"machine: {describe_machine()}; PySide6 {pyside_version}; Qt platform {app.platformName()}"
          + ("" if "--no-freeze" in sys.argv else "; gc.freeze() after opening, as the editor does"))
    for project in projects:
        bench_project(app, project)


if __name__ == "__main__":
    main()
