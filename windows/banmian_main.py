"""Entry point of the Windows app built by PyInstaller (banmian.exe and banmianw.exe).

Both programs run ``editor.cli.main``: ``banmian.exe export …`` on the
command line, ``banmianw.exe`` (no console window) for the editor, which is
what the Start menu, the desktop shortcut and a double-clicked .banmian file
start.
"""

import multiprocessing
import sys

from editor.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
