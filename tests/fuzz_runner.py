"""Runs fuzz cases (``tests/project_mutations.py``) through ``banmian info`` and ``banmian export``.

Each case needs its own time limit, its peak memory and its stderr, and
must not be able to hang or poison the others. On POSIX the parent imports
the editor and warms fonts, ReportLab and python-docx once, then forks a
child that writes the case's file and another that runs ``editor.cli.main``
on it (about 0.1 s for a project that exports); the parent kills a child
past 10 s of CPU time, 30 s of wall-clock time (a hang) or 1 GB, and reads
its peak memory and CPU time from ``wait4``. Where there is no fork
(Windows), spawned workers run the cases, killed after 30 s, with each
case's CPU time measured inside the worker and no per-case memory figure.

What the child leaves in its folder (each command's stderr and error log,
a stack dump on a kill) is judged by ``tests/fuzz_report.py``.

``python -m tests.fuzz_runner --cases 2000 --report out.json`` is what the
test runs (in a fresh interpreter, so the memory baseline is the editor's,
not pytest's); ``--case 1234:zip_bomb --keep`` reruns one case and keeps its files.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import gc
import importlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``tests`` and ``editor`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz_report import (
    HANG_S,
    MEMORY_LIMIT_MB,
    TIMEOUT_S,
    CaseResult,
    RunReport,
    explain,
    format_summary,
    judge_case,
    judge_limits,
    partial_detail,
    read_or_empty,
    report_json,
    running_command,
)
from tests.project_mutations import (
    CONTROL_KIND,
    BaseProject,
    Case,
    Mutated,
    base_project,
    cases,
    make_case,
    prepare,
)

#: A child past this resident size is killed at once (the machine is shared); it fails either way.
KILL_ABOVE_MB = 1024.0
#: A file written past this size kills the child (SIGXFSZ) before it fills the disk.
MAX_OUTPUT_BYTES = 2 << 30
GENERATOR_TIMEOUT_S = 120.0
GS_MARKER_ENV = "BANMIAN_FUZZ_GS_MARKER"
CONTROL_CASES = (Case(-1, CONTROL_KIND), Case(-2, CONTROL_KIND))


# ---------------------------------------------------------------- one case, inside the child


@contextlib.contextmanager
def _output_to(stdout_path: Path, stderr_path: Path) -> Iterator[None]:
    """Send file descriptors 1 and 2 (Python's and C's writes alike) to files, then back."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            try:
                yield
            finally:
                for stream in (sys.stdout, sys.stderr):
                    stream.flush()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def _call_cli(argv: list[str], log_dir: Path) -> int:
    """``banmian ARGV`` in this process; an exception escaping main is code -1 (written to escaped.txt)."""
    import editor.cli

    try:
        return editor.cli.main(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2
    except BaseException:  # noqa: BLE001 - the whole point is to see what escapes
        log_dir.mkdir(exist_ok=True)
        (log_dir / "escaped.txt").write_text(traceback.format_exc(), encoding="utf-8")
        return -1


def run_commands(project: Path, case_dir: Path) -> dict[str, Any]:
    """``banmian info`` then ``banmian export --pdf --docx`` on ``project``; what each did.

    The error log goes into ``case_dir`` (not the user's), and a fake ``gs``
    on PATH leaves a marker if anything starts Ghostscript."""
    import editor.errorlog

    os.environ[GS_MARKER_ENV] = str(case_dir / "ghostscript-ran")
    pdf, docx = case_dir / "out.pdf", case_dir / "out.docx"
    commands = {"info": ["info", str(project)],
                "export": ["export", str(project), "--pdf", str(pdf), "--docx", str(docx)]}
    done: list[dict[str, Any]] = []
    for name, argv in commands.items():
        started, cpu_started = time.perf_counter(), time.process_time()
        editor.errorlog.log_dir = lambda name=name: case_dir / name  # one error log per command
        with _output_to(case_dir / f"{name}.stdout", case_dir / f"{name}.stderr"):
            code = _call_cli(argv, case_dir / name)
        stderr = (case_dir / f"{name}.stderr").read_bytes().decode("utf-8", "replace")
        done.append({"name": name, "code": code, "stderr": stderr[:4000], "seconds": time.perf_counter() - started,
                     "cpu_seconds": time.process_time() - cpu_started})
        (case_dir / "result.json").write_text(json.dumps({"commands": done}), encoding="utf-8")
    outputs_ok = _starts_with(pdf, b"%PDF-") and _starts_with(docx, b"PK\x03\x04")
    result = {"commands": done, "outputs_ok": outputs_ok, "ghostscript_ran": (case_dir / "ghostscript-ran").exists()}
    (case_dir / "result.json").write_text(json.dumps(result), encoding="utf-8")
    return result


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


def fake_ghostscript(folder: Path) -> Path:
    """A folder holding a ``gs`` that only records that it ran; put it first on PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "nt":
        (folder / "gs.bat").write_text(f'@echo off\r\ntype nul > "%{GS_MARKER_ENV}%"\r\nexit /b 1\r\n')
    else:
        script = folder / "gs"
        script.write_text(f'#!/bin/sh\n: > "${GS_MARKER_ENV}"\nexit 1\n')
        script.chmod(0o755)
    return folder


# ---------------------------------------------------------------- the fork runner (POSIX)


def _rss_mb_of(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _cpu_seconds_of(pid: int) -> float | None:
    """User plus system CPU seconds of a running child (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _maxrss_mb(rusage: Any) -> float:
    return rusage.ru_maxrss / 2**20 if sys.platform == "darwin" else rusage.ru_maxrss / 1024


def _child_setup(case_dir: Path, fake_bin: Path) -> list[Any]:
    """In a fresh child: own process group, quiet stdin, limits, stack dumps on SIGUSR1 and on a crash."""
    import resource

    os.setpgid(0, 0)
    os.environ["PATH"] = f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}"
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGXFSZ, signal.SIGPIPE):
        signal.signal(number, signal.SIG_DFL)
    stack = (case_dir / "stack.txt").open("w")
    crash = (case_dir / "crash.txt").open("w")
    faulthandler.register(signal.SIGUSR1, file=stack, all_threads=True, chain=False)
    faulthandler.enable(file=crash, all_threads=True)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})
    return [stack, crash]


