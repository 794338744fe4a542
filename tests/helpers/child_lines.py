"""The lines a child editor process prints, read on a thread so that a test can wait for one.

The SIGKILL tests (``tests/test_autosave_kill.py``,
``tests/test_recovery_newer_save.py``) run an editor in its own process,
which reports its progress in lines (``SAVED``, ``SNAPSHOT <id>`` …); the
test waits for a line, then acts (reads a file, kills the process).
"""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time

#: Long enough for a loaded CI machine to start Python and Qt and open the sample.
CHILD_TIMEOUT_S = 90.0


class ChildLines:
    """Collects ``child``'s stdout lines; ``seen`` holds every line taken so far."""

    def __init__(self, child: subprocess.Popen[str], timeout_s: float = CHILD_TIMEOUT_S) -> None:
        self._child = child
        self._timeout_s = timeout_s
        self._lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self._child.stdout:
            self._lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str) -> str:
        """The next line starting with ``prefix``; AssertionError if the child ends or times out first."""
        deadline = time.monotonic() + self._timeout_s
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.5)
            except queue.Empty:
                if self._child.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        stderr = self._child.stderr.read() if self._child.stderr and self._child.poll() is not None else ""
        raise AssertionError(f"the editor process never printed {prefix!r}; it printed {self.seen!r}, "
                             f"stderr: {stderr or '(none or still running)'}")

    def kill(self, timeout_s: float = 30.0) -> list[str]:
        """Kill the child now, as a crash or power cut would end it (SIGKILL; TerminateProcess on
        Windows: no handler or cleanup runs in either); every line it printed."""
        self._child.kill()
        self._child.wait(timeout=timeout_s)
        killed = 1 if sys.platform == "win32" else -signal.SIGKILL  # TerminateProcess's exit code (Popen.kill)
        assert self._child.returncode == killed, f"the editor process ended by itself: {self.seen!r}"
        self._reader.join(timeout=timeout_s)
        while not self._lines.empty():
            self.seen.append(self._lines.get())
        return self.seen

    def stop(self) -> None:
        """End the child if a failed wait left it running (for a ``finally``)."""
        if self._child.poll() is None:
            self._child.kill()
        self._child.wait(timeout=30)
