"""``banmian info BIG | head``: when the reader of the output goes away, the command ends
quietly, as Unix tools do, instead of reporting an internal error (issue #12)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from editor import PROJECT_ROOT, SAMPLE_PROJECT, cli
from editor.cli import EXIT_OUTPUT_CLOSED


def test_info_into_a_pipe_closed_by_its_reader_ends_quietly(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", BANMIAN_DATA_DIR=str(tmp_path / "data"))
    process = subprocess.Popen([sys.executable, "-m", "editor", "info", str(SAMPLE_PROJECT)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT_ROOT, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as ``head`` does after its lines, here before the first one is written
    stderr = process.stderr.read().decode("utf-8", "replace")
    status = process.wait(timeout=300)
    assert stderr == ""
    assert status == EXIT_OUTPUT_CLOSED == 128 + 13
    assert not list((tmp_path / "data").rglob("*.log")), "no error log written for a closed pipe"


@pytest.mark.parametrize("problem", [RuntimeError("boom"), OSError(errno.EINVAL, "Invalid argument"),
                                     PermissionError(errno.EACCES, "denied")])
def test_any_other_failure_is_still_an_internal_error(problem, monkeypatch, capsys, tmp_path):
    def fail(args):
        raise problem

    monkeypatch.setattr(cli, "_info", fail)
    monkeypatch.setattr(cli, "write_error_log", lambda *exc_info: tmp_path / "banmian-error.log")
    assert cli.main(["info", str(SAMPLE_PROJECT)]) == cli.EXIT_INTERNAL
    assert "发生内部错误" in capsys.readouterr().err


class _PipeWhoseReaderLeftOnWindows:
    """stdout as Windows gives it once ``| more`` has closed: every write fails with EINVAL."""

    def write(self, text: str) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise ValueError("no descriptor behind this stand-in")


def test_on_windows_a_write_to_stdout_refused_with_einval_ends_quietly(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", _PipeWhoseReaderLeftOnWindows())
    monkeypatch.setattr(cli, "write_error_log", lambda *exc_info: tmp_path / "banmian-error.log")
    assert cli.main(["info", str(SAMPLE_PROJECT)]) == EXIT_OUTPUT_CLOSED
    assert isinstance(sys.stdout, _PipeWhoseReaderLeftOnWindows), "main gives stdout back as it was"


def test_on_windows_einval_from_anything_but_stdout_is_still_an_internal_error(monkeypatch, capsys, tmp_path):
    def fail(args):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(cli, "_info", fail)
    monkeypatch.setattr(cli, "write_error_log", lambda *exc_info: tmp_path / "banmian-error.log")
    assert cli.main(["info", str(SAMPLE_PROJECT)]) == cli.EXIT_INTERNAL
    assert "发生内部错误" in capsys.readouterr().err
