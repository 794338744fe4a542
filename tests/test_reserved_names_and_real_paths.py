"""Windows' reserved device names behind trailing spaces, and a strict real path of nothing.

Windows drops the spaces at the end of a name's stem before it looks for a device name, so
``CON .txt`` is the console (Microsoft, "Naming Files, Paths, and Namespaces"); a strict real
path of a path that does not exist is ``FileNotFoundError``, as ``os.path.realpath`` documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.io.file_names import real_path, windows_name_problem


@pytest.mark.parametrize(("name", "device"), [("CON .txt", "CON"), ("con  .banmian", "CON"), ("Aux .jpg", "AUX")])
def test_a_device_name_followed_by_spaces_is_still_reserved(name: str, device: str) -> None:
    assert windows_name_problem(name) == f"“{device}”是 Windows 保留的设备名"


def test_a_device_name_after_leading_spaces_is_an_ordinary_name() -> None:
    assert windows_name_problem(" CON.txt") is None


def test_a_strict_real_path_of_nothing_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        real_path(tmp_path / "没有这个文件夹" / "document.json", strict=True)
    assert Path(real_path(tmp_path / "没有这个文件夹", strict=False)).name == "没有这个文件夹"
