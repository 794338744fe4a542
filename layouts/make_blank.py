"""Build the empty-issue template that 文件 → 新建 starts from.

Run ``python layouts/make_blank.py`` (optionally with an output folder) to
write ``layouts/blank-issue.banmian/``: four A4 pages with the sample's
margins, colour swatches and paragraph styles, and on page 1 the masthead
(刊名, 期号 and date as issue fields, so 版面 → 期刊信息 fills them in) over the
double red rule. Everything else is left for the editor to place. Reusing
``make_sample``'s building blocks keeps the template and the sample in the
same house style. Deterministic: the same script gives the same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent
sys.path.insert(0, str(LAYOUTS))  # make_sample sits beside this script

import make_sample as sample  # noqa: E402

from editor.io.project import save_project_folder  # noqa: E402
from editor.model import Document, IssueFields, Paragraph, Run  # noqa: E402

OUTPUT = LAYOUTS / "blank-issue.banmian"
PAGES = 4


def build_document() -> Document:
    """Four pages; the masthead and its rules on the first."""
    builder = sample.Builder()
    builder.doc.assets.clear()  # the stand-in photos belong to the sample only
    builder.doc.issue = IssueFields(title="中铝股份党群工作", year=2021, number=1, total_number=1,
                                    date="2021-01-01", publisher="党群工作部")
    builder.new_page()
    builder.story("masthead", "刊头", [
        Paragraph(style="刊头", runs=[sample.field_run("title")]),
        Paragraph(style="期号", runs=[sample.field_run("year"), Run(text="年第"), sample.field_run("number"),
                                     Run(text="期（总第"), sample.field_run("total_number"), Run(text="期）")]),
        Paragraph(style="期号", runs=[sample.field_run("publisher"), Run(text="\u3000"), sample.field_run("date")]),
    ])
    builder.text("p1-masthead", "masthead", sample.LEFT, 20, sample.WIDTH, 35)
    builder.rule("p1-rule-thick", sample.LEFT, 57, sample.WIDTH, 3.0)
    builder.rule("p1-rule-thin", sample.LEFT, 58.6, sample.WIDTH, 0.75)
    for _ in range(PAGES - 1):
        builder.new_page()
    return builder.doc


def main(argv: Sequence[str]) -> int:
    output = Path(argv[0]) if argv else OUTPUT
    save_project_folder(build_document(), output)
    print(f"已写入空白期刊模板：{output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
