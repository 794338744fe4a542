"""Windows' naming rules, word for word, and its long and real paths, played on any system.

Each refusal names its reason in Chinese (the user must know which character to change), a
name can be made safe instead of refused, and on Windows a path past 259 characters (MAX_PATH
less its NUL, Microsoft's "Maximum Path Length Limitation") is handed to the system in its
extended ``\\\\?\\`` form. The Windows legs run here with ``sys.platform`` said to be win32 and
the ``os`` module the code sees replaced by Windows' path rules (``ntpath``) and a stand-in
``realpath`` — the system edge, not the code under test. Expected names are written out.
"""

from __future__ import annotations

import ntpath
import os
import types
from pathlib import Path

import pytest

from editor.io import file_names
from editor.io.file_names import (
    InvalidFileNameError,
    as_path,
    check_file_name,
    issue_file_name,
    long_path,
    real_path,
    safe_file_name,
    short_windows_path,
    windows_name_problem,
)
from editor.model.document import IssueFields


@pytest.mark.parametrize(("name", "problem"), [
    ("", "文件名是空的"),
    (".", "文件名是空的"),
    ("..", "文件名是空的"),
    ("a<b.pdf", "文件名中不能有<"),
    ("a>b.pdf", "文件名中不能有>"),
    ("a:b.pdf", "文件名中不能有冒号“:”"),
    ('a"b.pdf', "文件名中不能有双引号"),
    ("a|b.pdf", "文件名中不能有竖线“|”"),
    ("问题?.pdf", "文件名中不能有问号“?”"),
    ("星*.pdf", "文件名中不能有星号“*”"),
    ("a\\b.pdf", "文件名中不能有反斜杠“\\”"),
    ("a/b.pdf", "文件名中不能有斜杠“/”"),
    ("tab\t.pdf", "文件名中不能有控制字符"),
    ("unit\x1f.pdf", "文件名中不能有控制字符"),
    ("nul\x00.pdf", "文件名中不能有控制字符"),
    ("第28期.", "文件名不能以句点或空格结尾"),
    ("第28期 ", "文件名不能以句点或空格结尾"),
    ("con", "“CON”是 Windows 保留的设备名"),
    ("CON.tar.gz", "“CON”是 Windows 保留的设备名"),
    ("lpt³.pdf", "“LPT³”是 Windows 保留的设备名"),
    ("conout$.txt", "“CONOUT$”是 Windows 保留的设备名"),
])
def test_each_name_windows_refuses_gives_its_own_reason(name: str, problem: str) -> None:
    assert windows_name_problem(name) == problem


def test_the_first_forbidden_character_is_the_one_named() -> None:
    assert windows_name_problem("a*b?c.pdf") == "文件名中不能有星号“*”"


@pytest.mark.parametrize("name", [
    "a b.pdf", "...hidden", "a.b.c", "COM0.pdf", "LPT10", "CONSOLE", "第28期 .pdf", "CONX.txt", "CON\u3000.txt",
])
def test_names_windows_accepts_have_no_problem(name: str) -> None:
    assert windows_name_problem(name) is None


