"""What the editor's start imports before its first page: not what only a later command needs
(issue #12: start to the painted page within 1 s for the sample)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from editor import PROJECT_ROOT, SAMPLE_PROJECT

#: Opens the sample in a shown window, paints it, prints the lxml modules then imported.
_PROBE = """
import json, sys
from editor.ui.app import create_application
app = create_application(install_hook=False)
from editor.ui.main_window import MainWindow
window = MainWindow()
window.show()
assert window.files.open_path(sys.argv[1], ask=False)
window.canvas.viewport().repaint()
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] == "lxml")))
"""


def test_opening_a_project_in_the_window_imports_no_lxml(tmp_path):
    project = tmp_path / SAMPLE_PROJECT.name  # opened elsewhere: no lock file beside the checkout's sample
    (shutil.copytree if SAMPLE_PROJECT.is_dir() else shutil.copy2)(SAMPLE_PROJECT, project)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BANMIAN_DATA_DIR=str(tmp_path / "data"),
               BANMIAN_CONFIG_DIR=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-c", _PROBE, str(project)], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []  # lxml: only a paste of HTML and the Word export need it