def _fork(action: Any) -> int:
    """Fork; the child runs ``action()`` and leaves with its return code, never returning here.

    SIGUSR1 (the stack-dump request) is blocked in the child until ``_child_setup`` has a handler
    for it, so a request sent at once (a child born over the memory limit) waits instead of killing."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
    pid = os.fork()
    if pid:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return pid
    code = 70
    try:
        code = action()
    except BaseException:  # noqa: BLE001 - a child must never unwind into the parent's loop
        traceback.print_exc()
    finally:
        os._exit(code)


def _fresh_case_dir(work: Path, case: Case) -> Path:
    case_dir = work / f"case-{case.seed}-{case.kind}"
    _remove(case_dir)
    case_dir.mkdir(parents=True)
    return case_dir


def _write_case(case: Case, base: BaseProject, case_dir: Path) -> Mutated | None:
    """The case's project, written into ``case_dir``; None if the mutator itself failed (traceback kept)."""
    try:
        return make_case(case, base, case_dir)
    except Exception:  # noqa: BLE001 - reported as a fault of the instrument, not of the editor
        (case_dir / "generator-error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        return None


def _mutator_failed(result: CaseResult, case_dir: Path) -> None:
    result.failure, result.outcome = "the mutator failed (a fault of the test, not of the editor)", "failed"
    result.detail = (read_or_empty(case_dir / "generator-error.txt").strip().splitlines() or [""])[-1]


def _finish(result: CaseResult, case_dir: Path, keep_failures: bool) -> CaseResult:
    """The result, once the case's files are gone (kept for a failure when asked)."""
    if not (keep_failures and result.failure):
        _remove(case_dir)
    return result


def _generate(case: Case, base: BaseProject, case_dir: Path) -> int:
    """In the generating child: write the case and say where it is (mutated.json)."""
    mutated = _write_case(case, base, case_dir)
    if mutated is None:
        return 3
    (case_dir / "mutated.json").write_text(json.dumps({"path": str(mutated.path), "variant": mutated.variant,
                                                       "description": mutated.description}), encoding="utf-8")
    return 0


Commands = Callable[[Path, Path], dict[str, Any]]


def _run_in_child(project: Path, case_dir: Path, fake_bin: Path, commands: Commands) -> int:
    keep = _child_setup(case_dir, fake_bin)  # noqa: F841 - the dump files must stay open
    commands(project, case_dir)
    return 0


@dataclass
class _Running:
    case: Case
    case_dir: Path
    stage: str
    started: float
    result: CaseResult
    killed_for: str = ""
    rss_seen_mb: float = 0.0
    #: A stack dump was asked for when the child first passed the memory limit (to name the place).
    dumped_at_limit: bool = False


class ForkRunner:
    """Keeps ``workers`` children busy: for each case one writes the file, then one runs the commands."""

    def __init__(self, base: BaseProject, work: Path, workers: int = 2, timeout_s: float = TIMEOUT_S,
                 memory_limit_mb: float = MEMORY_LIMIT_MB, keep_failures: bool = False,
                 commands: Commands = run_commands, hang_s: float = HANG_S) -> None:
        self.base, self.work, self.workers, self.commands = base, work, workers, commands
        self.timeout_s, self.memory_limit_mb, self.keep_failures = timeout_s, memory_limit_mb, keep_failures
        self.hang_s = hang_s
        #: Far enough past the limit to be sure, soon enough to spare the shared machine.
        self.kill_above_mb = max(KILL_ABOVE_MB, 2 * memory_limit_mb)
        self.fake_bin = fake_ghostscript(work / "fake-bin")
        self.baseline_mb = self._baseline_mb()
        self.running: dict[int, _Running] = {}

    def _baseline_mb(self) -> float:
        _, _, rusage = os.wait4(_fork(lambda: 0), 0)
        return _maxrss_mb(rusage)

    def run(self, todo: list[Case], progress: Any = None, max_failures: int | None = None) -> RunReport:
        report = RunReport(workers=self.workers, mode="fork", baseline_mb=self.baseline_mb,
                           timeout_s=self.timeout_s, hang_s=self.hang_s, memory_limit_mb=self.memory_limit_mb)
        started = time.perf_counter()
        pending = deque(todo)
        while pending or self.running:
            while pending and len(self.running) < self.workers:
                self._start_generator(pending.popleft())
            finished = self._reap()
            self._enforce_limits()
            for result in finished:
                report.results.append(result)
                if progress:
                    progress(result, len(report.results), len(todo))
            if finished and max_failures is not None and len(report.failures()) >= max_failures:
                report.not_run += len(pending)
                pending.clear()
            if not finished:
                time.sleep(0.005)
        report.seconds = time.perf_counter() - started
        return report

    def _start_generator(self, case: Case) -> None:
        case_dir = _fresh_case_dir(self.work, case)
        pid = _fork(lambda: _generate(case, self.base, case_dir))
        self.running[pid] = _Running(case, case_dir, "generate", time.perf_counter(),
                                     CaseResult(case_id=case.id, kind=case.kind))

    def _reap(self) -> list[CaseResult]:
        finished = []
        while self.running:
            pid, status, rusage = os.wait4(-1, os.WNOHANG)
            if pid == 0:
                break
            entry = self.running.pop(pid, None)
            if entry is not None:
                done = self._after_generator(entry, status) if entry.stage == "generate" else \
                    self._after_runner(entry, status, rusage)
                if done is not None:
                    finished.append(done)
        return finished

    def _after_generator(self, entry: _Running, status: int) -> CaseResult | None:
        mutated = read_or_empty(entry.case_dir / "mutated.json")
        if os.waitstatus_to_exitcode(status) != 0 or not mutated:
            _mutator_failed(entry.result, entry.case_dir)
            return _finish(entry.result, entry.case_dir, self.keep_failures)
        info = json.loads(mutated)
        entry.result.variant, entry.result.description = info["variant"], info["description"]
        entry.result.make_seconds = round(time.perf_counter() - entry.started, 3)
        project = Path(info["path"])
        pid = _fork(lambda: _run_in_child(project, entry.case_dir, self.fake_bin, self.commands))
        entry.stage, entry.started = "run", time.perf_counter()
        self.running[pid] = entry
        return None

    def _after_runner(self, entry: _Running, status: int, rusage: Any) -> CaseResult:
        result = entry.result
        result.seconds = round(time.perf_counter() - entry.started, 3)
        result.cpu_seconds = round(rusage.ru_utime + rusage.ru_stime, 3)
        result.peak_rss_mb = round(max(_maxrss_mb(rusage), entry.rss_seen_mb), 1)
        result.growth_mb = round(result.peak_rss_mb - self.baseline_mb, 1)
        raw = read_or_empty(entry.case_dir / "result.json")
        child = json.loads(raw) if raw else None
        if entry.killed_for:
            result.failure = entry.killed_for
            result.detail = partial_detail(child)
            explain(result, entry.case_dir, running_command(child))
        elif os.WIFSIGNALED(status):
            result.failure = f"killed by signal {signal.Signals(os.WTERMSIG(status)).name}"
            explain(result, entry.case_dir, running_command(child))
        else:
            judge_case(result, entry.case_dir, child)
        judge_limits(result, entry.case_dir, self.timeout_s, self.memory_limit_mb)
        return _finish(entry.result, entry.case_dir, self.keep_failures)

    def _enforce_limits(self) -> None:
        now = time.perf_counter()
        for pid, entry in list(self.running.items()):
            if entry.stage == "generate":
                if now - entry.started > GENERATOR_TIMEOUT_S:
                    _kill_group(pid)
                continue
            rss = _rss_mb_of(pid)
            entry.rss_seen_mb = max(entry.rss_seen_mb, rss or 0.0)
            if rss is not None and rss > self.memory_limit_mb and not entry.dumped_at_limit:
                entry.dumped_at_limit = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGUSR1)
            if entry.killed_for:
                continue
            cpu = _cpu_seconds_of(pid)
            wall_limit = self.hang_s if cpu is not None else self.timeout_s
            if cpu is not None and cpu > self.timeout_s:
                entry.killed_for = f"timeout: more than {self.timeout_s:.0f} s of CPU time"
            elif now - entry.started > wall_limit:
                entry.killed_for = f"timeout: still running after {wall_limit:.0f} s (wall clock)"
            elif rss is not None and rss > self.kill_above_mb:
                entry.killed_for = f"memory: RSS passed {self.kill_above_mb:.0f} MB (killed)"
            if entry.killed_for:
                _dump_then_kill(pid)


