"""System errors said in Chinese: Windows' own code first, then errno, then the kind of error.

A sharing violation reaches Python as EACCES with ``winerror`` 32, and the user should read
that another program holds the file, not that they lack permission. Errors raised on Linux
carry no ``winerror``; the Windows ones are played here by setting the attribute, as
``OSError`` does on Windows. The expected reasons are written out from the table in the
module's documentation of each code, not read from the module.
"""

from __future__ import annotations

import errno

import pytest

from editor.io.os_errors import os_error_reason


def _windows_error(code: int | object, errno_code: int = errno.EACCES) -> OSError:
    problem = OSError(errno_code, "English text from the system")
    problem.winerror = code  # type: ignore[attr-defined] - what Windows' OSError carries
    return problem


@pytest.mark.parametrize(("winerror", "reason"), [
    (32, "文件正被其他程序占用"),
    (5, "没有权限（文件可能是只读的，或被其他程序占用）"),
    (112, "磁盘空间不足"),
    (206, "文件名或路径过长"),
])
def test_a_windows_code_says_more_than_its_errno(winerror: int, reason: str) -> None:
    assert os_error_reason(_windows_error(winerror)) == reason


def test_a_windows_code_not_in_the_table_falls_back_to_the_errno() -> None:
    assert os_error_reason(_windows_error(77777, errno.ENOSPC)) == "磁盘空间不足"


def test_a_windows_code_that_is_not_a_number_is_ignored() -> None:
    assert os_error_reason(_windows_error("32", errno.ENOSPC)) == "磁盘空间不足"


def test_an_unknown_windows_code_is_the_code_the_message_gives() -> None:
    assert os_error_reason(_windows_error(77777, 4242)) == "系统错误（代码 77777）"


def test_a_windows_code_on_something_not_an_os_error_still_counts() -> None:
    problem = RuntimeError("from a library")
    problem.winerror = 32  # type: ignore[attr-defined]
    assert os_error_reason(problem) == "文件正被其他程序占用"


@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "磁盘空间不足"),
    (errno.EACCES, "没有权限"),
    (errno.EROFS, "磁盘或文件夹是只读的"),
    (errno.ENOENT, "找不到文件或文件夹"),
    (errno.EISDIR, "这是一个文件夹，不是文件"),
])
def test_an_errno_in_the_table_gives_its_reason(code: int, reason: str) -> None:
    assert os_error_reason(OSError(code, "English text from the system")) == reason


@pytest.mark.parametrize("problem", [PermissionError(4242, "denied"), PermissionError("denied")])
def test_a_permission_error_without_a_known_code_is_no_permission(problem: OSError) -> None:
    assert os_error_reason(problem) == "没有权限"


@pytest.mark.parametrize("problem", [FileNotFoundError(4242, "gone"), FileNotFoundError("gone")])
def test_a_missing_file_without_a_known_code_is_not_found(problem: OSError) -> None:
    assert os_error_reason(problem) == "找不到文件或文件夹"


def test_running_out_of_memory_is_said_as_such() -> None:
    assert os_error_reason(MemoryError()) == "内存不足"


def test_anything_else_is_a_system_error() -> None:
    assert os_error_reason(ValueError("bad value")) == "系统错误"
