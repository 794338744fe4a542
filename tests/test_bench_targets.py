"""``bench/bench_targets.py`` counts an export only when ``banmian export`` succeeded (exit status 0):
status 1 is an internal error, not an export with notes (issue #12)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from bench import bench_targets

#: The bench times its children with ``os.wait4``, and the stand-in is a shell script.
_POSIX_ONLY = pytest.mark.skipif(not hasattr(os, "wait4"), reason="bench_targets needs os.wait4 (POSIX)")


def _fake_python(folder: Path, status: int) -> Path:
    """Stands in for ``python -m editor export PROJECT --pdf|--docx OUT …``: writes OUT, exits ``status``."""
    script = folder / "fake-python"
    script.write_text(f'#!/bin/sh\nprintf "x" > "$6"\necho "banmian：发生内部错误。" >&2\nexit {status}\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@_POSIX_ONLY
def test_an_export_that_exits_with_status_1_stops_the_bench(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(_fake_python(tmp_path, 1)))
    with pytest.raises(SystemExit) as stopped:
        bench_targets.export_once("pdf_later", tmp_path / "issue.banmian", tmp_path)
    assert "failed (1)" in str(stopped.value.code)
    assert "内部错误" in str(stopped.value.code)


@_POSIX_ONLY
def test_an_export_that_exits_with_status_0_is_measured(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(_fake_python(tmp_path, 0)))
    figures = bench_targets.export_once("docx_later", tmp_path / "issue.banmian", tmp_path)
    assert figures["size_mb"] == 1 / (1024 * 1024)
    assert not (tmp_path / "out.docx").exists(), "the output is removed after measuring"
