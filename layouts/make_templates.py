"""Build the house templates of 从模板新建 beside the sample and the blank issue.

Run ``python layouts/make_templates.py`` (optionally with an output folder)
to write two projects into ``layouts/``:

- ``newsletter-a4.banmian`` — a generic four-page A4 newsletter on a
  three-column grid;
- ``tabloid-a3.banmian`` — a four-版 A3 tabloid on a five-column grid.

Each is built on masters like the sample (page 1 on a 刊头 master: 刊名,
issue line, department and date as fields over a double red rule; the other
pages on a running-head master: 刊名 · 年第N期 · 第N版 and the folio), has
the house paragraph styles (``make_sample.HOUSE_STYLES``, and 文章标题 for
short articles' titles) and placeholder stories in them: each paragraph says
what goes there in its style's words, the text 新建下一期 leaves
(``placeholder_text``: 在此输入引题, 在此输入标题, 在此输入副标题, 在此粘贴正文,
在此输入作者, ▲图为……), so a template is already what 新建下一期 makes of
it — with empty photo frames and their captions, and section banners
(marked fixed, kept by 新建下一期). Deterministic: the same script gives the
same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent
sys.path.insert(0, str(LAYOUTS))  # make_sample sits beside this script

import make_sample as sample  # noqa: E402
from make_sample import Builder, plain  # noqa: E402

from editor.io.project import save_project_folder  # noqa: E402
from editor.model import Caption, Document, IssueFields, Paragraph  # noqa: E402
from editor.model.next_issue import placeholder_text  # noqa: E402

#: The masthead's own styles beside the house set.
MASTHEAD_STYLES = ("刊头", "期号")
#: A short article's title: the sample's 文章标题, lines as tall as 副标题's, asking for a 标题.
ARTICLE_TITLE_STYLE = "文章标题"
BANNER_TEXT = "栏目名称"
PAGES = 4


@dataclass(frozen=True)
class Grid:
    """A page's column grid in mm: where column ``n`` starts and how wide ``k`` columns are."""

    left: float
    width: float
    columns: int
    gutter: float
    top: float
    bottom: float

    @property
    def column(self) -> float:
        return (self.width - (self.columns - 1) * self.gutter) / self.columns

    def x(self, index: int) -> float:
        return round(self.left + index * (self.column + self.gutter), 2)

    def span(self, count: int) -> float:
        return round(count * self.column + (count - 1) * self.gutter, 2)


def house_builder(page_size: str, margin_mm: float, title: str) -> Builder:
    """A builder with the house styles only, no photos, and the issue fields of a first issue."""
    builder = Builder(page_size=page_size, margin_mm=margin_mm, photos=False)
    keep = set(sample.HOUSE_STYLES) | set(MASTHEAD_STYLES) | {ARTICLE_TITLE_STYLE}
    builder.doc.paragraph_styles = {name: s for name, s in builder.doc.paragraph_styles.items() if name in keep}
    builder.doc.character_styles = {}
    builder.doc.issue = IssueFields(title=title, year=2021, number=1, total_number=1, date="2021-01-01",
                                    publisher="编印单位")
    return builder


def masters(b: Builder, grid: Grid) -> None:
    b.masthead_master("m-masthead", grid.left, grid.width, grid.columns, grid.gutter)
    b.running_head_master("m-head", "版头", grid.left, grid.width, grid.columns, grid.gutter)


def placeholders(*styles: str) -> list[Paragraph]:
    """One paragraph per style, each saying what goes there (``placeholder_text``)."""
    return [plain(style, placeholder_text(style)) for style in styles]


def headline(b: Builder, key: str, x: float, y: float, w: float, h: float, kicker: bool = True) -> None:
    """引题 (optional), 大标题 and 副标题 placeholders."""
    styles = ("引题", "大标题", "副标题") if kicker else ("大标题", "副标题")
    b.story(f"{key}-head", "", placeholders(*styles))  # unnamed: called by its page until it has words
    b.text(f"{key}-head", f"{key}-head", x, y, w, h)


def body(b: Builder, key: str, x: float, y: float, w: float, h: float, columns: int, gutter: float) -> None:
    """正文 and 署名 placeholders in a frame of ``columns`` columns."""
    b.story(key, "", placeholders("正文", "署名"))
    b.text(key, key, x, y, w, h, columns=columns, gutter_pt=sample.mm(gutter))


