"""What the file side says when it refuses, and the edges it accepts (issue #15).

Written against mutants ``bench/bench_mutation.py`` found surviving in ``editor/io``: the
reason given for an unknown system error, the old-Word refusal's advice, a size limit of
exactly one MiB, importing onto page 1, the format named when a photo's is refused. Expected texts are written out here, not read
from the modules under test.
"""

from __future__ import annotations

import shutil

import pytest

from editor import SAMPLE_PROJECT
from editor.errors import BanmianError, size_text
from editor.io.article_project import import_articles_into_project
from editor.io.docx_reader import check_docx_archive
from editor.io.os_errors import os_error_reason
from editor.io.photos import PhotoInfo, UnusablePhoto, photo_extension

#: The first bytes of every OLE2 compound file: Word 97–2003 .doc and WPS .wps.
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def test_an_unlisted_system_error_is_named_by_its_code():
    assert os_error_reason(OSError(4242, "some English text")) == "系统错误（代码 4242）"


def test_a_system_error_without_a_code_says_only_system_error():
    assert os_error_reason(OSError("no errno at all")) == "系统错误"


def test_an_old_word_file_is_refused_with_advice_to_save_as_docx():
    with pytest.raises(BanmianError) as refused:
        check_docx_archive(OLE2_MAGIC + bytes(504), "旧稿.doc")
    assert "旧稿.doc" in str(refused.value)
    assert "另存为 .docx" in str(refused.value)


def test_a_limit_of_exactly_one_mib_is_said_as_1_mb():
    assert size_text(1024 * 1024) == "1 MB"
    assert size_text(1024 * 1024 - 1) == "1023 KB"


def test_an_article_can_be_imported_onto_page_1(tmp_path):
    project = tmp_path / "issue.banmian"
    shutil.copytree(SAMPLE_PROJECT, project)  # the sample is a project folder
    article = tmp_path / "短讯.txt"
    article.write_text("公司召开安全生产会议\n\n会议要求各单位落实安全责任。\n", encoding="utf-8")
    lines = import_articles_into_project(project, [article], 1)
    assert "放在第 1 页" in lines[0]


def test_a_photo_in_an_unsupported_format_is_refused_naming_that_format():
    info = PhotoInfo(width_px=4, height_px=3, dpi=None, format="PPM", exif_orientation=1, mode="RGB")
    with pytest.raises(UnusablePhoto) as refused:
        photo_extension(info, "扫描件.ppm")
    assert "格式（PPM）不受支持" in str(refused.value)
