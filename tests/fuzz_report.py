"""What a fuzz case did and whether it kept the rule of issue 7, and the report of a run.

The rule: each command (``banmian info``, ``banmian export --pdf --docx``)
either exits 0 (export: the PDF and the DOCX are written) or exits 2 with
exactly one line on stderr, in Chinese, with no traceback and no 内部错误;
the whole case within 10 s of CPU time (a hang: 30 s of wall-clock time)
and 500 MB at its peak. A failure is explained by what the
child left in its folder: the first line of stderr, and the exception and
innermost ``editor/`` frame from the command's error log (exit 1) or from a
stack dump taken before a kill. Failures are grouped by that cause, so a
report names each bug once with one reproducer. ``tests/fuzz_runner.py``
runs the cases; nothing here starts a process.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: The issue's 10 s, counted in CPU seconds of the case's process: what a quiet machine takes
#: (single-threaded work), so that other jobs on a shared 2-core machine cannot fail a case.
TIMEOUT_S = 10.0
#: Wall-clock seconds after which a case is a hang (waiting on a FIFO, say, using no CPU at all).
HANG_S = 30.0
MEMORY_LIMIT_MB = 500.0
_CJK = re.compile(r"[\u3400-\u9fff]")
_EDITOR_FRAME = re.compile(r'File "([^"]*?[/\\](editor[/\\][^"]+))", line (\d+),? in (\S+)')


@dataclass
class CaseResult:
    """What one case did; ``failure`` is None when it passed."""

    case_id: str
    kind: str
    variant: str = ""
    description: str = ""
    #: ``opened``, ``refused``, ``info 0 / export 2`` … or ``failed``.
    outcome: str = "failed"
    failure: str | None = None
    #: The failing command's first line on stderr.
    first_line: str = ""
    #: More about the failure: the exception's line, or what finished before a kill.
    detail: str = ""
    exception: str = ""
    #: Innermost frame in ``editor/`` (file:line in function) from the error log or the stack dump.
    place: str = ""
    #: Wall-clock and CPU seconds of the commands (CPU: None where it could not be measured).
    seconds: float = 0.0
    cpu_seconds: float | None = None
    #: Time spent writing the case's file (not part of the 10 s).
    make_seconds: float = 0.0
    peak_rss_mb: float | None = None
    growth_mb: float | None = None


@dataclass
class RunReport:
    """All results of a run, with the figures the memory rule is judged against."""

    results: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 2
    mode: str = "fork"
    #: Peak RSS of a child that does nothing: what every child inherits from the warmed parent.
    baseline_mb: float | None = None
    timeout_s: float = TIMEOUT_S
    hang_s: float = HANG_S
    memory_limit_mb: float = MEMORY_LIMIT_MB
    #: Cases left out because the run stopped at its most failures.
    not_run: int = 0

    def failures(self) -> list[CaseResult]:
        return [result for result in self.results if result.failure]


# ---------------------------------------------------------------- judging


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def _message_problem(line: str) -> str | None:
    if not _CJK.search(line):
        return "message not in Chinese"
    if "内部错误" in line:
        return "内部错误 with exit 2"
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in line):
        return "control character in the message line"
    return None


def judge_command(command: dict[str, Any], outputs_ok: bool) -> str | None:
    """Why one command's ending breaks the rule, or None when it is fine."""
    code, stderr, name = command["code"], command["stderr"], command["name"]
    if "Traceback (most recent call last)" in stderr:
        return f"{name}: traceback on stderr (exit {code})"
    if code == 0:
        return f"{name}: exit 0 without both PDF and DOCX" if name == "export" and not outputs_ok else None
    if code == 2:
        lines = _lines(stderr)
        if len(lines) != 1:
            return f"{name}: exit 2 with {len(lines)} lines on stderr"
        problem = _message_problem(lines[0])
        return f"{name}: {problem}" if problem else None
    if code == 1:
        return f"{name}: exit 1 (内部错误)"
    if code == -1:
        return f"{name}: exception escaped main()"
    return f"{name}: exit {code}"


def _outcome(commands: list[dict[str, Any]]) -> str:
    codes = [command["code"] for command in commands]
    if codes == [0, 0]:
        return "opened"
    if codes == [2, 2]:
        return "refused"
    return " / ".join(f"{command['name']} {command['code']}" for command in commands)


