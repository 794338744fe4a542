"""Build the empty-issue template that 文件 → 新建 starts from.

Run ``python layouts/make_blank.py`` (optionally with an output folder) to
write ``layouts/blank-issue.banmian/``: four A4 pages with the sample's
margins, colour swatches and paragraph styles, built on the sample's masters:
page 1 on the 刊头 master (刊名, 期号 and date as issue fields, so 版面 → 期刊信息
fills them in, over the double red rule), pages 2–4 on the three-column
running-head master (刊名 · 年第N期 · 第N版 and the folio). Everything else is
left for the editor to place. Reusing ``make_sample``'s building blocks keeps
the template and the sample in the same house style. Deterministic: the same
script gives the same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent
sys.path.insert(0, str(LAYOUTS))  # make_sample sits beside this script

import make_sample as sample  # noqa: E402

from editor.io.project import save_project_folder  # noqa: E402
from editor.model import Document, IssueFields  # noqa: E402

OUTPUT = LAYOUTS / "blank-issue.banmian"
PAGES = 4


def build_document() -> Document:
    """Four pages: the masthead master on the first, the running head on the others."""
    builder = sample.Builder(photos=False)  # the stand-in photos belong to the sample only
    builder.doc.issue = IssueFields(title="中铝股份党群工作", year=2021, number=1, total_number=1,
                                    date="2021-01-01", publisher="党群工作部")
    builder.masthead_master("m-masthead", sample.LEFT, sample.WIDTH, columns=3, gutter_mm=6)
    builder.running_head_master("m-head-3", "版头·三栏", sample.LEFT, sample.WIDTH, columns=3, gutter_mm=6)
    builder.new_page("m-masthead")
    for _ in range(PAGES - 1):
        builder.new_page("m-head-3")
    return builder.doc


def main(argv: Sequence[str]) -> int:
    output = Path(argv[0]) if argv else OUTPUT
    save_project_folder(build_document(), output)
    print(f"已写入空白期刊模板：{output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
