"""Reading a submitted article file: which names are taken, and the sentence for each file that
cannot be read — not found, a pipe, a folder, a link loop, a name the system refuses (issue #15).

Expected sentences are written out here, not read from the module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.io.article_import import read_article
from editor.io.docx_reader import ArticleImportError

OLD_WORD = "这是旧版 Word（.doc）或 WPS 文件，请在 Word 或 WPS 中另存为 .docx 后再导入。"
NOT_TEXT = ("文件不是有效的文本（无法按 UTF-8、UTF-16 或 GB 18030 读出），"
            "请在记事本中另存为 UTF-8 编码后再导入。")


def _refusal(path: Path) -> str:
    with pytest.raises(ArticleImportError) as refused:
        read_article(path)
    return refused.value.message


def test_a_name_too_long_for_the_system_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 100 + ".txt")  # 302 bytes in UTF-8: over the 255 a Linux name may have
    shortened = "长" * 39 + "…" + "长" * 35 + ".txt"  # a name over 80 characters keeps its two ends
    assert _refusal(path) == f"无法导入“{shortened}”：读取失败（文件名或路径过长）。"