def innermost_editor_frame(text: str) -> str:
    """``editor/io/project.py:123 in _load_zip`` from a traceback (innermost last) or a
    faulthandler dump (innermost first, current thread first)."""
    frames = _EDITOR_FRAME.findall(text)
    if not frames:
        return ""
    if "most recent call first" in text:
        current = text.rsplit("Current thread", 1)[-1]  # the last dump's own thread
        frames = _EDITOR_FRAME.findall(current) or frames
        _, relative, line, function = frames[0]
    else:
        _, relative, line, function = frames[-1]
    return f"{relative.replace(os.sep, '/')}:{line} in {function}"


def _last_exception(log: str) -> tuple[str, str]:
    """(type, line) of the exception a traceback ends with: the line after its last indented frame line."""
    lines = log.rstrip().splitlines()
    frame_lines = [index for index, line in enumerate(lines) if line.startswith("  ")]
    if not frame_lines or frame_lines[-1] + 1 >= len(lines):
        return "", (lines[-1][:200] if lines else "")
    line = lines[frame_lines[-1] + 1]
    match = re.match(r"([A-Za-z_][\w.]*)(?::|$)", line)
    return (match.group(1).rsplit(".", 1)[-1] if match else ""), line[:200]


def read_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def judge_case(result: CaseResult, case_dir: Path, child: dict[str, Any] | None) -> None:
    """Fill in outcome, failure, detail, exception and place from what the child left in ``case_dir``."""
    commands = (child or {}).get("commands", [])
    if child is not None and len(commands) == 2:
        result.outcome = _outcome(commands)
    if child is not None and child.get("ghostscript_ran"):
        result.failure = "Ghostscript was started"
    failing = ""
    for command in commands:
        problem = judge_command(command, bool(child and child.get("outputs_ok")))
        if problem and not result.failure:
            result.failure, failing = problem, command["name"]
            result.first_line = (_lines(command["stderr"]) or [""])[0][:200]
    if not result.failure and child is not None and len(commands) < 2:
        result.failure = "the child ended without running both commands"
    if result.failure:
        result.outcome = "failed"
        explain(result, case_dir, failing)


def running_command(child: dict[str, Any] | None) -> str:
    """The command a killed child was in: the first one it had not finished."""
    return ("info", "export", "")[len((child or {}).get("commands", []))]


def explain(result: CaseResult, case_dir: Path, command: str) -> None:
    """Exception type and place from the command's error log, its escaped exception or the stack dump."""
    for name in ("banmian-error.log", "escaped.txt"):
        log = read_or_empty(case_dir / command / name) if command else ""
        if log:
            last = log.rstrip().rsplit("\nTraceback (most recent call last)", 1)[-1]
            result.exception, line = _last_exception(last)
            result.place = innermost_editor_frame(last)
            if result.exception:
                result.detail = line
            return
    dump = read_or_empty(case_dir / "stack.txt") or read_or_empty(case_dir / "crash.txt")
    if dump:
        result.place = innermost_editor_frame(dump)


def judge_limits(result: CaseResult, case_dir: Path, timeout_s: float, memory_limit_mb: float | None) -> None:
    """A case that ended by itself still fails past ``timeout_s`` of CPU time or ``memory_limit_mb`` at its peak."""
    if result.failure:
        return
    if result.cpu_seconds is not None and result.cpu_seconds > timeout_s:
        result.failure = f"timeout: {result.cpu_seconds:.1f} s of CPU time > {timeout_s:.0f} s"
    elif memory_limit_mb and result.peak_rss_mb is not None and result.peak_rss_mb > memory_limit_mb:
        result.failure = f"memory: peak RSS {result.peak_rss_mb:.0f} MB > {memory_limit_mb:.0f} MB"
    if result.failure:
        result.outcome = "failed"
        explain(result, case_dir, "")


def partial_detail(child: dict[str, Any] | None) -> str:
    commands = (child or {}).get("commands", [])
    finished = ", ".join(f"{c['name']} exit {c['code']} in {c['seconds']:.1f} s" for c in commands)
    return f"finished before the kill: {finished}" if finished else "killed during info"


# ---------------------------------------------------------------- reporting


