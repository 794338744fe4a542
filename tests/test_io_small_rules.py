"""Small rules of the file side a user meets: bylines up to 50 characters, a Word heading style
taking the title only among the first four paragraphs, an article with nothing in it, a photo
file over 256 MB, a full disk when locking, the recent-files list in a folder not made yet,
and template names.

Expected texts and limits are written out here (50 characters for a heading or byline, 256 MB
for a photo, as the user documentation says), not read from the modules.
"""

from __future__ import annotations

import errno
import io
from pathlib import Path

import docx
import pytest

from editor.io import lockfile
from editor.io.article_import import article_from_docx, article_from_text
from editor.io.docx_reader import ArticleImportError
from editor.io.lockfile import LockState, acquire_lock
from editor.io.photo_checks import UnusablePhoto
from editor.io.photos import import_photo
from editor.io.recent import RecentFiles
from editor.io.templates import TemplateError, template_path

TITLE = "公司召开安全生产会议"
BODY = "会议要求各单位落实安全责任，确保生产平稳有序。"


def _styles(byline: str) -> list[str]:
    article = article_from_text(f"{TITLE}\n{byline}\n{BODY}\n", "稿件.txt")
    return [paragraph.style for paragraph in article.paragraphs]


def test_a_byline_of_exactly_50_characters_is_still_a_byline() -> None:
    byline = "作者：" + "张" * 47
    assert len(byline) == 50
    assert _styles(byline) == ["大标题", "署名", "正文"]


def test_a_line_naming_an_author_in_51_characters_is_body_text() -> None:
    assert _styles("作者：" + "张" * 48) == ["大标题", "正文", "正文"]


def test_an_article_of_only_blank_lines_is_refused_by_name() -> None:
    with pytest.raises(ArticleImportError) as refused:
        article_from_text("  \n\u3000\n", "空白.txt")
    assert refused.value.message == "无法导入“空白.txt”：文件中没有文字或图片。"


def test_a_photo_file_over_256_mb_is_refused_saying_256_mb(tmp_path: Path) -> None:
    path = tmp_path / "大图.jpg"
    with path.open("wb") as handle:
        handle.truncate(256 * 1024 * 1024 + 1)  # sparse: nothing is written
    with pytest.raises(UnusablePhoto) as refused:
        import_photo(path)
    assert refused.value.reason == "文件过大，超过 256 MB"


@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, "磁盘已满"), (errno.EROFS, "磁盘是只读的")])
def test_a_lock_that_cannot_be_written_says_why_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    project = tmp_path / "第28期.banmian"
    project.write_bytes(b"stand-in project")

    def failing_create(path: Path, owner: object) -> None:
        raise OSError(code, "system text that must not be shown")

    monkeypatch.setattr(lockfile, "_create_exclusively", failing_create)
    result = acquire_lock(project)
    assert (result.state, result.error) == (LockState.UNAVAILABLE, reason)


def test_the_recent_files_list_is_saved_into_folders_not_made_yet(tmp_path: Path) -> None:
    opened = tmp_path / "第28期.banmian"
    opened.write_bytes(b"stand-in project")
    recent = RecentFiles(tmp_path / "新用户" / "配置" / "recent.json")
    recent.add(opened)
    assert RecentFiles(tmp_path / "新用户" / "配置" / "recent.json").paths() == [opened]


def test_a_template_name_is_trimmed_and_given_the_project_suffix(tmp_path: Path) -> None:
    assert template_path("  季度通讯\u3000 ", tmp_path) == tmp_path / "季度通讯.banmian"


def test_a_blank_template_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as refused:
        template_path(" \t ", tmp_path)
    assert refused.value.message == "请输入模板名称。"


def _docx_with_heading_after(body_paragraphs: int) -> bytes:
    document = docx.Document()
    for number in range(1, body_paragraphs + 1):
        document.add_paragraph(f"第{number}段：会议要求各单位落实安全责任，确保生产平稳有序。")
    document.add_paragraph("迎峰度夏保供电", style="Heading 1")
    document.add_paragraph("会议还部署了下一阶段的工作。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_heading_style_among_the_first_four_paragraphs_is_the_title() -> None:
    article = article_from_docx(_docx_with_heading_after(3), "稿件.docx")
    assert [paragraph.style for paragraph in article.paragraphs] == ["引题", "引题", "引题", "大标题", "正文"]


def test_a_heading_style_below_the_fourth_paragraph_is_not_taken_for_the_title() -> None:
    article = article_from_docx(_docx_with_heading_after(4), "稿件.docx")
    assert [paragraph.style for paragraph in article.paragraphs] == ["正文"] * 6