def _dump_then_kill(pid: int) -> None:
    """Ask the child for a stack dump (faulthandler on SIGUSR1), then kill its whole group."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGUSR1)
        time.sleep(0.2)
    _kill_group(pid)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _remove(folder: Path) -> None:
    """Delete a case folder, also when the case took a file's or folder's permissions away."""
    def allow_and_retry(function: Any, path: str, _: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), 0o700)
            function(path)

    if folder.exists():
        shutil.rmtree(folder, onerror=allow_and_retry)


# ---------------------------------------------------------------- the spawn runner (no fork)


def _spawn_worker(connection: Any, base_folder: str, fake_bin: str, commands_name: str) -> None:
    """A worker process: warm up, then run each (project, case folder) it is sent.

    ``commands_name`` (``module:function``) replaces ``run_commands``, for tests of the runner itself."""
    os.environ["PATH"] = f"{fake_bin}{os.pathsep}{os.environ.get('PATH', '')}"
    commands = run_commands
    if commands_name:
        module, _, function = commands_name.partition(":")
        commands = getattr(importlib.import_module(module), function)
    else:
        warm_up(Path(base_folder))
    connection.send("ready")
    with contextlib.suppress(EOFError, BrokenPipeError):  # the parent has gone: leave quietly
        while (message := connection.recv()) is not None:
            project, case_dir = message
            connection.send(commands(Path(project), Path(case_dir)))


class SpawnRunner:
    """Workers started with ``spawn``; the parent writes the files and kills a worker past the timeout."""

    def __init__(self, base: BaseProject, work: Path, workers: int = 2, timeout_s: float = TIMEOUT_S,
                 keep_failures: bool = False, commands_name: str = "", hang_s: float = HANG_S) -> None:
        import multiprocessing

        self.context = multiprocessing.get_context("spawn")
        self.base, self.work, self.workers, self.timeout_s = base, work, workers, timeout_s
        self.keep_failures, self.commands_name, self.hang_s = keep_failures, commands_name, hang_s
        self.fake_bin = fake_ghostscript(work / "fake-bin")

    def _start_worker(self) -> tuple[Any, Any]:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_spawn_worker, daemon=True,
                                       args=(child_end, str(self.base.zip_path.parent), str(self.fake_bin),
                                             self.commands_name))
        process.start()
        if not parent_end.poll(300) or parent_end.recv() != "ready":
            process.kill()
            raise RuntimeError("a fuzz worker did not start within 300 s")
        return process, parent_end

    def run(self, todo: list[Case], progress: Any = None, max_failures: int | None = None) -> RunReport:
        from multiprocessing.connection import wait

        report = RunReport(workers=self.workers, mode="spawn", timeout_s=self.timeout_s, hang_s=self.hang_s,
                           memory_limit_mb=0.0)
        started = time.perf_counter()

        pending = deque(todo)

        def record(result: CaseResult) -> None:
            report.results.append(result)
            if progress:
                progress(result, len(report.results), len(todo))
            if result.failure and max_failures is not None and len(report.failures()) >= max_failures:
                report.not_run += len(pending)
                pending.clear()

        self.idle = [self._start_worker() for _ in range(self.workers)]
        self.busy: dict[Any, tuple[Any, CaseResult, Path, float]] = {}
        while pending or self.busy:
            while pending and self.idle:
                self._send(pending.popleft(), record)
            for connection in wait(list(self.busy), timeout=0.05):
                record(self._receive(connection))
            for connection, (_, _, _, begun) in list(self.busy.items()):
                if time.perf_counter() - begun > self.hang_s:
                    record(self._kill(connection))
        for _, connection in self.idle:
            connection.send(None)
        report.seconds = time.perf_counter() - started
        return report

    def _send(self, case: Case, record: Callable[[CaseResult], None]) -> None:
        result, case_dir, mutated = self._generate(case)
        if mutated is None:
            record(_finish(result, case_dir, self.keep_failures))
            return
        process, connection = self.idle.pop()
        connection.send((str(mutated.path), str(case_dir)))
        self.busy[connection] = (process, result, case_dir, time.perf_counter())

    def _receive(self, connection: Any) -> CaseResult:
        process, result, case_dir, begun = self.busy.pop(connection)
        result.seconds = round(time.perf_counter() - begun, 3)
        try:
            child = connection.recv()
        except (EOFError, OSError):
            process.join()
            result.failure, result.outcome = f"the worker died (exit code {process.exitcode})", "failed"
            explain(result, case_dir, running_command(json.loads(read_or_empty(case_dir / "result.json") or "null")))
            self.idle.append(self._start_worker())
            return _finish(result, case_dir, self.keep_failures)
        judge_case(result, case_dir, child)
        result.cpu_seconds = round(sum(command.get("cpu_seconds", 0.0) for command in child.get("commands", [])), 3)
        judge_limits(result, case_dir, self.timeout_s, None)
        self.idle.append((process, connection))
        return _finish(result, case_dir, self.keep_failures)

    def _kill(self, connection: Any) -> CaseResult:
        process, result, case_dir, begun = self.busy.pop(connection)
        process.kill()
        process.join()
        result.failure = f"timeout: still running after {self.hang_s:.0f} s (wall clock)"
        result.seconds, result.outcome = round(time.perf_counter() - begun, 3), "failed"
        child = json.loads(read_or_empty(case_dir / "result.json") or "null")
        result.detail = partial_detail(child)
        explain(result, case_dir, running_command(child))
        self.idle.append(self._start_worker())
        return _finish(result, case_dir, self.keep_failures)

    def _generate(self, case: Case) -> tuple[CaseResult, Path, Mutated | None]:
        result = CaseResult(case_id=case.id, kind=case.kind)
        case_dir = _fresh_case_dir(self.work, case)
        started = time.perf_counter()
        mutated = _write_case(case, self.base, case_dir)
        if mutated is None:
            _mutator_failed(result, case_dir)
            return result, case_dir, None
        result.variant, result.description = mutated.variant, mutated.description
        result.make_seconds = round(time.perf_counter() - started, 3)
        return result, case_dir, mutated


# ---------------------------------------------------------------- running


def warm_up(base_folder: Path) -> BaseProject:
    """Build and save the base project, and export it once in this process (fonts, ReportLab,
    python-docx, Pillow's plugins), so that forked children start warm. Raises if it does not export."""
    from PIL import Image

    import editor.cli
    import editor.render.docx
    import editor.render.pdf  # noqa: F401

    Image.init()
    base = base_project(base_folder)
    prepare(base)
    check = base_folder / "warm-up"
    check.mkdir(exist_ok=True)
    outcome = run_commands(base.zip_path, check)
    if [c["code"] for c in outcome["commands"]] != [0, 0] or not outcome["outputs_ok"]:
        raise RuntimeError(f"the unchanged base project does not export: {outcome}")
    return base


def run_fuzz(todo: list[Case], work: Path, workers: int = 2, spawn: bool = False, keep_failures: bool = False,
             max_failures: int | None = None, progress: Any = None) -> RunReport:
    """Run ``todo`` (after the two unchanged control projects) with fork where there is fork, else spawn.

    With ``max_failures``, no new case starts once that many have failed (a broken build ends early)."""
    work.mkdir(parents=True, exist_ok=True)
    base = warm_up(work / "base")
    todo = [*CONTROL_CASES, *todo]
    if spawn or not hasattr(os, "fork"):
        return SpawnRunner(base, work, workers, keep_failures=keep_failures).run(todo, progress, max_failures)
    gc.freeze()  # children then share the warmed objects instead of copying the pages the collector touches
    return ForkRunner(base, work, workers, keep_failures=keep_failures).run(todo, progress, max_failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run mutated projects through banmian info and export.")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--case", action="append", default=[], help="run only this case (SEED:KIND); repeatable")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--spawn", action="store_true", help="use spawned workers even where fork exists")
    parser.add_argument("--work", type=Path, help="folder for the case files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the files of failing cases")
    parser.add_argument("--max-failures", type=int, help="start no new case after this many failures")
    parser.add_argument("--report", type=Path, help="write every result as JSON here")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    todo = [Case.parse(text) for text in args.case] or cases(args.first_seed, args.cases)
    with tempfile.TemporaryDirectory(prefix="banmian-fuzz-") as scratch:
        work = args.work or (Path(tempfile.mkdtemp(prefix="banmian-fuzz-")) if args.keep else Path(scratch))
        report = run_fuzz(todo, work, args.workers, args.spawn, args.keep, args.max_failures)
        if args.report:
            args.report.write_text(json.dumps(report_json(report), ensure_ascii=False), encoding="utf-8")
        if not args.quiet:
            print(format_summary(report))
            if args.keep and report.failures():
                print(f"files of failing cases kept in {work}")
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
