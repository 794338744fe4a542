"""``banmian import`` as a function: which files are read, the sentences when some cannot be,
the page chosen, the lines printed, and the project left as it was on any refusal (issue #15).

Expected sentences are written out here; the project is the blank house template (one page).
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from editor import LAYOUTS_DIR
from editor.errors import BanmianError
from editor.io import article_project
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
    reason = "找不到该文件。" if sys.platform == "win32" else "读取失败（文件名或路径过长）。"  # Windows allows the name
    assert refused.value.message == f"无法导入“{shortened}”：{reason}"


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


def test_the_article_goes_on_the_last_page_by_default_and_the_lines_say_so(project: Path, tmp_path: Path) -> None:
    text = _article(tmp_path, "短讯.txt", f"{TITLE}\n作者：王小明\n——记安全标兵\n{BODY}\n{BODY}\n")
    lines = import_articles_into_project(project, [text], None)
    assert lines == [f"已导入“{TITLE}”（短讯.txt）：2 段正文，1 行副标题，1 行署名，0 张图片，放在第 4 页。"]
    reopened = load_project(project)
    assert len(reopened.pages[3].frames) == len(load_project(LAYOUTS_DIR / "blank-issue.banmian").pages[3].frames) + 1


@pytest.mark.parametrize("page", [1, 4])
def test_the_first_and_the_last_page_can_be_chosen(project: Path, tmp_path: Path, page: int) -> None:
    before = load_project(project)
    lines = import_articles_into_project(project, [_article(tmp_path, "短讯.txt")], page)
    assert lines[0].endswith(f"放在第 {page} 页。")
    after = load_project(project)
    assert [len(p.frames) for p in after.pages] == [
        len(p.frames) + (index == page - 1) for index, p in enumerate(before.pages)]


@pytest.mark.parametrize("page", [0, 5, -1])
def test_a_page_outside_the_project_is_refused_without_saving(project: Path, tmp_path: Path, page: int) -> None:
    saved = project.read_bytes()
    with pytest.raises(BanmianError) as refused:
        import_articles_into_project(project, [_article(tmp_path, "短讯.txt")], page)
    assert refused.value.message == f"没有第 {page} 页（项目共 4 页）。"
    assert project.read_bytes() == saved


def test_a_project_without_pages_is_refused(tmp_path: Path) -> None:
    doc = load_project(LAYOUTS_DIR / "blank-issue.banmian")
    doc.pages = []
    save_project(doc, tmp_path / "空.banmian")
    with pytest.raises(BanmianError) as refused:
        import_articles_into_project(tmp_path / "空.banmian", [_article(tmp_path, "短讯.txt")], None)
    assert refused.value.message == "项目中没有页面，无法放入文章。"


def test_an_articles_notes_and_the_pages_notes_are_printed_each_once(project: Path, tmp_path: Path) -> None:
    long_line = BODY * 30
    paths = [_article(tmp_path, f"{number}.txt", f"标题{number}\n" + "\n".join([long_line] * 10)) for number in (1, 2, 3)]
    lines = import_articles_into_project(project, paths, 2)
    assert lines == [
        "已导入“标题1”（1.txt）：10 段正文，0 张图片，放在第 2 页。",
        "已导入“标题2”（2.txt）：10 段正文，0 张图片，放在第 2 页。",
        "已导入“标题3”（3.txt）：10 段正文，0 张图片，放在第 2 页。",
        "注意：第 2 页已没有空位，新框放在版心内，与原有内容重叠，请调整。",
    ]


def test_an_articles_own_notes_are_printed_under_it(project: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(BODY)
    document.add_table(rows=1, cols=1)
    document.save(tmp_path / "表格.docx")
    lines = import_articles_into_project(project, [tmp_path / "表格.docx"], 1)
    assert lines == ["已导入“表格”（表格.docx）：1 段正文，0 张图片，放在第 1 页。",
                     "  注意：文中有 1 个表格未导入：版面不支持表格，请改为文字或截图后插入图片。"]


def test_a_project_that_cannot_be_saved_is_refused_with_the_reason(project: Path, tmp_path: Path, monkeypatch) -> None:
    def disk_full(doc, path) -> None:  # the OS edge: the disk refuses the write
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(article_project, "save_project", disk_full)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BanmianError) as refused:
        import_articles_into_project(Path("期刊.banmian"), [_article(tmp_path, "短讯.txt")], None)
    assert refused.value.message == "无法保存到“期刊.banmian”：磁盘空间不足。"


# ---------------------------------------------------------------- which files are read


def test_a_folder_stands_for_its_submissions_by_name_among_the_files_named(tmp_path: Path) -> None:
    folder = tmp_path / "来稿"
    folder.mkdir()
    _article(folder, "乙.txt", "乙稿标题\n" + BODY)
    _article(folder, "甲.txt", "甲稿标题\n" + BODY)
    (folder / "说明.pdf").write_bytes(b"%PDF-1.4")
    before = _article(tmp_path, "丙.txt", "丙稿标题\n" + BODY)
    after = _article(tmp_path, "丁.txt", "丁稿标题\n" + BODY)
    assert [article.title for article in read_articles([before, folder, after])] == [
        "丙稿标题", "乙稿标题", "甲稿标题", "丁稿标题"]


def test_a_folder_without_submissions_is_refused_naming_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("空文件夹").mkdir()
    (Path("空文件夹") / "说明.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(BanmianError) as refused:
        read_articles([Path("空文件夹")])
    assert refused.value.message == "文件夹“空文件夹”中没有 .docx 或 .txt 文件。"


def test_one_file_that_fails_is_refused_with_its_own_sentence_only(tmp_path: Path) -> None:
    good = _article(tmp_path, "好.txt")
    with pytest.raises(ArticleImportError) as refused:
        read_articles([good, tmp_path / "缺.txt"])
    assert refused.value.message == "无法导入“缺.txt”：找不到该文件。"


def test_every_file_that_fails_is_named_and_the_project_said_to_be_unchanged(tmp_path: Path) -> None:
    (tmp_path / "空.txt").write_bytes(b"")
    with pytest.raises(ArticleImportError) as refused:
        read_articles([tmp_path / "缺.txt", _article(tmp_path, "好.txt"), tmp_path / "空.txt"])
    assert refused.value.message == ("无法导入“缺.txt”：找不到该文件。；无法导入“空.txt”：文件是空的（0 字节）。"
                                     "（项目未作改动）")
