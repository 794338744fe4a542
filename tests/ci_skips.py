"""Which tests may skip on CI: the list ``.ci/run`` keeps, read for ``tests/conftest.py``.

On CI (``CI`` set) a skipped test usually means something CI was meant to install is missing,
so ``conftest.py`` turns the skip into a failure — unless ``.ci/run`` names the test, for the
platform the suite runs on, with a reason, in a comment line of this shape::

    # ci-may-skip: win32 tests/test_export_targets.py::* — POSIX links, devices and FIFOs

The platform is ``sys.platform`` (``linux``, ``win32``) or ``*``; the test is a pytest node id,
``*`` matching anything (``fnmatch``); the reason follows an em dash and may not be empty.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass
from pathlib import Path

CI_RUN = Path(__file__).resolve().parent.parent / ".ci" / "run"
_ENTRY = re.compile(r"^#\s*ci-may-skip:\s*(?P<platform>\S+)\s+(?P<pattern>\S+)\s+—\s*(?P<reason>.*?)\s*$")


@dataclass(frozen=True)
class AllowedSkip:
    """One line of ``.ci/run``: tests matching ``pattern`` may skip on ``platform``, because ``reason``."""

    platform: str
    pattern: str
    reason: str

    def covers(self, node_id: str, platform: str) -> bool:
        return self.platform in ("*", platform) and fnmatch.fnmatchcase(node_id, self.pattern)


@functools.cache
def allowed_skips(script: Path = CI_RUN) -> tuple[AllowedSkip, ...]:
    """The ``ci-may-skip`` lines of ``.ci/run`` (none when it is missing: nothing may skip)."""
    try:
        lines = script.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return ()
    found = []
    for line in lines:
        match = _ENTRY.match(line.strip())
        if match:
            found.append(AllowedSkip(match["platform"], match["pattern"], match["reason"]))
    return tuple(found)


def may_skip(node_id: str, platform: str, allowed: tuple[AllowedSkip, ...]) -> bool:
    """Whether a test that skipped on CI is named in ``.ci/run`` (with a reason) for this platform."""
    return any(entry.reason and entry.covers(node_id, platform) for entry in allowed)


def failure_text(node_id: str, reason: str) -> str:
    return (f"{node_id} skipped on CI ({reason}). CI installs what the tests need: install it in .ci/run, "
            "or name the test there in a '# ci-may-skip: <platform> <node id> — <reason>' line.")