@pytest.mark.parametrize(("name", "safe"), [
    ("党建/工作:第1期?.pdf", "党建_工作_第1期_.pdf"),
    ("a\tb\x1fc.pdf", "a_b_c.pdf"),
    ("第28期. . ", "第28期"),
    ("...", "未命名"),
    ("", "未命名"),
    ("con.pdf", "_con.pdf"),
    ("Aux .banmian", "_Aux .banmian"),
    ("console.pdf", "console.pdf"),
    ("con.tar.gz", "_con.tar.gz"),
    ("CONX.pdf", "CONX.pdf"),
    ("CON\u3000.pdf", "CON\u3000.pdf"),
    ("BOX", "BOX"),
    ("中铝股份党群工作2021年第28期.banmian", "中铝股份党群工作2021年第28期.banmian"),
])
def test_a_name_is_made_one_windows_accepts(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_the_replacement_character_can_be_chosen() -> None:
    assert safe_file_name("a:b", "-") == "a-b"
    assert safe_file_name("NUL.txt", "-") == "-NUL.txt"


def test_an_issue_file_is_named_title_year_and_number() -> None:
    issue = IssueFields(title="党建/工作", year=2022, number=3)
    assert issue_file_name(issue) == "党建_工作2022年第3期.banmian"
    assert issue_file_name(issue, ".pdf") == "党建_工作2022年第3期.pdf"


@pytest.mark.parametrize(("name", "message"), [
    ("第28期?.pdf", "无法保存为“第28期?.pdf”：文件名中不能有问号“?”。请换一个文件名。"),
    ("第28期.", "无法保存为“第28期.”：文件名不能以句点或空格结尾。请换一个文件名。"),
])
def test_a_refused_file_name_is_said_with_the_name_and_the_reason(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InvalidFileNameError) as refused:
        check_file_name(tmp_path / name)
    assert refused.value.message == message
    check_file_name(str(tmp_path / "第28期.pdf"))


# ---------------------------------------------------------------- Windows paths, played


class _WindowsPaths:
    """Windows' path rules with a stand-in ``realpath`` that records what it was asked."""

    def __init__(self, answer: str | BaseException, exists: bool = False) -> None:
        self.answer = answer
        self.exists = exists
        self.asked: list[tuple[str, object]] = []
        self.looked: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(ntpath, name)

    def realpath(self, path: str, strict: object = False) -> str:
        self.asked.append((path, strict))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer

    def lexists(self, path: str) -> bool:
        self.looked.append(path)
        return self.exists


def _on_windows(monkeypatch: pytest.MonkeyPatch, paths: _WindowsPaths | None = None) -> _WindowsPaths:
    paths = paths or _WindowsPaths("C:\\unused")
    monkeypatch.setattr(file_names.sys, "platform", "win32")
    monkeypatch.setattr(file_names, "os", types.SimpleNamespace(fspath=os.fspath, path=paths))
    return paths


def _windows_path_of_length(length: int) -> str:
    head = "C:\\党群 工作\\"
    return head + "长" * (length - len(head))


def test_a_path_of_259_characters_is_used_as_it_is_and_one_of_260_in_extended_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _on_windows(monkeypatch)
    at_limit, past_limit = _windows_path_of_length(259), _windows_path_of_length(260)
    assert long_path(at_limit) == at_limit
    assert long_path(past_limit) == "\\\\?\\" + past_limit
    assert as_path(past_limit) == Path("\\\\?\\" + past_limit)


def test_a_long_path_already_in_extended_form_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_windows(monkeypatch)
    extended = "\\\\?\\C:\\" + "长" * 300
    assert long_path(extended) == extended


def test_a_long_path_already_extended_is_used_exactly_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_windows(monkeypatch)
    extended = "\\\\?\\C:\\" + "长" * 300 + "/第28期.banmian"  # no cleaning: not even "/" made "\\"
    assert long_path(extended) == extended


def test_a_long_path_is_cleaned_before_it_is_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_windows(monkeypatch)
    messy = "C:/党群/../" + "长" * 300
    assert long_path(messy) == "\\\\?\\C:\\" + "长" * 300


def test_off_windows_a_long_path_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_names.sys, "platform", "linux")
    deep = str(tmp_path / ("长" * 100) / ("长" * 100) / "第28期.banmian")
    assert long_path(deep) == deep
    assert as_path(deep) == Path(deep)


def test_a_short_extended_path_of_259_characters_loses_its_prefix_and_one_of_260_keeps_it() -> None:
    at_limit, past_limit = _windows_path_of_length(259), _windows_path_of_length(260)
    assert short_windows_path("\\\\?\\" + at_limit) == at_limit
    assert short_windows_path("\\\\?\\" + past_limit) == "\\\\?\\" + past_limit


@pytest.mark.parametrize("strict", [False, True])
def test_a_real_path_on_windows_asks_the_system_and_gives_the_ordinary_form(
    monkeypatch: pytest.MonkeyPatch, strict: bool
) -> None:
    paths = _on_windows(monkeypatch, _WindowsPaths("\\\\?\\D:\\真的\\第28期.banmian"))
    assert real_path("C:/党群/../第28期.banmian", strict=strict) == "D:\\真的\\第28期.banmian"
    assert paths.asked == [("C:\\第28期.banmian", strict)]


def test_a_long_real_path_on_windows_is_asked_in_extended_form(monkeypatch: pytest.MonkeyPatch) -> None:
    long = _windows_path_of_length(300)
    paths = _on_windows(monkeypatch, _WindowsPaths("\\\\?\\" + long))
    assert real_path(long) == "\\\\?\\" + long
    assert paths.asked == [("\\\\?\\" + long, False)]


@pytest.mark.parametrize("failure", [OSError(234, "more data is available"), ValueError("embedded null")])
def test_when_windows_cannot_say_the_real_path_is_the_absolute_one(
    monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    _on_windows(monkeypatch, _WindowsPaths(failure))
    assert real_path("C:/党群/../第28期.banmian") == "C:\\第28期.banmian"


def test_when_windows_cannot_say_a_strict_real_path_of_something_that_exists_is_the_absolute_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = _on_windows(monkeypatch, _WindowsPaths(OSError(234, "more data is available"), exists=True))
    long = _windows_path_of_length(300)
    assert real_path(long, strict=True) == long
    assert paths.looked == ["\\\\?\\" + long]


def test_when_windows_cannot_say_a_strict_real_path_of_nothing_is_file_not_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = _on_windows(monkeypatch, _WindowsPaths(OSError(234, "more data is available"), exists=False))
    with pytest.raises(FileNotFoundError) as missing:
        real_path("C:/党群/第28期.banmian", strict=True)
    assert (missing.value.errno, missing.value.filename) == (2, "C:/党群/第28期.banmian")
    assert missing.value.strerror == "not found"
    assert missing.value.__suppress_context__
    assert paths.looked == ["C:\\党群\\第28期.banmian"]
