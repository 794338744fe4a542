"""Each command imports only what it needs: no command without a window imports Qt (issue #12).

Every check runs the command in a fresh interpreter, as the ``banmian`` console
script starts one, and reads ``sys.modules`` after ``main`` returns: a module
imported by an earlier test in this process cannot hide or fake anything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor import SAMPLE_PROJECT

#: Runs ``editor.cli.main(argv)`` (after ``import <first>`` when given) and prints the exit
#: status and the Qt modules then imported, as one JSON line.
_PROBE = """
import importlib, json, sys
first, argv = json.loads(sys.argv[1])
if first:
    importlib.import_module(first)
from editor.cli import main
try:
    code = main(argv)
except SystemExit as stop:
    code = stop.code
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"code": code, "qt": qt}))
"""


def _command(argv: list[str], first: str = "") -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps([first, argv])], capture_output=True,
                          text=True, encoding="utf-8", timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_export_to_pdf_and_docx_imports_no_qt(tmp_path: Path):
    pdf, docx = tmp_path / "out.pdf", tmp_path / "out.docx"
    result = _command(["export", str(SAMPLE_PROJECT), "--pdf", str(pdf), "--docx", str(docx)])
    assert result["code"] == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and docx.read_bytes()[:2] == b"PK"
    assert result["qt"] == []


@pytest.mark.parametrize("argv", [["info", str(SAMPLE_PROJECT), "--json"], ["proof", str(SAMPLE_PROJECT)],
                                  ["--help"], ["export", "--help"]], ids=["info", "proof", "help", "export-help"])
def test_commands_without_a_window_import_no_qt(argv: list[str]):
    result = _command(argv)
    assert result["code"] in (0, 1)  # proof exits 1 when it finds something
    assert result["qt"] == []


def test_the_probe_sees_qt_when_it_is_imported():
    result = _command(["--help"], first="editor.ui.controller")
    assert "PySide6.QtCore" in result["qt"]
