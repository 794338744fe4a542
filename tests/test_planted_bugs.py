"""Issue 15's planted bugs, planted again: each must make a fast test of the suite fail.

Thirteen bugs were once planted, one at a time, in a copy of the project; six passed the whole
suite unnoticed (and one more was caught only by the slow LibreOffice tests). Here each is
planted again — a small source edit in a temporary copy of ``editor/`` — and the test meant
to catch it is run on that copy with pytest in a subprocess: it must fail. The same tests run
first on the untouched copy and must pass, so a failure is the bug's doing.

A plant names the text it replaces. When a refactor moves or rewrites that code, the plant is
looked for in every file of its folder; when it is found nowhere (or twice), this test says so:
update the plant to the new code rather than deleting it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from editor import PROJECT_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the copy links the checkout's fonts and layouts (symbolic "
                       "links need a privilege on Windows); the plants are the same on every system"),
]

#: Top-level entries the copy gets as copies (the code under test and the tests); the rest
#: (fonts, layouts, .ci …) are linked, read-only as far as the tests go.
COPIED = ("editor", "tests")
NOT_LINKED = {".git", ".venv", "build", "banmian.egg-info", ".hypothesis", ".benchmarks", ".ruff_cache"}
RUN_TIMEOUT_S = 300


@dataclass(frozen=True)
class Plant:
    """One bug: in the one ``.py`` file under ``folder`` holding ``old``, ``old`` becomes ``new``;
    ``tests`` (pytest arguments) must then fail."""

    name: str
    folder: str
    old: str
    new: str
    tests: tuple[str, ...]


PLANTS = (
    Plant("a full-width question mark may start a line", "editor/layout",
          '_PAUSE_STOP = "。．，、：；！‼？⁇"', '_PAUSE_STOP = "。．，、：；！‼⁇"',
          ("tests/test_composition.py", "-k", "no_mark_the_standard_keeps_from_a_line_start")),
    Plant("link_frames merges the paragraphs in place", "editor/model",
          "merged = dataclasses.replace(story, paragraphs=list(story.paragraphs) + list(other.paragraphs))",
          "story.paragraphs.extend(other.paragraphs); merged = story",
          ("tests/test_every_edit_undoes.py", "-k", "link_frames")),
    Plant("deleting a photo frame keeps its photo", "editor/model",
          "        if name not in used_assets:\n            changes.append(set_item(doc.assets, name, MISSING))",
          "        pass",
          ("tests/test_edits.py", "-k", "last_frame_of_a_photo")),
    Plant("a folder project's photo may link outside the folder", "editor/io",
          "info = os.stat(_real_path_inside(root, folder / ASSETS_FOLDER / name))",
          "info = os.stat(real_path(folder / ASSETS_FOLDER / name, strict=True))",
          ("tests/test_codec_limits.py", "-k", "linking_outside_the_folder")),
    Plant("Shift + a corner ignores the aspect ratio", "editor/ui/canvas",
          "keep_ratio = pointer.shift and len(self._handle) == 2",
          "keep_ratio = False",
          ("tests/test_canvas_resize_ratio.py",)),
    Plant("the PDF drops every rule", "editor/render",
          "canvas.line(item.x1_pt, self.height_pt - item.y1_pt, item.x2_pt, self.height_pt - item.y2_pt)",
          "pass",
          ("tests/test_fidelity.py", "-k", "every_rule")),
    # Caught before only by the slow LibreOffice tests: DOCX lengths 1 % off.
    Plant("DOCX lengths converted 1 % too long", "editor/render/docx",
          "return round(length_pt * EMU_PER_PT)",
          "return round(length_pt * EMU_PER_PT * 1.01)",
          ("tests/test_docx_structure.py", "-k", "exact_place")),
)


def _copy_project(target: Path) -> None:
    """The checkout with ``editor/`` and ``tests/`` copied (times kept, so compiled files stay
    valid) and everything else linked."""
    for entry in PROJECT_ROOT.iterdir():
        if entry.name in COPIED:
            shutil.copytree(entry, target / entry.name, symlinks=True)
        elif entry.name not in NOT_LINKED:
            (target / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())


def _run(copy: Path, *arguments: str) -> subprocess.CompletedProcess:
    """pytest on the copy: ``editor`` is imported from it (the current folder comes first on sys.path)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x", "-q", *arguments],
                          cwd=copy, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=RUN_TIMEOUT_S)


def _target(copy: Path, plant: Plant) -> Path:
    holders = [path for path in sorted((copy / plant.folder).rglob("*.py"))
               if plant.old in path.read_text(encoding="utf-8")]
    assert len(holders) == 1, (f"plant '{plant.name}': its code is in {len(holders)} files under {plant.folder} "
                               "— the code moved; update the plant in tests/test_planted_bugs.py")
    return holders[0]


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("planted") / "project"
    copy.mkdir()
    _copy_project(copy)
    return copy


def test_the_copy_passes_every_test_the_plants_use(project_copy: Path):
    arguments = sorted({plant.tests[0] for plant in PLANTS})
    selections = " or ".join(plant.tests[2] for plant in PLANTS if len(plant.tests) > 2)
    # The whole files of plants that select no tests, the named tests of the others.
    whole = [plant.tests[0] for plant in PLANTS if len(plant.tests) == 1]
    result = _run(project_copy, *[a for a in arguments if a not in whole], "-k", selections)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    result = _run(project_copy, *whole)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.parametrize("plant", PLANTS, ids=[plant.name for plant in PLANTS])
def test_each_planted_bug_makes_its_test_fail(project_copy: Path, plant: Plant):
    path = _target(project_copy, plant)
    original, times = path.read_bytes(), path.stat()
    text = original.decode("utf-8")
    assert text.count(plant.old) == 1, f"plant '{plant.name}' matches {text.count(plant.old)} places"
    path.write_text(text.replace(plant.old, plant.new), encoding="utf-8")
    try:
        result = _run(project_copy, *plant.tests)
    finally:  # as it was, to the nanosecond: its compiled file is valid again for the next plant
        path.write_bytes(original)
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    # 1: tests ran and failed (2 would be an interrupted run, 5 no test selected).
    assert result.returncode == 1, (f"'{plant.name}' planted, yet {' '.join(plant.tests)} gave exit "
                                    f"{result.returncode}:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    assert f"FAILED {plant.tests[0]}::" in result.stdout, result.stdout[-2000:]
