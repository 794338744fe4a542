"""Paragraph-wide line breaking against greedy breaking, in one run (issue #11).

Run: ``python bench/bench_breaking.py [--rounds N]``. Prints the machine, then, as interleaved
pairs (each round times the paragraph-wide breaker, then the greedy one, on the same input;
the ratio is taken per pair and its median printed, so a noisy machine does not tilt it):

- composing the whole sample issue (``layout_document``, warm fonts, no cache), the
  paragraph-wide searches done afresh each time (``forget_remembered``), as when a document
  is opened;
- composing one 3,000-character story (the sample's lead story grown to 3,000 characters and
  threaded through three added pages, as ``bench_editor_edit`` types in), searches afresh;
- one keystroke's recomposition, made as the editor makes it (``bench_keystroke.Typist``): a
  character inserted into a paragraph near the start of that story by a ``set_story`` change,
  then ``layout_document`` with the editor's tracked ``LayoutCache`` (only that paragraph is
  prepared and broken again), and the change undone (each figure is half of that pair).

Goals on a 2-core machine: whole issue ≤ 50 ms, a keystroke ≤ 9 ms. Benchmarks print numbers;
tests never assert times. The greedy breaker is what ``editor.layout.flow`` falls back to; the
bench switches to it by replacing ``flow.total_fit_breaks`` with "keep the greedy ends".
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_editor_edit import long_story_document
from bench.bench_keystroke import Typist
from bench.machine import describe_machine


@contextlib.contextmanager
def _greedy() -> Iterator[None]:
    from editor.layout import flow

    chosen = flow.total_fit_breaks
    flow.total_fit_breaks = lambda prep, widths_pt, greedy_ends: greedy_ends
    try:
        yield
    finally:
        flow.total_fit_breaks = chosen


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _pairs(action: Callable[[], object], rounds: int) -> tuple[float, float, float]:
    """Medians of the paragraph-wide time, the greedy time, and the per-pair ratio."""
    action()
    with _greedy():
        action()
    wide, greedy, ratios = [], [], []
    for _ in range(rounds):
        a = _seconds(action)
        with _greedy():
            b = _seconds(action)
        wide.append(a)
        greedy.append(b)
        ratios.append(a / b)
    return statistics.median(wide), statistics.median(greedy), statistics.median(ratios)


def _keystroke(doc, cache) -> Callable[[], None]:
    """One keystroke as the editor makes it (``bench_keystroke.Typist``: a ``set_story`` change,
    then the layout with the editor's tracked cache), and its undo."""
    return Typist(doc, cache).press


def _line(label: str, figures: tuple[float, float, float], goal: str, halves: bool = False) -> str:
    wide, greedy, ratio = figures
    scale = 500.0 if halves else 1000.0  # a keystroke action composes twice (type, then undo)
    return (f"{label:<34} paragraph-wide {wide * scale:7.2f} ms   greedy {greedy * scale:7.2f} ms   "
            f"ratio {ratio:.2f}   ({goal})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    rounds = parser.parse_args().rounds

    from editor import SAMPLE_PROJECT
    from editor.io.project import load_project
    from editor.layout.charformat import FormatResolver
    from editor.layout.engine import LayoutCache, compose_story, default_faces, layout_document, story_areas
    from editor.layout.paragraph_breaks import forget_remembered

    print(f"machine: {describe_machine()}")
    sample = load_project(SAMPLE_PROJECT)
    long_doc = long_story_document()
    areas = story_areas(long_doc)
    characters = sum(len(p.plain_text()) for p in long_doc.stories["lead"].paragraphs)
    cache = LayoutCache(tracked=True)
    layout_document(long_doc, cache=cache)

    print(f"{rounds} interleaved pairs each; medians")
    def whole_issue() -> None:
        forget_remembered()
        layout_document(sample)

    def one_story() -> None:
        forget_remembered()
        compose_story(long_doc, "lead", areas["lead"], FormatResolver(long_doc, default_faces()))

    print(_line("whole sample issue", _pairs(whole_issue, rounds), "goal ≤ 50 ms"))
    story = _pairs(one_story, rounds)
    print(_line(f"one story of {characters} characters", story, "no goal of its own"))
    print(_line("one keystroke in that story", _pairs(_keystroke(long_doc, cache), rounds), "goal ≤ 9 ms",
                halves=True))


if __name__ == "__main__":
    main()
