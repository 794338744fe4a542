"""The recent-files list (文件 → 最近打开): what is stored, what is shown, what is forgiven.

At most ten projects, most recent first, one entry per file; the list is JSON in the user's
config folder (``BANMIAN_CONFIG_DIR`` overrides it) with Chinese names written as they are; a
damaged, foreign or oversized list (over 256 KB) reads as empty; a file that is gone is left
out of the menu but kept, and a network path is shown without asking the network. Written
against what the module's docstring promises; expected lists are written out here.
"""

from __future__ import annotations

import ctypes
import json
import logging
from pathlib import Path, PureWindowsPath

import pytest

from editor.io import recent
from editor.io.recent import RecentFiles


def _projects(folder: Path, count: int) -> list[Path]:
    """``count`` existing stand-in projects named 第1期 … in ``folder``."""
    paths = [folder / f"第{n}期.banmian" for n in range(1, count + 1)]
    for path in paths:
        path.write_bytes(b"stand-in project")
    return paths


def _write_list(file: Path, data: object) -> None:
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_without_a_file_the_list_lives_in_the_config_folder_and_holds_ten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANMIAN_CONFIG_DIR", str(tmp_path / "配置"))
    recent_files = RecentFiles()
    assert recent_files.file == tmp_path / "配置" / "recent.json"
    assert recent_files.limit == 10
    assert recent.default_config_dir() == tmp_path / "配置"


def test_the_most_recent_comes_first_and_only_ten_are_kept(tmp_path: Path) -> None:
    projects = _projects(tmp_path, 12)
    recent_files = RecentFiles(tmp_path / "recent.json")
    returned = []
    for path in projects:
        returned = recent_files.add(path)
    newest_first = projects[::-1][:10]
    assert returned == newest_first
    assert recent_files.paths() == newest_first
    stored = json.loads((tmp_path / "recent.json").read_text(encoding="utf-8"))
    assert stored == {"recent": [str(path) for path in newest_first]}


def test_the_list_is_written_as_indented_json_with_chinese_names_as_they_are(tmp_path: Path) -> None:
    [project] = _projects(tmp_path, 1)
    file = tmp_path / "recent.json"
    RecentFiles(file).add(project)
    quoted = json.dumps(str(project), ensure_ascii=False)  # a Windows path's backslashes doubled
    assert file.read_bytes() == ('{\n "recent": [\n  ' + quoted + '\n ]\n}').encode("utf-8")


def test_a_smaller_limit_keeps_that_many(tmp_path: Path) -> None:
    projects = _projects(tmp_path, 4)
    recent_files = RecentFiles(tmp_path / "recent.json", limit=3)
    for path in projects:
        recent_files.add(path)
    assert recent_files.paths() == projects[::-1][:3]
    assert len(json.loads((tmp_path / "recent.json").read_text(encoding="utf-8"))["recent"]) == 3


def test_a_stored_list_longer_than_the_limit_is_read_up_to_the_limit(tmp_path: Path) -> None:
    projects = _projects(tmp_path, 5)
    file = tmp_path / "recent.json"
    _write_list(file, {"recent": [str(path) for path in projects]})
    assert RecentFiles(file, limit=2).paths() == projects[:2]
    assert RecentFiles(file).paths() == projects


def test_opening_a_project_again_moves_it_to_the_top_once(tmp_path: Path) -> None:
    first, second, third = _projects(tmp_path, 3)
    recent_files = RecentFiles(tmp_path / "recent.json")
    for path in (first, second, third):
        recent_files.add(path)
    assert recent_files.add(first) == [first, third, second]
    assert recent_files.paths() == [first, third, second]


