"""Awkward names the file tests use, as each system allows them.

A line break inside a folder's name tests that messages stay on one line
(the name is shown with '?'); POSIX allows it, Windows refuses any such
name, so there the folder gets a space and the message shows the space.
"""

import os

#: What stands between "第28期" and "定稿" in a folder name.
LINE_BREAK = "\n" if os.name == "posix" else " "
#: How a message shows it.
LINE_BREAK_SHOWN = "?" if os.name == "posix" else " "
