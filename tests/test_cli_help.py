"""``banmian --help`` and ``--version``: the command line speaks Chinese like the window does."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from editor import PROJECT_ROOT, __version__

#: What argparse writes in English unless told otherwise.
_ENGLISH = ("usage", "positional arguments", "options", "optional arguments", "show this help", "exit")
_COMMANDS = ("export", "package", "info", "next", "import", "proof", "preflight")


def _run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=PROJECT_ROOT, env=env, timeout=120)


@pytest.mark.parametrize("words", [("--help",), ("-h",), *((command, "--help") for command in _COMMANDS)])
def test_help_is_in_chinese_with_no_english_headings(words):
    result = _run(*words)
    assert result.returncode == 0, result.stderr
    lowered = result.stdout.lower()
    assert lowered.startswith("用法：banmian"), result.stdout[:80]
    assert [word for word in _ENGLISH if word in lowered] == []
    assert "显示本帮助后退出" in result.stdout
    assert "选项:" in result.stdout


def test_version_prints_the_one_version_number_and_exits_zero():
    for flag in ("--version", "-V"):
        result = _run(flag)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"banmian {__version__}"
        assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_the_top_level_help_lists_every_command_and_the_version_flag():
    shown = _run("--help").stdout
    assert all(re.search(rf"^\s+{command}\s", shown, re.MULTILINE) for command in _COMMANDS)
    assert "-V, --version" in shown
