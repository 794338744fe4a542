"""The mutator of the fuzz test of issue 7: hostile project files, one case at a time.

``tests/test_fuzz_projects.py`` and ``bench/bench_fuzz.py`` hand each spoilt
project to ``banmian info`` and ``banmian export`` (``tests/fuzz_runner.py``
runs them). A case is a seed and a kind: ``make_case(case, base, folder)``
writes the same bytes for the same case every time, so a failure is
reproduced from its id alone (``python -m tests.fuzz_runner --case 1234:zip_bomb``).

The kinds are the issue's list: numbers that are huge, infinite, NaN or
tiny; wrong types; control characters and long strings in every kind of
string; big arrays; changed keys and deep nesting; broken thread links
(``tests/json_mutations.py``); zip bombs, lying sizes, odd member names,
truncation and byte flips; links, FIFOs and directories inside folder
projects; damaged and foreign photos (``tests/file_mutations.py``). The
base project and the writers are in ``tests/mutation_base.py``, the
byte-level tools (raw zips, bombs, photo headers) in ``tests/hostile_bytes.py``.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.file_mutations import (
    make_bad_photo,
    make_folder_links,
    make_folder_special_files,
    make_zip_bomb,
    make_zip_byte_flips,
    make_zip_lying_size,
    make_zip_member_names,
    make_zip_truncated,
)
from tests.json_mutations import (
    make_big_array,
    make_control_chars,
    make_deep_nesting,
    make_huge_number,
    make_key_change,
    make_long_string,
    make_nonfinite_number,
    make_thread_links,
    make_tiny_number,
    make_wrong_type,
)
from tests.mutation_base import BaseProject, Mutated, base_project, prepare

__all__ = ["CONTROL_KIND", "KINDS", "BaseProject", "Case", "Kind", "Mutated", "base_project", "cases", "kind_names",
           "make_case", "prepare"]

#: The kind of the control cases: the base project, unchanged (it must open and export).
CONTROL_KIND = "unchanged"

# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One fuzz case: the seed of its random choices and its kind of mutation."""

    seed: int
    kind: str

    @property
    def id(self) -> str:
        return f"{self.seed}:{self.kind}"

    @classmethod
    def parse(cls, text: str) -> Case:
        seed, _, kind = text.partition(":")
        if kind not in KINDS:
            raise ValueError(f"unknown mutation kind {kind!r}; kinds: {', '.join(KINDS)}")
        return cls(int(seed), kind)


Maker = Callable[[random.Random, BaseProject, Path], Mutated]


@dataclass(frozen=True)
class Kind:
    """A way to spoil the base project, by name."""

    name: str
    make: Maker
    #: Needs symbolic links or FIFOs, which Windows does not give a test.
    posix_only: bool = False


def kind_names(posix: bool = os.name == "posix") -> list[str]:
    """The mutation kinds this platform can make, in their fixed order."""
    return [name for name, kind in KINDS.items() if name != CONTROL_KIND and (posix or not kind.posix_only)]


def cases(first_seed: int, count: int, kinds: list[str] | None = None) -> list[Case]:
    """``count`` cases from ``first_seed`` on, the kinds taken in turn."""
    names = kinds or kind_names()
    return [Case(seed, names[seed % len(names)]) for seed in range(first_seed, first_seed + count)]


def make_case(case: Case, base: BaseProject, folder: Path) -> Mutated:
    """Write ``case``'s project into the empty ``folder``; same case, same bytes."""
    return KINDS[case.kind].make(random.Random(case.seed), base, folder)


def make_unchanged(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    """A copy of the base project as ``save_project`` or ``save_project_folder`` wrote it."""
    if rng.random() < 0.5:
        path = folder / "project.banmian"
        path.write_bytes(base.zip_path.read_bytes())
        return Mutated(path, "zip", "the base project as saved by save_project")
    shutil.copytree(base.folder_path, folder / "project")
    return Mutated(folder / "project", "folder", "the base project as saved by save_project_folder")


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind(CONTROL_KIND, make_unchanged),
    Kind("huge_number", make_huge_number),
    Kind("nonfinite_number", make_nonfinite_number),
    Kind("tiny_number", make_tiny_number),
    Kind("wrong_type", make_wrong_type),
    Kind("control_chars", make_control_chars),
    Kind("long_string", make_long_string),
    Kind("big_array", make_big_array),
    Kind("key_change", make_key_change),
    Kind("deep_nesting", make_deep_nesting),
    Kind("thread_links", make_thread_links),
    Kind("zip_bomb", make_zip_bomb),
    Kind("zip_lying_size", make_zip_lying_size),
    Kind("zip_member_names", make_zip_member_names),
    Kind("zip_truncated", make_zip_truncated),
    Kind("zip_byte_flips", make_zip_byte_flips),
    Kind("folder_links", make_folder_links, posix_only=True),
    Kind("folder_special_files", make_folder_special_files, posix_only=True),
    Kind("bad_photo", make_bad_photo),
)}
