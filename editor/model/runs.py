"""Cutting and joining a paragraph's runs at text offsets (pure, no Qt).

Offsets are counted as the text cursor counts them: characters, with a field
run (期号, 页码 …) one unit that is never cut. Typing in the canvas
(``editor.ui.canvas.story_text``) and find and replace
(``editor.model.find_replace``) both edit runs through these, so a paragraph
is cut and joined the same way whoever changes it.
"""

from __future__ import annotations

import dataclasses

from editor.model.story import Run


def run_length(run: Run) -> int:
    """Offsets a run takes: its characters, or one for a field."""
    return 1 if run.field is not None else len(run.text)


def split_runs(runs: list[Run], offset: int) -> tuple[list[Run], list[Run]]:
    """Runs before and after ``offset`` (a text run is cut; a field never is)."""
    before: list[Run] = []
    after: list[Run] = []
    at = 0
    for run in runs:
        length = run_length(run)
        if at + length <= offset:
            before.append(run)
        elif at >= offset:
            after.append(run)
        else:
            cut = offset - at
            before.append(dataclasses.replace(run, text=run.text[:cut]))
            after.append(dataclasses.replace(run, text=run.text[cut:]))
        at += length
    return before, after


def join_runs(runs: list[Run]) -> list[Run]:
    """Drop empty text runs and join neighbours of the same character style."""
    out: list[Run] = []
    for run in runs:
        if run.field is None and not run.text:
            continue
        if out and run.field is None and out[-1].field is None and out[-1].char_style == run.char_style:
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return out
