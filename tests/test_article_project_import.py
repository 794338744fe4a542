"""``banmian import`` as a function: which files are read, the sentences when some cannot be,
the page chosen, the lines printed, and the project left as it was on any refusal (issue #15).

Expected sentences are written out here; the project is the blank house template (one page).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor import LAYOUTS_DIR
from editor.errors import BanmianError
from editor.io.article_project import import_articles_into_project, read_articles
from editor.io.docx_reader import ArticleImportError
from editor.io.project import load_project, save_project

TITLE = "公司召开安全生产会议"
BODY = "会议要求各单位落实安全责任，确保生产平稳有序。"


def _article(folder: Path, name: str, text: str = f"{TITLE}\n{BODY}\n") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_name_too_long_for_the_system_is_refused_as_a_file_not_crashing(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 100 + ".txt")
    with pytest.raises(ArticleImportError) as refused:
        read_articles([path])
    shortened = "长" * 39 + "…" + "长" * 35 + ".txt"
    assert refused.value.message == f"无法导入“{shortened}”：读取失败（文件名或路径过长）。"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """The blank house template (four pages) saved as a project file."""
    path = tmp_path / "期刊.banmian"
    save_project(load_project(LAYOUTS_DIR / "blank-issue.banmian"), path)
    return path


def test_articles_over_the_documents_character_limit_are_refused_saying_so_once(
        project: Path, tmp_path: Path) -> None:
    line = "会议要求各单位落实安全责任，确保生产平稳有序。" * 4  # 92 characters
    big = _article(tmp_path, "长稿.txt", "\n".join([line] * 1100))  # 101,200 characters, under 200,000
    saved = project.read_bytes()
    with pytest.raises(BanmianError) as refused:
        import_articles_into_project(project, [big, big], None)  # 202,400 together: over
    assert refused.value.message == "文章未能放入：项目已达上限（文字、页面上的框或文章数过多）。"
    assert project.read_bytes() == saved


def test_no_articles_are_refused_as_nothing_placed(project: Path) -> None:
    with pytest.raises(BanmianError) as refused:
        import_articles_into_project(project, [], None)
    assert refused.value.message == "文章未能放入。"
