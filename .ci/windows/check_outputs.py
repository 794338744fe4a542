"""Checks of the Windows leg that run on the Linux side (with the project's venv).

    python check_outputs.py same-text LINUX.pdf WINDOWS.pdf
    python check_outputs.py red-masthead SCREENSHOT.png
    python check_outputs.py recent CONFIG_FOLDER PROJECT_NAME

``same-text``: the PDF exported by the Windows app holds exactly the text of
the Linux export, page by page (pdfplumber). ``red-masthead``: a screenshot of
the editor window shows the masthead's red (the window opened and painted a
page). ``recent``: the editor's recent-files list names the project (it was
opened by a double-click on the file, through the .banmian association).
Each prints what it found and exits 1 when the check fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def same_text(linux_pdf: str, windows_pdf: str) -> int:
    import pdfplumber

    with pdfplumber.open(linux_pdf) as a, pdfplumber.open(windows_pdf) as b:
        pages_a = [page.extract_text() or "" for page in a.pages]
        pages_b = [page.extract_text() or "" for page in b.pages]
    print(f"Linux: {len(pages_a)} pages, {sum(map(len, pages_a))} characters; "
          f"Windows: {len(pages_b)} pages, {sum(map(len, pages_b))} characters")
    if pages_a != pages_b:
        # strict=False: the page counts may differ too (printed above); compare the pages both have.
        for number, (x, y) in enumerate(zip(pages_a, pages_b, strict=False), start=1):
            if x != y:
                print(f"page {number} differs")
        return 1
    return 0 if sum(map(len, pages_a)) > 1000 else 1


def red_masthead(screenshot: str) -> int:
    from PIL import Image

    data = Image.open(screenshot).convert("RGB").tobytes()
    red = sum(1 for i in range(0, len(data), 3) if data[i] > 170 and data[i + 1] < 70 and data[i + 2] < 70)
    print(f"{red} masthead-red pixels in {screenshot}")
    return 0 if red >= 2000 else 1


def recent(config_folder: str, project_name: str) -> int:
    found = [path for path in Path(config_folder).rglob("*.json") if project_name in path.read_text("utf-8", "replace")]
    for path in found:
        print(f"{path}: {json.loads(path.read_text('utf-8'))}")
    return 0 if found else 1


def main() -> int:
    command, *args = sys.argv[1:]
    return {"same-text": same_text, "red-masthead": red_masthead, "recent": recent}[command](*args)


if __name__ == "__main__":
    raise SystemExit(main())
