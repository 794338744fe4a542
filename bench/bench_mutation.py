"""Mutation score of the pure packages with the fast tests (issue #15).

Run: ``python bench/bench_mutation.py [--package model layout io render/docx] [--sample N]
[--seed S] [--full] [--children K] [--workdir DIR] [--rescore]``. Needs the ``mutation`` extra (``pip install -e
".[test,mutation]"``): mutmut 3, chosen over cosmic-ray by measurement (README, "Mutation score").

Why: a test suite can pass while checking little; a mutant (one small change to the code:
``<`` for ``<=``, ``1`` for ``2``, a dropped argument) that the tests still pass shows a place
where a bug would go unnoticed. The score is the share of mutants some test kills.

How: each package is mutated in a copy of the checkout (``--workdir``, default a temporary
folder), never in the checkout itself, since other people run tests there. The tests given
to mutmut are the fast tests (``-m "not slow"``) of every test file that imports our code and no Qt
(``fast_test_files``: read from the imports, so a new test file counts without anyone
listing it). mutmut runs each mutant in a forked worker with only the tests that reach the
mutated function, stopping at the first failure (``-x``).

Sampled mode (default): a fixed-seed random sample of ``--sample`` mutants per package (mutant
names listed by mutmut's own mutator, without running anything), and the killed share with
its 95 % Wilson interval. ``--full`` runs every mutant (hours on two shared cores).
A mutant that makes the tests time out counts as killed; one no fast test reaches counts as
surviving. Known-equivalent mutants (``EQUIVALENT``: the change cannot alter behaviour) are
left out of the score and listed with their reason. Surviving mutants are printed as
``file:line`` and the changed line, so tests can be written against them; ``mutmut show NAME``
in the work folder prints the whole diff. After writing tests, copy them into the work folder's
``tests/`` and its ``pyproject.toml``'s test selection, run ``mutmut run SURVIVOR…`` there, then
``--rescore`` prints the new figures (or run the same sample again). mutmut forgets its other
verdicts when its configuration changes, so the bench keeps them in ``outcomes.json``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import describe_machine

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "layout", "io", "render/docx")
#: Tests that need a display, Qt or another program are not "fast tests" for this bench.
_NOT_FAST_IMPORTS = ("PySide6", "editor.ui", "pytestqt", "tests.canvas_helpers", "tests.ime_driver")
#: Read by tests (fonts, the sample, docs …), never mutated: linked into the work folder.
_LINKED = ("fonts", "layouts", "assets", "bench", "docs", "README.md", "setup.py", "windows")
#: Single files tests read from folders too big to copy (``.ci`` holds a Wine prefix).
_COPIED_FILES = (".ci/run",)

#: Mutants that cannot change behaviour, by mutmut name, with the reason. Left out of the score.
#: mutmut numbers a function's mutants in order, so an edit to that function can renumber them:
#: check an entry against ``mutmut show NAME`` when its function changes.
EQUIVALENT: dict[str, str] = {
    "editor.model.arrange.x__restacked__mutmut_26":
        "bringing forward starts at len - 2 instead of len - 1: the last frame has nothing in front "
        "of it to pass (j = len is out of range), so skipping it changes nothing",
    "editor.io.prepared_cache.x_load__mutmut_27":
        "rstrip(b'XX\\0XX') strips 'X' as well as NUL padding; the kinds stored are 'jpeg' and 'png'",
    "editor.layout.flow.x__break_together__mutmut_12":
        "zip(strict=None) instead of strict=True: the lists are always as long as each other, and "
        "strict only raises when they are not",
    "editor.layout.linebreak.x__squeeze__mutmut_33":
        "zip(strict=None) instead of strict=True: the same, for a line's shrinks and their levels",
    "editor.model.codec.x__decode_frame__mutmut_28":
        "a frame decoded with a fresh budget instead of the document's: no frame class holds a list "
        "that counts toward the document's totals, so the budget is never drawn on below a frame",
    "editor.model.edits.x_duplicate_page__mutmut_41":
        "new_id(None, 'story') inside the loop that redraws a story id colliding with a new frame id: "
        "frame ids are frame-N or hold '~', a story-N id never equals one, so the loop never runs",
    "editor.model.paste_cleanup.x_paragraphs_from_html__mutmut_5":
        "walk(root, None) instead of False: the inherited bold is only tested for truth",
    "editor.model.article_placement.x_place_article_in_rects__mutmut_10":
        "a new story's id prefix 'STORY' instead of 'story': ids are internal (never shown, never "
        "parsed), unique by new_id's counter whatever the prefix",
    "editor.model.master_edits.x_add_master__mutmut_16":
        "a new master's id prefix 'MASTER' instead of 'master': internal, unique by new_id's counter",
    "editor.layout.font_registry.x_default_font_dirs__mutmut_14":
        "os.environ['SYSTEMROOT'] for 'SystemRoot': the line runs only on Windows, where environment "
        "names ignore case",
    "editor.layout.font_registry.xǁScanCacheǁ_load__mutmut_5":
        "encoding 'UTF-8' for 'utf-8': Python's codec names ignore case",
    "editor.layout.linebreak.x__squeeze__mutmut_42":
        "'=' for '+=' on a character's shrink by level: each character has one level, so its entry is "
        "written once, from 0.0",
    "editor.layout.engine.x__glyph_runs__mutmut_100":
        "'+ 2' for '+ 1' in the branch for a line starting past a non-empty paragraph's last "
        "character: flow makes lines only below the character count, jump lines start at 0",
    "editor.layout.font_convert.x__cache_path__mutmut_37":
        "the 'font' fallback name changed: re.sub leaves the stem empty only for an empty path stem, "
        "which no font file has",
    "editor.model.totals.x_within_limits__mutmut_14":
        "change.apply(None) for apply(False) when undoing a trial edit: apply only tests forward for "
        "truth (new if forward else old)",
    "editor.layout.engine.x__changed_pages__mutmut_18":
        "zip(strict=None) instead of strict=True: both lists hold one entry per page of the same "
        "document, so they are always as long as each other",
    "editor.layout.flow.x__apply_vertical_alignment__mutmut_41":
        "zip(strict=None) instead of strict=True: the positions and the lines at them are built "
        "from each other",
    "editor.layout.font_registry.x__font_files__mutmut_4":
        "os.walk without its onerror: the callback only writes a debug log line; os.walk skips an "
        "unreadable folder either way",
    "editor.layout.font_registry.xǁScanCacheǁsave__mutmut_33":
        "None for the path in a warning log line's arguments: only the log text changes",
    "editor.layout.fontmetrics.xǁFaceMetricsǁ_read_ink__mutmut_7":
        "TTFont(lazy=False) for lazy=True: the same glyph bounds, read eagerly (time and memory only)",
    "editor.layout.paragraph_breaks.x__costs__mutmut_39":
        "float('INF') for float('inf'): Python reads either spelling as infinity",
    "editor.layout.engine.x__measure_photo__mutmut_5":
        "read_photo_info(data, None) for (data, name): the name only goes into the refusal's message, "
        "and the layout keeps only its reason, which leaves the name out",
    "editor.layout.textprep.x__compress_adjacent_marks__mutmut_24":
        "'>' for '>=' against advance − 1e-6: a mark's box is its full advance or half an em less, "
        "never exactly 1e-6 under it",
    "editor.io.article_import.x__looks_like_text__mutmut_15":
        "category 'CS' for 'Cs' (surrogates): the text comes from strict UTF-8, UTF-16 or GB 18030 "
        "decoding, none of which ever yields a surrogate (every 1–4-byte GB 18030 sequence checked)",
    "editor.io.photo_checks.x_check_opened__mutmut_9":
        "UnusablePhoto(DAMAGED) without the name: check_opened runs only inside photos._pillow_guard, "
        "which turns the TypeError into the same UnusablePhoto(name, DAMAGED)",
    "editor.io.project.x__load_zip__mutmut_23":
        "no path for the 'inflates too much' refusal: CPython's zipfile stops at the declared size "
        "and fails the CRC first, so that refusal is never reached through this call",
    "editor.io.photos.x_load_upright__mutmut_35":
        "keep_grey=None instead of False: _normalised_mode only tests it for truth",
    "editor.io.photos.x__normalised_mode__mutmut_79":
        "an RGB image converted to RGB again instead of returned as is: the same pixels (a copy)",
    "editor.layout.font_convert.x_otf_to_ttf__mutmut_10":
        "TTGlyphPen(None) for its glyph set: the pen reads the set only to decompose components with "
        "transforms TrueType cannot hold, and a CFF font's only components (seac accents) are plain offsets; "
        "the converted test fonts' every table is identical (TTX compared, timestamps aside)",
    "editor.layout.font_convert.x_otf_to_ttf__mutmut_25":
        "newTable('LOCA') for 'loca': fontTools builds loca afresh from glyf when the font is written; the "
        "converted fonts' every table is identical (TTX compared, timestamps aside)",
    "editor.layout.font_convert.x__maxp_v1__mutmut_21":
        "maxComponentElements None: fontTools recalculates maxp's glyph figures when it writes the font "
        "(recalcBBoxes); the converted fonts' every table is identical (TTX compared)",
    "editor.layout.font_convert.x__subset__mutmut_16":
        "load_font(lazy=None) for lazy=True: fontTools' loading strategy only (tables read on access either "
        "way); the converted fonts' every table is identical (TTX compared)",
    "editor.layout.font_registry.x__font_files__mutmut_6":
        "log.debug(None, e) in os.walk's onerror: only a debug log line (logging reports its own formatting "
        "error, os.walk skips the folder either way)",
    "editor.layout.font_registry.x__font_files__mutmut_11":
        "the debug log line's text upper-cased: only the log text changes",
    "editor.layout.jumps.x_placed_jump_line__mutmut_11":
        "a continuation line's paragraph with style None: prepare_paragraph passes the style name only to "
        "the resolver, and the jump resolver answers every name with the continuation line's own style",
    "editor.io.photos.x__normalised_mode__mutmut_82":
        "the same RGB-to-RGB copy by another route (mode compared with 'XXRGBXX'), the colour conversion "
        "after it unchanged",
    "editor.io.photos.x__reencoded__mutmut_86":
        "format 'jpeg' for 'JPEG': Pillow's save looks the format up upper-cased",
    "editor.io.photos.x__downsampled__mutmut_86":
        "format 'png' for 'PNG': Pillow's save looks the format up upper-cased",
    "editor.io.photo_checks.x_jpeg_structure__mutmut_16":
        "'position < 1' for '< 0' after data.find(b'\\xff', position): the search starts at 2 and only moves "
        "on, so it returns -1 or at least 2, never 0",
    "editor.io.article_import.x__photo__mutmut_14":
        "photo_extension without the picture's name: the name only goes into the refusal's message, and the "
        "note quotes picture_name itself with reason_of(problem), the reason without the name",
    "editor.io.project.xǁZipPhotosǁread__mutmut_26":
        "ZipExtFile(handle, None, info) for mode 'r': ZipExtFile only stores its mode (CPython 3.11 zipfile)",
    "editor.io.lockfile.xǁLockOwnerǁto_json__mutmut_34":
        "encode('UTF-8') for 'utf-8': Python's codec names ignore case",
    "editor.io.recent.xǁRecentFilesǁ_stored__mutmut_9":
        "decode('UTF-8') for 'utf-8': Python's codec names ignore case",
}


@dataclass(frozen=True)
class Outcome:
    """One mutant's verdict: ``killed``, ``survived``, ``no tests``, ``timeout`` …"""

    name: str
    status: str


