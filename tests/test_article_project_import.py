"""``banmian import`` as a function: which files are read, the sentences when some cannot be,
the page chosen, the lines printed, and the project left as it was on any refusal (issue #15).

Expected sentences are written out here; the project is the blank house template (one page).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.io.article_project import read_articles
from editor.io.docx_reader import ArticleImportError

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
