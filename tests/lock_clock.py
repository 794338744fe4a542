"""A fake clock for ``editor.io.lockfile``: its pauses take no time, so a 10-second limit passes at once.

Monotonic time moves by the pauses taken and a millisecond at each look; wall time is the real one
or a fixed second. Shared by the lock tests that wait, retry or judge ages.
"""

from __future__ import annotations

import time
import types

import pytest

from editor.io import lockfile


class FakeClock:
    """The clock ``lockfile`` sees, recording every pause it takes."""

    def __init__(self, wall_s: float | None = None) -> None:
        self.wall_s = wall_s
        self.paused_s: list[float] = []
        self.monotonic_s = 0.0

    def time(self) -> float:
        return time.time() if self.wall_s is None else self.wall_s

    def sleep(self, seconds: float) -> None:
        self.paused_s.append(seconds)
        self.monotonic_s += seconds

    def monotonic(self) -> float:
        self.monotonic_s += 0.001
        return self.monotonic_s


def install_clock(monkeypatch: pytest.MonkeyPatch, wall_s: float | None = None) -> FakeClock:
    """Give ``lockfile`` a fake clock (wall time fixed at ``wall_s`` if given) for one test."""
    fake = FakeClock(wall_s)
    monkeypatch.setattr(lockfile, "time", types.SimpleNamespace(time=fake.time, sleep=fake.sleep,
                                                                monotonic=fake.monotonic))
    return fake