def failure_groups(results: list[CaseResult]) -> list[tuple[tuple[str, str, str], list[CaseResult]]]:
    """Failures grouped by cause (failure, exception, place without its line number), largest first."""
    groups: dict[tuple[str, str, str], list[CaseResult]] = {}
    for result in results:
        if result.failure:
            cause = re.sub(r"\d+(\.\d+)? (MB|s)\b", "N \\2", result.failure)
            place = re.sub(r":\d+ in ", " in ", result.place)
            groups.setdefault((cause, result.exception, place), []).append(result)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def format_failures(results: list[CaseResult], limit: int = 40) -> str:
    """A readable list: per cause, how many, which kinds, one reproducer and its file; then every failing id."""
    lines = []
    for (cause, exception, place), members in failure_groups(results):
        kinds = Counter(member.kind for member in members)
        example = members[0]
        lines.append(f"* {len(members)} × {cause}" + (f" — {exception}" if exception else "")
                     + (f" at {example.place}" if place else ""))
        lines.append(f"    kinds: {', '.join(f'{kind} {count}' for kind, count in kinds.most_common())}")
        lines.append(f"    e.g. case {example.case_id} [{example.variant}]: {example.description}")
        if example.first_line:
            lines.append(f"    says: {example.first_line}")
        if example.detail:
            lines.append(f"    {example.detail}")
    failing = [result for result in results if result.failure]
    lines.append(f"failing cases ({len(failing)}):")
    for result in failing[:limit]:
        said = f" — says: {result.first_line[:100]}" if result.first_line else ""
        lines.append(f"  {result.case_id} [{result.variant}] {result.failure}{said}")
    if len(failing) > limit:
        lines.append(f"  … and {len(failing) - limit} more")
    return "\n".join(lines)


def _cost(result: CaseResult) -> float:
    """The seconds the time rule counts: CPU time where measured, else wall-clock time."""
    return result.cpu_seconds if result.cpu_seconds is not None else result.seconds


def format_summary(report: RunReport, slowest: int = 10) -> str:
    """Outcomes per kind, failures, the slowest cases, memory and time."""
    results = report.results
    lines = [f"{len(results)} cases in {report.seconds:.1f} s ({report.mode}, {report.workers} workers): "
             f"{sum(not r.failure for r in results)} passed, {len(report.failures())} failed"
             + (f"; {report.not_run} not run (stopped at the most failures)" if report.not_run else "")]
    lines.append(f"{'kind':22} {'cases':>6} {'opened':>7} {'refused':>8} {'mixed':>6} {'failed':>7} {'max s':>6}"
                 f" {'max MB':>7}")
    for kind in sorted({r.kind for r in results}):
        of_kind = [r for r in results if r.kind == kind]
        outcomes = Counter(r.outcome if r.outcome in ("opened", "refused", "failed") else "mixed" for r in of_kind)
        peaks = [r.peak_rss_mb for r in of_kind if r.peak_rss_mb is not None]
        peak = f"{max(peaks):7.0f}" if peaks else f"{'-':>7}"
        lines.append(f"{kind:22} {len(of_kind):6} {outcomes['opened']:7} {outcomes['refused']:8} {outcomes['mixed']:6}"
                     f" {outcomes['failed']:7} {max(_cost(r) for r in of_kind):6.1f} {peak}")
    lines.append(f"time in the commands {sum(r.seconds for r in results):.0f} s (CPU "
                 f"{sum(r.cpu_seconds or 0.0 for r in results):.0f} s), writing the files "
                 f"{sum(r.make_seconds for r in results):.0f} s (summed over cases); 'max s' is CPU time")
    lines.append(f"slowest {slowest} (CPU s, wall s):")
    for r in sorted(results, key=lambda r: -_cost(r))[:slowest]:
        lines.append(f"  {_cost(r):6.2f} {r.seconds:6.2f}  {r.case_id} [{r.variant}] {r.outcome}")
    if report.baseline_mb is not None:
        top = max(results, key=lambda r: r.peak_rss_mb or 0.0)
        lines.append(f"memory: a child inherits {report.baseline_mb:.0f} MB; highest peak {top.peak_rss_mb:.0f} MB "
                     f"(+{top.growth_mb:.0f} MB) in {top.case_id} [{top.variant}]; limit {report.memory_limit_mb:.0f} MB")
    if report.failures():
        lines.append(format_failures(results))
    return "\n".join(lines)


def report_json(report: RunReport) -> dict[str, Any]:
    return {**{k: v for k, v in asdict(report).items() if k != "results"},
            "results": [asdict(result) for result in report.results]}


def report_from_json(data: dict[str, Any]) -> RunReport:
    results = [CaseResult(**item) for item in data.pop("results")]
    return RunReport(results=results, **data)
