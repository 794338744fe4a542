"""One keystroke's relayout at 5 pages and at 64 pages (issue #12: "relayout after an edit").

Run: ``python bench/bench_keystroke.py [--keys N] [PROJECT ...]``. PROJECT is a path, or
``sample`` / ``big`` (the 64-page, 200-photo issue of ``bench/big_issue.py``: the sample's
pages repeated); without one, both. Prints the machine, then for each project the time
``layout_document`` takes after one keystroke, with the editor's ``LayoutCache`` — pure
layout, no painting (``bench_editor_edit`` measures it with Qt painting) — in the project with
its lead story grown to 3,000 characters and threaded through three added pages
(``bench_editor_edit.long_story_document``: the sample then has 8 pages, the big issue 67).

A keystroke is made as the editor makes it: a character inserted into a paragraph near the
start of the long story by ``edits.set_story`` (a change applied through ``changes.apply``),
then the document laid out with the cache the editor keeps (``LayoutCache(tracked=True)``;
``--untracked``: the one exports and hand-built documents get); then the change undone and
laid out again. Both layouts are samples. The documents are timed in interleaved rounds (one
keystroke in each per round), so a noisy moment of the shared machine falls on all; per document
the median, the 95th percentile and the worst are printed, with the ratio last / first document
per round (its median and min). Targets (never asserted): median ≤ 9 ms, p95 ≤ 16 ms at 5 and at 64 pages alike.

The same target holds for an input method's preedit update (issue #14), timed in the same rounds:
the preedit laid out in its paragraph as provisional text, as the canvas's ``PreeditView`` does
it — the story with the preedit inserted (at the keystroke's place) composed by
``editor.layout.provisional.compose_provisional`` from a copy of the cache's memo (taken once
per layout, as the editor does), and the caret geometry of the result (``StoryGeometry``) — for
preedits of growing length ("z", "中", "中国", … as pinyin is typed); Qt's repaint not included.

Also timed in the same rounds: one mouse move of a drag (target ≤ 8 ms), as relayout only — a
photo with text wrap on the page with most frames moved by one point (``edits.move_frames``,
back and forth) and the document laid out with the same cache; ``bench_editor_edit`` measures
the drag with painting.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_editor_edit import long_story_document
from bench.machine import describe_machine


class Typist:
    """Types one character into the long story and takes it out again, as ``set_story`` changes."""

    def __init__(self, doc, cache) -> None:
        from editor.model import edits

        self.doc, self.cache = doc, cache
        story = doc.stories["lead"]
        index = next(i for i, p in enumerate(story.paragraphs) if len(p.plain_text()) > 20)
        paragraph = story.paragraphs[index]
        first = paragraph.runs[0]
        typed = dataclasses.replace(paragraph, runs=[dataclasses.replace(first, text=first.text[:5] + "党"
                                                                          + first.text[5:]), *paragraph.runs[1:]])
        paragraphs = list(story.paragraphs)
        paragraphs[index] = typed
        self.changes = edits.set_story(doc, dataclasses.replace(story, paragraphs=paragraphs))
        assert self.changes, "the keystroke must be an edit"

    def _timed_layout(self) -> float:
        from editor.layout.engine import layout_document

        start = time.perf_counter()
        layout_document(self.doc, cache=self.cache)
        return time.perf_counter() - start

    def press(self) -> list[float]:
        """The layout after typing and the one after undoing it, in seconds."""
        samples = []
        for forward in (True, False):
            for change in (self.changes if forward else reversed(self.changes)):
                change.apply(forward)
            samples.append(self._timed_layout())
        return samples


class Dragger:
    """Moves a wrapped photo one point at a time, as a drag's mouse moves do, and lays out."""

    def __init__(self, doc, cache) -> None:
        from editor.model.frames import ImageFrame

        self.doc, self.cache = doc, cache
        busiest = max(doc.pages, key=lambda page: len(page.frames))
        photos = [f for f in busiest.frames if isinstance(f, ImageFrame) and f.wrap.mode == "around"]
        self.frame_id = (photos or busiest.frames)[-1].id
        self.count = 0

    def move(self) -> float:
        """One move (right for 20 moves, then left for 20) and its layout, in seconds."""
        from editor.layout.engine import layout_document
        from editor.model import edits

        step = 1.0 if (self.count // 20) % 2 == 0 else -1.0
        self.count += 1
        for change in edits.move_frames(self.doc, {self.frame_id: (step, 0.0)}):
            change.apply(True)
        start = time.perf_counter()
        layout_document(self.doc, cache=self.cache)
        return time.perf_counter() - start


class Composer:
    """Updates an input method's preedit in the long story, as ``input_method.PreeditView`` does."""

    PREEDITS = ("z", "中", "中国", "中国共", "中国共产", "中国共产党")

    def __init__(self, doc, cache) -> None:
        from editor.layout.engine import layout_document

        self.layout = layout_document(doc, cache=cache)
        inputs = cache.last_composition("lead")
        assert inputs is not None, "the long story is composed"
        self.areas, self.memo = inputs
        self.story = doc.stories["lead"]
        self.position = (next(i for i, p in enumerate(self.story.paragraphs) if len(p.plain_text()) > 20), 5)
        self.count = 0

    def update(self) -> float:
        """One preedit update (the next of ``PREEDITS``), in seconds."""
        from editor.layout.display import DocumentLayout
        from editor.layout.provisional import compose_provisional
        from editor.ui.canvas.story_text import insert_text
        from editor.ui.canvas.text_geometry import StoryGeometry

        preedit = self.PREEDITS[self.count % len(self.PREEDITS)]
        self.count += 1
        start = time.perf_counter()
        story, _ = insert_text(self.story, self.position, preedit)
        provisional = compose_provisional(self.layout, story, self.areas, self.memo)
        StoryGeometry(DocumentLayout(provisional.changed_pages(), {}), "lead")
        return time.perf_counter() - start


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _summary(label: str, samples: list[float], targets: str = "median ≤ 9 ms, p95 ≤ 16 ms") -> str:
    return (f"{label:<40} median {statistics.median(samples) * 1000:6.2f} ms   p95 {_p95(samples) * 1000:6.2f} ms"
            f"   worst {max(samples) * 1000:6.2f} ms   (targets: {targets})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=60, help="keystrokes per document (each laid out twice)")
    parser.add_argument("--untracked", action="store_true",
                        help="a LayoutCache that compares stories by content instead of trusting changes")
    parser.add_argument("projects", nargs="*", default=["sample", "big"],
                        help="project paths, or sample / big (default: both)")
    arguments = parser.parse_args()
    keys, untracked = arguments.keys, arguments.untracked

    from bench.big_issue import project_argument
    from editor.layout.engine import LayoutCache, layout_document

    print(f"machine: {describe_machine()}")
    print("cache: " + ("untracked (stories compared by content, as for documents changed by hand)" if untracked
                       else "tracked, as the editor keeps it (DocumentController)"))
    documents = {}
    for value in arguments.projects:
        project = project_argument(value)
        documents[project.name] = long_story_document(project)
    typists = {}
    for name, doc in documents.items():
        cache = LayoutCache(tracked=not untracked)
        layout_document(doc, cache=cache)
        typists[name] = Typist(doc, cache)
        typists[name].press()  # warm: the first keystroke composes what the cache has not seen
    composers = {name: Composer(doc, typists[name].cache) for name, doc in documents.items()}
    draggers = {name: Dragger(doc, typists[name].cache) for name, doc in documents.items()}
    samples: dict[str, list[float]] = {name: [] for name in documents}
    preedit_samples: dict[str, list[float]] = {name: [] for name in documents}
    drag_samples: dict[str, list[float]] = {name: [] for name in documents}
    names = list(documents)
    ratios = []
    for _ in range(keys):
        round_medians = {}
        for name, typist in typists.items():
            pair = typist.press()
            samples[name].extend(pair)
            round_medians[name] = statistics.mean(pair)
            preedit_samples[name].extend(composers[name].update() for _ in range(2))
            drag_samples[name].extend(draggers[name].move() for _ in range(2))
        ratios.append(round_medians[names[-1]] / round_medians[names[0]])
    for name, doc in documents.items():
        characters = sum(len(p.plain_text()) for p in doc.stories["lead"].paragraphs)
        print(_summary(f"keystroke, {len(doc.pages)} pages ({characters}-char story)", samples[name]))
        print(_summary(f"preedit update, {len(doc.pages)} pages", preedit_samples[name]))
        print(_summary(f"drag move (relayout), {len(doc.pages)} pages", drag_samples[name], "≤ 8 ms"))
        print(f"  ({name})")
    first, last = (len(documents[name].pages) for name in (names[0], names[-1]))
    print(f"ratio {last} pages / {first} pages per round: median {statistics.median(ratios):.2f}, "
          f"min {min(ratios):.2f}   ({keys} interleaved rounds, 2 layouts per document each)")


if __name__ == "__main__":
    main()