def small_article(b: Builder, key: str, x: float, y: float, w: float, h: float, columns: int, gutter: float) -> None:
    """A short article: its 文章标题 over its body and byline, in one frame."""
    b.story(key, "", placeholders(ARTICLE_TITLE_STYLE, "正文", "署名"))
    b.text(key, key, x, y, w, h, columns=columns, gutter_pt=sample.mm(gutter))


def photo(b: Builder, key: str, x: float, y: float, w: float, h: float) -> None:
    """An empty photo frame with a 图注 placeholder below it."""
    b.story(f"{key}-caption", "", placeholders("图注"))
    b.photo(key, 0, x, y, w, h, caption=Caption(story_id=f"{key}-caption", placement="below",
                                                gap_pt=sample.mm(1.5), extent_pt=sample.mm(6)))


def banner(b: Builder, key: str, grid: Grid, y: float, columns: int) -> None:
    b.banner(f"{key}-banner", f"{key}-banner", BANNER_TEXT, grid.left, y, grid.span(columns), 9)


def inner_page(b: Builder, g: Grid, number: int, lower_y: float, photo_columns: int) -> None:
    """A page on the running-head master: a banner, an article across the grid, and from
    ``lower_y`` a photo over ``photo_columns`` columns beside a short article in the rest."""
    key = f"p{number}"
    b.new_page("m-head")
    banner(b, key, g, g.top, 1)
    headline(b, f"{key}-a", g.left, g.top + 12, g.width, 34, kicker=False)
    body_y = g.top + 48
    body(b, f"{key}-a", g.left, body_y, g.width, lower_y - 6 - body_y, g.columns, g.gutter)
    photo(b, f"{key}-photo", g.left, lower_y, g.span(photo_columns), g.bottom - lower_y - 8)
    side_columns = g.columns - photo_columns
    small_article(b, f"{key}-b", g.x(photo_columns), lower_y, g.span(side_columns), g.bottom - lower_y,
                  side_columns, g.gutter)


# ------------------------------------------------------------------ 4-page A4, 3 columns

A4_GRID = Grid(left=18.0, width=174.0, columns=3, gutter=6.0, top=18.0, bottom=279.0)


def newsletter_a4() -> Document:
    """通讯（A4 四页三栏）: lead story on page 1, a banner, two articles and a photo on each other page."""
    g = A4_GRID
    b = house_builder("A4", 18.0, "企业通讯")
    masters(b, g)
    b.new_page("m-masthead")
    headline(b, "p1-lead", g.left, 66, g.width, 42)
    body(b, "p1-lead", g.left, 110, g.width, 92, 3, g.gutter)
    photo(b, "p1-photo", g.left, 208, g.span(2), 63)
    small_article(b, "p1-brief", g.x(2), 208, g.column, g.bottom - 208, 1, g.gutter)
    for number in range(2, PAGES + 1):
        inner_page(b, g, number, lower_y=176, photo_columns=2)
    return b.doc


# ------------------------------------------------------------------ 4-版 A3 tabloid, 5 columns

A3_GRID = Grid(left=15.0, width=267.0, columns=5, gutter=5.0, top=15.0, bottom=405.0)


def tabloid_a3() -> Document:
    """小报（A3 四版五栏）: lead story over three columns beside a photo on 第1版; on the others
    a banner, a five-column article, a photo and a two-column article."""
    g = A3_GRID
    b = house_builder("A3", 15.0, "企业小报")
    masters(b, g)
    b.new_page("m-masthead")
    headline(b, "p1-lead", g.left, 66, g.width, 42)
    body(b, "p1-lead", g.left, 112, g.span(3), 152, 3, g.gutter)
    photo(b, "p1-photo", g.x(3), 112, g.span(2), 84)
    small_article(b, "p1-brief", g.x(3), 206, g.span(2), 58, 2, g.gutter)
    small_article(b, "p1-more", g.left, 272, g.width, g.bottom - 272, 5, g.gutter)
    for number in range(2, PAGES + 1):
        inner_page(b, g, number, lower_y=215, photo_columns=3)
    return b.doc


TEMPLATES = {"newsletter-a4.banmian": newsletter_a4, "tabloid-a3.banmian": tabloid_a3}


def main(argv: Sequence[str]) -> int:
    folder = Path(argv[0]) if argv else LAYOUTS
    for name, build in TEMPLATES.items():
        save_project_folder(build(), folder / name)
        print(f"已写入模板：{folder / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