def wilson_interval(killed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of the killed share ``killed / total``."""
    if total == 0:
        return (0.0, 1.0)
    share = killed / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    denominator = 1 + z * z / total
    return ((centre - spread) / denominator, (centre + spread) / denominator)


def _imported_modules(test_file: Path) -> set[str]:
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def fast_test_files(tests_dir: Path = ROOT / "tests") -> list[str]:
    """Test files that import from ``editor`` and nothing that needs Qt or a display.

    The same files for every package: a test reaching io through the command line or layout
    through an exporter guards it as well as one importing it by name, and mutmut runs against
    each mutant only the tests that reached the mutated function, so a file that never calls
    into a package costs nothing there but its share of the one recording pass."""
    chosen = []
    for test_file in sorted(tests_dir.glob("test_*.py")):
        modules = _imported_modules(test_file)
        needs_qt = "qtbot" in test_file.read_text(encoding="utf-8")
        if needs_qt or any(m.startswith(bad) for m in modules for bad in _NOT_FAST_IMPORTS):
            continue
        if any(m == "editor" or m.startswith("editor.") for m in modules):
            chosen.append(f"tests/{test_file.name}")
    return chosen


def mutant_names(workdir: Path, package: str) -> list[str]:
    """Every mutant mutmut makes in ``editor/<package>``, listed without running anything.

    Read in ``workdir`` (prepared by ``prepare_workdir``), where mutmut finds its configuration.
    """
    from mutmut.mutation.file_mutation import mutate_file_contents
    from mutmut.utils.format_utils import get_mutant_name

    names = []
    with contextlib.chdir(workdir):
        for source in sorted(Path("editor", package).glob("*.py")):
            mutated = mutate_file_contents(str(source), source.read_text(encoding="utf-8"))
            names.extend(get_mutant_name(source, name) for name in mutated.mutant_names)
    return names


def sample(names: list[str], size: int | None, seed: int) -> list[str]:
    """A fixed-seed random sample of ``size`` names (all of them when ``size`` is None)."""
    ordered = sorted(names)
    if size is None or size >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, size))


def _mutmut_config(package: str, tests: list[str]) -> str:
    quoted = ", ".join(json.dumps(test) for test in tests)
    return (
        "\n[tool.mutmut]\n"
        f'source_paths = ["editor/"]\n'
        f'only_mutate = ["editor/{package}/*"]\n'
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not slow", "-x", "-q"]\n'
        f"pytest_add_cli_args_test_selection = [{quoted}]\n"
        f"also_copy = {json.dumps(list(_LINKED))}\n"
    )


def _selected_tests(workdir: Path) -> list[str]:
    """The test files a work folder's mutmut runs (its configuration), for ``--rescore``: the
    checkout's tests may have changed since the verdicts were reached."""
    import tomllib

    config = tomllib.loads((workdir / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["mutmut"]["pytest_add_cli_args_test_selection"])


def prepare_workdir(workdir: Path, package: str, tests: list[str]) -> None:
    """A copy of the checkout for one package: ``editor``, ``tests``, the config; big folders linked."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    for name in ("editor", "tests"):
        shutil.copytree(ROOT / name, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in _LINKED:
        if (ROOT / name).exists():
            (workdir / name).symlink_to(ROOT / name)
    for name in _COPIED_FILES:  # straight into mutmut's copy: its also_copy needs the folder
        target = workdir / "mutants" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (workdir / "pyproject.toml").write_text(pyproject + _mutmut_config(package, tests), encoding="utf-8")


def _mutmut() -> str:
    return str(Path(sys.executable).with_name("mutmut"))


def run_mutmut(workdir: Path, names: list[str], children: int) -> None:
    """``mutmut run`` on the named mutants in ``workdir``; its progress goes to ``mutmut.log``."""
    with open(workdir / "mutmut.log", "w", encoding="utf-8") as log:
        subprocess.run(
            [_mutmut(), "run", "--max-children", str(children), *names],
            cwd=workdir, stdout=log, stderr=subprocess.STDOUT, check=False,
        )


def read_outcomes(workdir: Path, names: Iterable[str]) -> list[Outcome]:
    """The verdicts mutmut stored in ``mutants/**/*.meta`` for ``names``."""
    from mutmut.stats import status_by_exit_code

    wanted = set(names)
    outcomes = []
    for meta in sorted((workdir / "mutants").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        outcomes.extend(
            Outcome(name, status_by_exit_code[code]) for name, code in codes.items() if name in wanted
        )
    return outcomes


def _merged_with_saved(workdir: Path, outcomes: list[Outcome]) -> list[Outcome]:
    """``outcomes``, a mutant mutmut has not checked (since a retest reset it) taking its last
    saved verdict; saved again in ``outcomes.json`` in the work folder."""
    saved_path = workdir / "outcomes.json"
    saved = json.loads(saved_path.read_text(encoding="utf-8")) if saved_path.exists() else {}
    merged = [
        Outcome(o.name, saved.get(o.name, o.status)) if o.status == "not checked" else o for o in outcomes
    ]
    saved_path.write_text(json.dumps({o.name: o.status for o in merged}, indent=1), encoding="utf-8")
    return merged


def _source_of(name: str) -> Path:
    module = name.partition("__mutmut_")[0].rpartition(".")[0]
    module_path = ROOT / (module.replace(".", "/") + ".py")
    return module_path if module_path.exists() else module_path.with_suffix("") / "__init__.py"


def describe_mutant(workdir: Path, name: str) -> str:
    """``file:line  - old  + new`` for a mutant, from ``mutmut show``."""
    shown = subprocess.run(
        [_mutmut(), "show", name], cwd=workdir, capture_output=True, text=True, check=False
    ).stdout
    removed = [line[1:] for line in shown.splitlines() if re.match(r"-[^-]", line)]
    added = [line[1:] for line in shown.splitlines() if re.match(r"\+[^+]", line)]
    source = _source_of(name)
    line_no = _line_of(source, removed[0], name, _changed_line_in_function(shown)) if removed else 0
    change = f"- {removed[0].strip() if removed else ''}  + {added[0].strip() if added else ''}"
    return f"{source.relative_to(ROOT)}:{line_no}  {change}  [{name}]"


def _changed_line_in_function(diff: str) -> int:
    """Where a ``mutmut show`` diff's first removed line is, counted from the function's first line."""
    lines = diff.splitlines()
    for index, line in enumerate(lines):
        hunk = re.match(r"@@ -(\d+)", line)
        if hunk:
            context = 0
            for following in lines[index + 1:]:
                if following.startswith("-"):
                    return int(hunk.group(1)) + context
                context += 1
    return 1


def _line_of(source: Path, text: str, name: str, line_in_function: int) -> int:
    """The file line of a mutant's changed ``text``: the matching line inside its function nearest to
    where the diff's hunk (numbered from the function's first line) puts it; a line repeated elsewhere
    in the file is not taken for it."""
    lines = source.read_text(encoding="utf-8").splitlines()
    first, last = _function_lines(source, name) or (1, len(lines))
    matches = [number for number in range(first, last + 1) if lines[number - 1].strip() == text.strip()]
    guess = first + line_in_function - 1
    return min(matches, key=lambda number: abs(number - guess)) if matches else 0


def _function_lines(source: Path, name: str) -> tuple[int, int] | None:
    """First and last line of the function a mutmut name points at (``x_f`` or ``xǁClassǁmethod``)."""
    mangled = name.partition("__mutmut_")[0].rpartition(".")[2]
    parts = mangled.split("ǁ")[1:] if mangled.startswith("xǁ") else [mangled[2:]]
    scope: list[ast.stmt] = ast.parse(source.read_text(encoding="utf-8")).body
    node: ast.stmt | None = None
    for part in parts:
        node = next((n for n in scope if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     and n.name == part), None)
        if node is None:
            return None
        scope = node.body
    if node is None:
        return None
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return start, node.end_lineno or node.lineno


@dataclass(frozen=True)
class Score:
    """A package's figures: mutants tried, killed, equivalent, and the killed share's interval."""

    package: str
    tried: int
    killed: int
    equivalent: int

    @property
    def counted(self) -> int:
        return self.tried - self.equivalent

    def line(self) -> str:
        low, high = wilson_interval(self.killed, self.counted)
        share = self.killed / self.counted if self.counted else 0.0
        return (
            f"{self.package:12} {self.killed:4}/{self.counted:<4} killed = {share:6.1%}"
            f"  (95 % CI {low:.1%}–{high:.1%}; {self.equivalent} equivalent left out)"
        )


def score(package: str, outcomes: list[Outcome]) -> Score:
    """Killed = killed or timed out; equivalent mutants (``EQUIVALENT``) are not counted."""
    equivalent = sum(1 for o in outcomes if o.name in EQUIVALENT)
    killed = sum(1 for o in outcomes if o.name not in EQUIVALENT and o.status in ("killed", "timeout"))
    return Score(package, len(outcomes), killed, equivalent)


def run_package(package: str, args: argparse.Namespace) -> Score:
    """Mutate one package in its own work folder, print its survivors, return its score."""
    workdir = args.workdir / package.replace("/", "-")
    tests = _selected_tests(workdir) if args.rescore else fast_test_files()
    if not args.rescore:
        prepare_workdir(workdir, package, tests)
    names = sample(mutant_names(workdir, package), None if args.full else args.sample, args.seed)
    print(f"\n{package}: {len(names)} mutants, {len(tests)} test files, in {workdir}", flush=True)
    if not args.rescore:
        run_mutmut(workdir, names, args.children)
    outcomes = _merged_with_saved(workdir, read_outcomes(workdir, names))
    if any(outcome.status == "not checked" for outcome in outcomes):
        log_tail = (workdir / "mutmut.log").read_text(encoding="utf-8")[-2000:]
        raise SystemExit(f"mutmut did not test every mutant of {package}; end of its log:\n{log_tail}")
    for outcome in outcomes:
        if outcome.name in EQUIVALENT:
            print(f"  equivalent: {outcome.name} — {EQUIVALENT[outcome.name]}")
        elif outcome.status not in ("killed", "timeout"):
            print(f"  {outcome.status}: {describe_mutant(workdir, outcome.name)}", flush=True)
    return score(package, outcomes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", nargs="+", default=list(PACKAGES), choices=PACKAGES)
    parser.add_argument("--sample", type=int, default=150, help="mutants per package (sampled mode)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--full", action="store_true", help="every mutant, not a sample")
    parser.add_argument("--children", type=int, default=2, help="mutants run at once")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "banmian-mutation")
    parser.add_argument("--rescore", action="store_true",
                        help="score the results already in --workdir (after `mutmut run NAMES` there "
                             "retested survivors against new tests) without running anything")
    args = parser.parse_args(argv)
    print(describe_machine())
    mode = "every mutant" if args.full else f"sample of {args.sample} per package, seed {args.seed}"
    print(f"mutmut {_mutmut_version()}, {mode}, fast tests (-m 'not slow', -x)")
    scores = [run_package(package, args) for package in args.package]
    print()
    for result in scores:
        print(result.line())


def _mutmut_version() -> str:
    from importlib.metadata import version

    return version("mutmut")


if __name__ == "__main__":
    main()
