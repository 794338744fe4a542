"""Export paths that would destroy something (issue #7): the project itself, a file of a folder
project, a folder, a device, a FIFO, one path for both PDF and DOCX — refused before anything is
written, with one line of Chinese and exit status 2 on the command line.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import editor
from editor import cli
from editor.errors import ExportError
from editor.io import atomic
from editor.io.project import load_project, save_project
from editor.render.output import check_distinct_targets, check_export_target
from tests.names import LINE_BREAK, LINE_BREAK_SHOWN

BLANK = editor.LAYOUTS_DIR / "blank-issue.banmian"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX links, devices and FIFOs")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=env, timeout=300)


def _digest(path: Path) -> str:
    if path.is_dir():
        return "".join(_digest(p) + p.name for p in sorted(path.rglob("*")) if p.is_file())
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_chinese_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("banmian：")
    return lines[0]


@pytest.fixture
def zipped(tmp_path: Path) -> Path:
    path = tmp_path / "期刊.banmian"
    save_project(load_project(BLANK), path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "期刊文件夹"
    shutil.copytree(BLANK, path)
    return path


# ------------------------------------------------------------ command line


@pytest.mark.parametrize("option", ["--pdf", "--docx"])
def test_exporting_a_project_onto_itself_leaves_it_unchanged_and_exits_2(zipped: Path, option: str) -> None:
    before = _digest(zipped)
    result = _run("export", zipped.name, option, zipped.name, cwd=zipped.parent)
    assert result.returncode == 2
    assert _one_chinese_line(result.stderr) == (
        "banmian：不能导出到“期刊.banmian”：这是项目文件本身，导出会覆盖项目。请换一个文件名。")
    assert _digest(zipped) == before
    assert sorted(p.name for p in zipped.parent.iterdir()) == ["期刊.banmian"]


@posix_only
def test_exporting_onto_a_link_to_the_project_is_exporting_onto_the_project(zipped: Path) -> None:
    before = _digest(zipped)
    link = zipped.parent / "链接.pdf"
    link.symlink_to(zipped)
    result = _run("export", zipped.name, "--pdf", link.name, cwd=zipped.parent)
    assert result.returncode == 2
    assert "这是项目文件本身" in _one_chinese_line(result.stderr)
    assert _digest(zipped) == before and link.is_symlink()


def test_exporting_onto_a_file_of_a_folder_project_is_refused(folder: Path) -> None:
    before = _digest(folder)
    result = _run("export", folder.name, "--pdf", f"{folder.name}/document.json", cwd=folder.parent)
    assert result.returncode == 2
    assert _one_chinese_line(result.stderr) == ("banmian：不能导出到“期刊文件夹/document.json”："
                                                "这是项目文件夹里的文件，导出会覆盖它。请换一个文件名。")
    assert _digest(folder) == before


def test_exporting_onto_a_folder_is_refused(zipped: Path) -> None:
    (zipped.parent / "导出").mkdir()
    result = _run("export", zipped.name, "--pdf", "导出", cwd=zipped.parent)
    assert result.returncode == 2
    assert _one_chinese_line(result.stderr) == "banmian：不能导出到“导出”：这是一个文件夹。请在文件夹里写上文件名。"
    assert (zipped.parent / "导出").is_dir() and not any((zipped.parent / "导出").iterdir())


@posix_only
@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "fifo"])
def test_exporting_onto_a_device_or_a_fifo_is_refused(zipped: Path, device: str) -> None:
    if device == "fifo":
        os.mkfifo(zipped.parent / "管道")
        device = str(zipped.parent / "管道")
    kind = os.stat(device).st_mode
    result = _run("export", zipped.name, "--docx", device, cwd=zipped.parent)
    assert result.returncode == 2
    assert _one_chinese_line(result.stderr).endswith("”：这不是普通文件（是设备或管道）。请换一个文件名。")
    assert stat.S_IFMT(os.stat(device).st_mode) == stat.S_IFMT(kind)
    assert not [name for name in os.listdir(Path(device).parent) if name.endswith(".tmp")]


def test_one_path_for_both_pdf_and_docx_is_refused(zipped: Path) -> None:
    result = _run("export", zipped.name, "--pdf", "导出.pdf", "--docx", "./导出.pdf", cwd=zipped.parent)
    assert result.returncode == 2
    assert _one_chinese_line(result.stderr) == "banmian：PDF 和 Word 文件不能是同一个文件“./导出.pdf”。请分别指定文件名。"
    assert not (zipped.parent / "导出.pdf").exists()


@pytest.mark.parametrize("code, english, chinese", [
    (errno.ENOSPC, "No space left on device", "磁盘空间不足"),
    (errno.ENAMETOOLONG, "File name too long", "文件名或路径过长"),
])
def test_a_full_disk_during_export_is_one_chinese_line(zipped: Path, monkeypatch, capsys, code, english, chinese) -> None:
    def failing_fsync(fd: int) -> None:
        raise OSError(code, english)

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    monkeypatch.chdir(zipped.parent)
    # A line break in a folder's name (file names with one are refused before writing).
    (zipped.parent / f"第28期{LINE_BREAK}定稿").mkdir()
    status = cli.main(["export", zipped.name, "--pdf", f"第28期{LINE_BREAK}定稿/样刊.pdf"])
    line = _one_chinese_line(capsys.readouterr().err)
    assert status == 2
    assert line == f"banmian：无法写入“第28期{LINE_BREAK_SHOWN}定稿/样刊.pdf”：{chinese}。"  # as typed


# ------------------------------------------------------- the check itself


def test_a_new_file_beside_the_project_is_a_fine_target(zipped: Path) -> None:
    check_export_target(zipped.parent / "第28期.pdf", zipped)
    check_export_target(zipped.parent / "第28期.pdf", None)  # an unsaved document


def test_an_existing_regular_file_may_be_replaced(zipped: Path) -> None:
    (zipped.parent / "旧.pdf").write_bytes(b"%PDF-old")
    check_export_target(zipped.parent / "旧.pdf", zipped)


def test_a_new_file_inside_a_folder_project_is_allowed_but_not_its_own_files(folder: Path) -> None:
    check_export_target(folder / "导出.pdf", folder)
    with pytest.raises(ExportError):
        check_export_target(folder / "document.json", folder)
    with pytest.raises(ExportError, match="这是项目文件本身"):
        check_export_target(folder, folder)


def test_the_same_file_by_two_spellings_is_one_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        check_distinct_targets(tmp_path / "a.pdf", tmp_path / "子" / ".." / "a.pdf")
    check_distinct_targets(tmp_path / "a.pdf", tmp_path / "a.docx")