def test_the_same_file_written_another_way_is_one_entry(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    [project] = _projects(tmp_path, 1)
    file = tmp_path / "recent.json"
    _write_list(file, {"recent": [f"{tmp_path}/sub/../{project.name}"]})
    assert RecentFiles(file).add(project) == [project]


def test_a_relative_path_is_stored_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [project] = _projects(tmp_path, 1)
    monkeypatch.chdir(tmp_path)
    recent_files = RecentFiles(tmp_path / "recent.json")
    assert recent_files.add(project.name) == [project]
    recent_files.add(project.name)
    assert recent_files.paths() == [project]


def test_removing_drops_only_that_project_also_given_relatively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = _projects(tmp_path, 3)
    recent_files = RecentFiles(tmp_path / "recent.json")
    for path in (first, second, third):
        recent_files.add(path)
    monkeypatch.chdir(tmp_path)
    recent_files.remove(second.name)
    assert recent_files.paths() == [third, first]
    recent_files.remove(tmp_path / "从没打开过.banmian")
    assert recent_files.paths() == [third, first]


def test_clearing_empties_the_stored_list(tmp_path: Path) -> None:
    projects = _projects(tmp_path, 2)
    file = tmp_path / "recent.json"
    recent_files = RecentFiles(file)
    for path in projects:
        recent_files.add(path)
    recent_files.clear()
    assert recent_files.paths() == []
    assert json.loads(file.read_text(encoding="utf-8")) == {"recent": []}


def test_a_missing_project_is_hidden_but_comes_back_when_it_is_there_again(tmp_path: Path) -> None:
    stick, here = _projects(tmp_path, 2)
    recent_files = RecentFiles(tmp_path / "recent.json")
    recent_files.add(stick)
    recent_files.add(here)
    stick.unlink()  # the USB stick is out
    assert recent_files.paths() == [here]
    stick.write_bytes(b"stand-in project")  # and back in
    assert recent_files.paths() == [here, stick]


@pytest.mark.parametrize("network", ["//文件服务器/党群/第28期.banmian", "\\\\文件服务器\\党群\\第28期.banmian"])
def test_a_network_path_is_shown_without_looking_for_it(tmp_path: Path, network: str) -> None:
    file = tmp_path / "recent.json"
    _write_list(file, {"recent": [network, str(tmp_path / "不在了.banmian")]})
    assert RecentFiles(file).paths() == [Path(network)]


@pytest.mark.parametrize("content", [
    b"", b"{", b"\xff\xfe not utf-8", b"[]", b'"recent"', b'{"recent": "C:/a.banmian"}', b'{"other": []}',
])
def test_a_damaged_or_foreign_list_reads_as_empty(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "recent.json"
    file.write_bytes(content)
    assert RecentFiles(file).paths() == []


def test_a_missing_list_reads_as_empty(tmp_path: Path) -> None:
    assert RecentFiles(tmp_path / "没有" / "recent.json").paths() == []


def test_entries_that_are_not_names_are_skipped(tmp_path: Path) -> None:
    first, second = _projects(tmp_path, 2)
    file = tmp_path / "recent.json"
    _write_list(file, {"recent": [str(first), 7, "", None, ["x"], str(second)]})
    assert RecentFiles(file, limit=2).paths() == [first, second]


def _padded_list(project: Path, total_bytes: int) -> bytes:
    head = ('{"recent": [' + json.dumps(str(project), ensure_ascii=False) + ']').encode("utf-8")
    return head + b" " * (total_bytes - len(head) - 1) + b"}"


def test_a_list_of_exactly_256_kb_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    [project] = _projects(tmp_path, 1)
    file = tmp_path / "recent.json"
    file.write_bytes(_padded_list(project, 256 * 1024))
    assert RecentFiles(file).paths() == [project]
    file.write_bytes(_padded_list(project, 256 * 1024 + 1))
    assert RecentFiles(file).paths() == []


def test_adding_twice_into_a_folder_that_exists_keeps_both(tmp_path: Path) -> None:
    first, second = _projects(tmp_path, 2)
    file = tmp_path / "配置" / "recent.json"
    RecentFiles(file).add(first)
    RecentFiles(file).add(second)
    assert RecentFiles(file).paths() == [second, first]


def test_a_list_that_cannot_be_written_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    [project] = _projects(tmp_path, 1)
    blocker = tmp_path / "配置"
    blocker.write_bytes(b"a file where the folder should be")
    file = blocker / "recent.json"
    with caplog.at_level(logging.WARNING, logger="editor.io.recent"):
        assert RecentFiles(file).add(project) == [project]
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.name == "editor.io.recent"
    assert record.getMessage() == f"could not save the recent-files list to {file}"
    assert record.exc_info is not None and issubclass(record.exc_info[0], OSError)
    assert RecentFiles(file).paths() == []


class _Kernel32:
    """Stands in for Windows' kernel32: says which drive letters are network drives."""

    def __init__(self, remote: set[str]) -> None:
        self.remote = remote
        self.asked: list[str] = []

    def GetDriveTypeW(self, root: str) -> int:  # noqa: N802 - the Windows function's name
        self.asked.append(root)
        return 4 if root in self.remote else 3  # DRIVE_REMOTE, DRIVE_FIXED


def _windows(monkeypatch: pytest.MonkeyPatch, kernel32: object) -> None:
    monkeypatch.setattr(recent.sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": kernel32})(), raising=False)


def test_a_mapped_network_drive_counts_as_a_network_path_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel32 = _Kernel32({"Z:\\"})
    _windows(monkeypatch, kernel32)
    assert recent._is_network_path(PureWindowsPath("Z:/党群/第28期.banmian")) is True
    assert recent._is_network_path(PureWindowsPath("C:/党群/第28期.banmian")) is False
    assert kernel32.asked == ["Z:\\", "C:\\"]


def test_a_path_without_a_drive_letter_is_not_asked_about(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel32 = _Kernel32({"Z:\\"})
    _windows(monkeypatch, kernel32)
    assert recent._is_network_path(PureWindowsPath("党群/第28期.banmian")) is False
    assert kernel32.asked == []


def test_drive_letters_are_not_asked_about_off_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel32 = _Kernel32({"Z:\\"})
    _windows(monkeypatch, kernel32)
    monkeypatch.setattr(recent.sys, "platform", "linux")
    assert recent._is_network_path(PureWindowsPath("Z:/党群/第28期.banmian")) is False
    assert kernel32.asked == []


def test_a_drive_type_that_cannot_be_asked_counts_as_local(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def GetDriveTypeW(self, root: str) -> int:  # noqa: N802 - the Windows function's name
            raise OSError("kernel32 not available")

    _windows(monkeypatch, Broken())
    assert recent._is_network_path(PureWindowsPath("Z:/党群/第28期.banmian")) is False
