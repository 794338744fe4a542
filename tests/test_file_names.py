"""Names Windows refuses are refused everywhere; long Windows paths get the extended form."""

from __future__ import annotations

import pytest

from editor.io.file_names import (
    InvalidFileNameError,
    check_file_name,
    extended_windows_path,
    windows_name_problem,
)


@pytest.mark.parametrize("name", [
    "CON", "con.banmian", "Aux.pdf", "nul.docx", "COM1.banmian", "lpt9.pdf", "PRN", "CONIN$", "com¹.txt",
    "第28期.", "第28期 ", "a:b.banmian", "问题?.pdf", "星*.docx", 'quote".pdf', "a<b.pdf", "a>b.pdf",
    "a|b.pdf", "tab\t.pdf", "line\n.pdf", "", ".", "..",
])
def test_names_windows_refuses_are_refused_with_a_chinese_reason(name: str) -> None:
    problem = windows_name_problem(name)
    assert problem and all(ord(c) >= 32 for c in problem)
    assert any("\u4e00" <= c <= "\u9fff" for c in problem)


@pytest.mark.parametrize("name", [
    "中铝股份党群工作2021年第28期.banmian", "第28期（终稿）.pdf", "console.banmian", "auxiliary.docx",
    "CON-2021.pdf", "COM10.pdf", "a b c.banmian", ".hidden", "第28期．pdf", "问题？.pdf", "星＊.docx",
    "中" * 80 + ".banmian",
])
def test_ordinary_chinese_and_latin_names_are_accepted(name: str) -> None:
    assert windows_name_problem(name) is None


def test_check_file_name_looks_at_the_last_component_only(tmp_path) -> None:
    check_file_name(tmp_path / "党群 工作" / "第28期（终稿）" / "样例.pdf")
    with pytest.raises(InvalidFileNameError) as raised:
        check_file_name(tmp_path / "党群 工作" / "aux.banmian")
    assert raised.value.message == "无法保存为“aux.banmian”：“AUX”是 Windows 保留的设备名。请换一个文件名。"


@pytest.mark.parametrize(("given", "extended"), [
    ("C:\\党群 工作\\第28期.banmian", "\\\\?\\C:\\党群 工作\\第28期.banmian"),
    ("C:/a/b/../c.pdf", "\\\\?\\C:\\a\\c.pdf"),
    ("\\\\server\\share\\党群\\x.banmian", "\\\\?\\UNC\\server\\share\\党群\\x.banmian"),
    ("\\\\?\\C:\\already", "\\\\?\\C:\\already"),
])
def test_extended_windows_paths(given: str, extended: str) -> None:
    assert extended_windows_path(given) == extended


@pytest.mark.parametrize("name", ["aux.pdf", "第28期..pdf.", "定稿?.pdf", "CON"])
def test_export_to_a_name_windows_refuses_writes_nothing_and_exits_2(tmp_path, capsys, name: str) -> None:
    from editor import SAMPLE_PROJECT
    from editor.cli import main

    folder = tmp_path / "党群 工作" / "第28期（终稿）"
    folder.mkdir(parents=True)
    assert main(["export", str(SAMPLE_PROJECT), "--pdf", str(folder / name)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("banmian：无法保存为“") and line.endswith("请换一个文件名。")
    assert list(folder.iterdir()) == []


def test_saving_a_project_under_a_reserved_name_is_refused_before_writing(tmp_path) -> None:
    from editor.io.project import save_project
    from editor.model.document import Document

    with pytest.raises(InvalidFileNameError):
        save_project(Document(), tmp_path / "Com1.banmian")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("extended", "plain"), [
    ("\\\\?\\C:\\党群 工作\\第28期.banmian", "C:\\党群 工作\\第28期.banmian"),
    ("\\\\?\\UNC\\server\\share\\x.pdf", "\\\\server\\share\\x.pdf"),
    ("\\\\?\\C:\\" + "长" * 300, "\\\\?\\C:\\" + "长" * 300),
    ("C:\\plain", "C:\\plain"),
])
def test_extended_paths_go_back_to_the_ordinary_form_when_short(extended: str, plain: str) -> None:
    from editor.io.file_names import short_windows_path

    assert short_windows_path(extended) == plain
