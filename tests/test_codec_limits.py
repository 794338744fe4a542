"""Hostile project files: every number, string, count and size the loader refuses, and how.

Each kind of damage found by mutating thousands of project files (issue #7)
gets one test: the file is refused with one line of Chinese that names the
place, quickly, without the file being changed. The rules themselves are
declared beside the model's fields; ``test_every_number_text_and_list_field_declares_its_limit``
keeps every new field honest.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import typing
import zipfile
from pathlib import Path
from typing import Any

import pytest

from editor.io import project
from editor.io.project import load_project, project_zip_bytes
from editor.model import Document, Frame, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame, limits
from editor.model.codec import encode_document
from editor.model.limits import CountRule, NumberRange, TextRule, rule_of
from tests.test_project_file import _assert_refused, _peak_bytes, _write_zip

#: Refusals must be quick; generous for a shared 2-core CI machine (issue #7: "refused fast").
FAST_S = 5.0
_F = "document.pages[0].frames[0]"


# ---------------------------------------------------------------- helpers


def _document() -> Document:
    story = Story(id="s", name="头条", paragraphs=[Paragraph(style="正文", runs=[Run(text="本期要闻")])])
    frame = TextFrame(id="f", story_id="s", x_pt=56.7, y_pt=56.7, width_pt=200, height_pt=300)
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文")}, stories={"s": story},
                    pages=[Page(id="p", frames=[frame])])


def _json() -> dict[str, Any]:
    return encode_document(_document())


def _write_folder(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "document.json").write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return folder


def _refused(path: Path, *fragments: str) -> str:
    """Loading fails fast, leaving the file as it was, with one line of Chinese holding every fragment."""
    start = time.perf_counter()
    message = _assert_refused(path, *fragments)
    elapsed = time.perf_counter() - start
    assert "\n" not in message, message
    assert elapsed < FAST_S, f"{elapsed:.1f} s: {message}"
    return message


def _refused_both_ways(tmp_path: Path, text: str | bytes, *fragments: str) -> None:
    """As a folder project and as a zip."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    _refused(_write_folder(tmp_path / "folder", raw), *fragments)
    _refused(_write_zip(tmp_path / "issue.banmian", {"document.json": raw}), *fragments)


def _with(path: list[Any], value_json: str) -> str:
    """``document.json`` of the small document with the value at ``path`` replaced by raw JSON text.

    Raw text, so that what Python's json cannot write (1e400, a 5,000-digit
    integer, a lone surrogate escape) can be tested as a file would hold it.
    """
    data = _json()
    marker = "@@VALUE@@"
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = marker
    return json.dumps(data, ensure_ascii=False).replace(json.dumps(marker), value_json)


_FRAME = ["document", "pages", 0, "frames", 0]
_ISSUE = ["document", "issue"]

# ---------------------------------------------------------------- every field has a rule


def _model_classes() -> list[type]:
    """Every dataclass reachable from ``Document`` through its fields' types (frames by kind)."""
    found: list[type] = []
    pending: list[Any] = [Document, *Frame.__subclasses__()]
    while pending:
        hint = pending.pop()
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            if hint in found:
                continue
            found.append(hint)
            pending.extend(typing.get_type_hints(hint).values())
        else:
            pending.extend(typing.get_args(hint))
    return found


def _plain(hint: Any) -> Any:
    """``X`` for ``X | None``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if typing.get_origin(hint) in (typing.Union, type(int | None)) and len(args) == 1 else hint


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_every_number_text_and_list_field_declares_its_limit(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        hint = _plain(hints[field.name])
        rule = rule_of(field)
        where = f"{cls.__name__}.{field.name}"
        if hint in (int, float):
            assert isinstance(rule, NumberRange), f"{where} declares no range"
            assert rule.low <= rule.high and all(abs(v) < 1e9 for v in (rule.low, rule.high)), where
            if hint is int:
                assert float(rule.low).is_integer() and float(rule.high).is_integer(), where
        elif hint is str:
            assert isinstance(rule, TextRule) and 0 < rule.max_chars <= limits.MAX_CHARACTERS, \
                f"{where} declares no length"
        elif typing.get_origin(hint) in (list, dict):
            assert isinstance(rule, CountRule) and rule.max_items > 0, f"{where} declares no count"
            if typing.get_origin(hint) is dict:
                assert isinstance(rule.keys, TextRule), f"{where} declares no rule for its keys"
        else:
            assert hint is bool or typing.get_origin(hint) is typing.Literal or dataclasses.is_dataclass(hint), \
                f"{where}: a kind of value the limits do not cover"


def test_the_walk_reaches_every_class_the_codec_builds() -> None:
    from editor.model import codec

    assert set(codec._KNOWN_CLASSES) <= set(_model_classes())


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(("where", "raw", "named"), [
    (_FRAME + ["width_pt"], "1e400", "有限"),
    (_FRAME + ["x_pt"], "-1e400", "有限"),
    (_FRAME + ["height_pt"], "Infinity", "有限"),
    (_FRAME + ["y_pt"], "-Infinity", "有限"),
    (_FRAME + ["gutter_pt"], "NaN", "有限"),
    (_FRAME + ["width_pt"], "1" + "0" * 400, "数值过大"),
    (_FRAME + ["columns"], "9" * 5000, "数值过大"),
    (_FRAME + ["width_pt"], "14400.5", "应在 0 到 14400 之间"),
    (_FRAME + ["x_pt"], "-1e300", "应在 -14400 到 14400 之间"),
    (_FRAME + ["columns"], "13", "应在 1 到 12 之间"),
    (_ISSUE + ["year"], "123456789012345678901234567890", "应在 1 到 9999 之间"),
    (_ISSUE + ["number"], "-1", "应在 0 到 1000000 之间"),
    (["document", "paragraph_styles", "正文", "size_pt"], "0", "应在 1 到 1638 之间"),
    (["document", "paragraph_styles", "正文", "leading_pt"], "1e-300", "应在 1 到 1584 之间"),
    (["document", "page_width_pt"], "1e308", "应在 1 到 14400 之间"),
])
def test_a_number_out_of_range_or_not_finite_is_refused_naming_its_place(
    tmp_path: Path, where: list[Any], raw: str, named: str
) -> None:
    place = "document" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in where[1:])
    _refused_both_ways(tmp_path, _with(where, raw), f"项目文件内容有误：{place} ", named)


def test_numbers_inside_the_ranges_load(tmp_path: Path) -> None:
    text = _with(_FRAME + ["width_pt"], "14400")
    doc = load_project(_write_folder(tmp_path / "ok", text))
    assert doc.pages[0].frames[0].width_pt == 14400.0


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(("where", "raw", "named"), [
    (_ISSUE + ["title"], json.dumps("刊名\u0007"), "U+0007"),
    (_ISSUE + ["publisher"], json.dumps("党群\x00工作部"), "U+0000"),
    (_ISSUE + ["title"], json.dumps("两行\n刊名"), "U+000A"),
    (_ISSUE + ["date"], json.dumps("2021\t09"), "U+0009"),
    (_ISSUE + ["title"], '"\\ud800刊名"', "不成对的代理字符"),
    (_ISSUE + ["title"], '"刊名\\udfff"', "不成对的代理字符"),
    (_ISSUE + ["title"], json.dumps("刊名\ufffe"), "U+FFFE"),
    (_ISSUE + ["title"], json.dumps("刊名\u2028"), "U+2028"),
    (_ISSUE + ["title"], json.dumps("刊" * 256), "过长（256 个字符，最多 200 个）"),
    (["document", "stories", "s", "paragraphs", 0, "runs", 0, "text"], json.dumps("正文\x1b[31m"), "U+001B"),
    (["document", "stories", "s", "paragraphs", 0, "runs", 0, "text"], json.dumps("正文\x85"), "U+0085"),
    (["document", "stories", "s", "name"], json.dumps("名" * 201), "过长"),
    (_FRAME + ["id"], json.dumps("框" * 101), "过长"),
    (["document", "paragraph_styles", "正文", "font_family"], json.dumps("宋体\x7f"), "U+007F"),
])
def test_text_with_forbidden_characters_or_too_long_is_refused_naming_its_place(
    tmp_path: Path, where: list[Any], raw: str, named: str
) -> None:
    place = "document" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in where[1:])
    _refused_both_ways(tmp_path, _with(where, raw), place, named)


def test_run_text_may_hold_line_breaks_and_tabs(tmp_path: Path) -> None:
    text = _with(["document", "stories", "s", "paragraphs", 0, "runs", 0, "text"], json.dumps("第一行\n第二行\t完"))
    doc = load_project(_write_folder(tmp_path / "ok", text))
    assert doc.stories["s"].paragraphs[0].runs[0].text == "第一行\n第二行\t完"


def test_a_key_with_a_control_character_is_refused_and_the_message_stays_one_line(tmp_path: Path) -> None:
    data = _json()
    data["document"]["colors"] = {"党建\n红": "#C00000"}
    message = _refused(_write_folder(tmp_path / "f", json.dumps(data, ensure_ascii=False)), "document.colors", "U+000A")
    assert "\n" not in message


def test_a_key_ten_thousand_characters_long_gives_a_short_message(tmp_path: Path) -> None:
    data = _json()
    data["document"]["stories"]["s"]["paragraphs"][0]["runs"][0]["char_style"] = "样" * 10_000
    message = _refused(_write_folder(tmp_path / "f", json.dumps(data, ensure_ascii=False)), "过长")
    assert len(message) < 300


# ---------------------------------------------------------------- counts


def _many(count: int, item: str) -> str:
    return "[" + ",".join([item] * count) + "]"


def test_a_hundred_thousand_pages_are_refused_before_they_are_built(tmp_path: Path) -> None:
    text = _with(["document", "pages"], _many(100_000, '{"id": "p"}'))
    _refused_both_ways(tmp_path, text, "document.pages 条目过多（100,000 个，最多 500 个）")


def test_a_hundred_thousand_frames_on_a_page_are_refused_before_they_are_built(tmp_path: Path) -> None:
    frame = '{"type": "shape", "id": "x", "x_pt": 0, "y_pt": 0, "width_pt": 1, "height_pt": 1}'
    text = _with(["document", "pages", 0, "frames"], _many(100_000, frame))
    _refused_both_ways(tmp_path, text, f"document.pages[0].frames 条目过多（100,000 个，最多 {limits.MAX_FRAMES_PER_PAGE} 个）")


def test_frames_adding_up_past_the_total_over_pages_are_refused(tmp_path: Path) -> None:
    per_page = limits.MAX_FRAMES_PER_PAGE
    pages = []
    for p in range(limits.MAX_FRAMES // per_page + 1):
        frames = ",".join(
            f'{{"type": "shape", "id": "b{p}-{k}", "x_pt": 0, "y_pt": 0, "width_pt": 1, "height_pt": 1}}'
            for k in range(per_page))
        pages.append(f'{{"id": "p{p}", "frames": [{frames}]}}')
    text = _with(["document", "pages"], "[" + ",".join(pages) + "]")
    _refused_both_ways(tmp_path, text, "使整个文档的框超过")


def test_runs_adding_up_past_the_total_are_refused(tmp_path: Path) -> None:
    paragraph = '{"style": "正文", "runs": ' + _many(limits.MAX_RUNS // 10 + 1, '{"text": "字"}') + "}"
    text = _with(["document", "stories", "s", "paragraphs"], _many(10, paragraph))
    _refused_both_ways(tmp_path, text, "使整个文档的文字片段超过")


def test_field_runs_count_as_the_text_they_show(tmp_path: Path) -> None:
    # 2,000 runs showing a title of 200 characters set 400,000 characters from a small file.
    data = _json()
    data["document"]["issue"]["title"] = "刊" * 200
    data["document"]["stories"]["s"]["paragraphs"][0]["runs"] = [{"field": "title"}] * 2_000
    _refused_both_ways(tmp_path, json.dumps(data, ensure_ascii=False), "document.stories 文字过多")


def test_too_many_different_characters_are_refused(tmp_path: Path) -> None:
    data = _json()
    text = "".join(chr(0x4E00 + i) for i in range(limits.MAX_DISTINCT_CHARACTERS + 1))
    data["document"]["stories"]["s"]["paragraphs"][0]["runs"] = [{"text": text}]
    _refused_both_ways(tmp_path, json.dumps(data, ensure_ascii=False), "不同字符过多")


def test_a_million_tiny_values_are_refused_before_python_builds_them(tmp_path: Path) -> None:
    text = _with(["document", "colors"], _many(2_000_000, "{}"))
    path = _write_zip(tmp_path / "values.banmian", {"document.json": text.encode()})
    _, peak = _peak_bytes(lambda: _refused(path, "条目过多"))
    assert peak < 40 * 1024 * 1024  # the file's bytes and one copy, not 2,000,000 dicts (~150 MB)


def test_commas_inside_text_do_not_count_as_values(tmp_path: Path) -> None:
    data = _json()
    data["document"]["stories"]["s"]["paragraphs"][0]["runs"] = [{"text": ",[{" * 60_000}]
    doc = load_project(_write_folder(tmp_path / "f", json.dumps(data, ensure_ascii=False)))
    assert doc.stories["s"].paragraphs[0].runs[0].text == ",[{" * 60_000


# ---------------------------------------------------------------- zips


def test_a_photo_member_that_would_inflate_twentyfold_is_refused_uninflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zeros = bytes(32 * 1024 * 1024)  # within the size limits: only the ratio gives it away
    name = project.asset_name(zeros, ".jpg")
    data = _json()
    data["document"]["assets"] = [name]
    path = _write_zip(tmp_path / "bomb.banmian", {"document.json": json.dumps(data).encode(), f"assets/{name}": zeros})
    del zeros
    assert path.stat().st_size < 200 * 1024
    reads: list[int] = []
    real_read = zipfile.ZipExtFile.read
    monkeypatch.setattr(zipfile.ZipExtFile, "read", lambda self, n=-1: reads.append(n) or real_read(self, n))
    _refused(path, f"assets/{name}", "压缩炸弹")
    assert reads == []


def test_photos_stored_as_they_are_load_at_any_ratio(tmp_path: Path) -> None:
    blob = bytes(2 * 1024 * 1024)  # stored, not deflated: ratio 1, as Banmian writes photos
    doc = _document()
    name = project.asset_name(blob, ".png")
    doc.assets = {name: blob}
    path = tmp_path / "stored.banmian"
    path.write_bytes(project_zip_bytes(doc))
    assert load_project(path).assets == {name: blob}


# ---------------------------------------------------------------- folders: links and odd files


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs as POSIX makes them")
class TestFolderLinks:
    def _folder(self, tmp_path: Path) -> Path:
        folder = tmp_path / "issue"
        folder.mkdir()
        return folder

    def test_document_json_in_a_link_loop_is_refused(self, tmp_path: Path) -> None:
        folder = self._folder(tmp_path)
        (folder / "document.json").symlink_to(folder / "loop")
        (folder / "loop").symlink_to(folder / "document.json")
        _refused(folder, "无法打开“issue”")

    def test_document_json_linking_outside_the_folder_is_refused(self, tmp_path: Path) -> None:
        outside = _write_folder(tmp_path / "elsewhere", json.dumps(_json()))
        folder = self._folder(tmp_path)
        (folder / "document.json").symlink_to(outside / "document.json")
        _refused(folder, "项目文件夹以外")

    def test_document_json_as_a_fifo_is_refused_without_waiting(self, tmp_path: Path) -> None:
        folder = self._folder(tmp_path)
        os.mkfifo(folder / "document.json")
        _refused(folder, "不是普通文件")

    def test_document_json_as_a_folder_is_refused(self, tmp_path: Path) -> None:
        folder = self._folder(tmp_path)
        (folder / "document.json").mkdir()
        _refused(folder, "不是普通文件")

    def test_a_project_path_in_a_link_loop_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "a.banmian").symlink_to(tmp_path / "b.banmian")
        (tmp_path / "b.banmian").symlink_to(tmp_path / "a.banmian")
        _refused(tmp_path / "a.banmian", "链接")

    def test_a_fifo_as_the_project_file_is_refused_without_waiting(self, tmp_path: Path) -> None:
        os.mkfifo(tmp_path / "issue.banmian")
        _refused(tmp_path / "issue.banmian", "不是普通文件")

    def _folder_with_photo(self, tmp_path: Path) -> tuple[Path, Path, str]:
        """A folder project naming one photo (not yet in ``assets/``), and a file outside it."""
        secret = tmp_path / "secret.jpg"
        secret.write_bytes(b"not part of the project")
        name = project.asset_name(secret.read_bytes(), ".jpg")
        data = _json()
        data["document"]["assets"] = [name]
        return _write_folder(tmp_path / "issue", json.dumps(data)), secret, name

    @pytest.mark.parametrize("kind", ["photo", "assets folder"])
    def test_a_photo_linking_outside_the_folder_is_refused(self, tmp_path: Path, kind: str) -> None:
        folder, secret, name = self._folder_with_photo(tmp_path)
        if kind == "assets folder":
            (tmp_path / "other").mkdir()
            (tmp_path / "other" / name).write_bytes(secret.read_bytes())
            (folder / "assets").symlink_to(tmp_path / "other")
        else:
            (folder / "assets").mkdir()
            (folder / "assets" / name).symlink_to(secret)
        message = _refused(folder, "无法打开“issue”", f"图片 {name}", "指向项目文件夹以外的链接", "已拒绝打开")
        assert str(secret) not in message  # the message names the photo, not where the link leads

    @pytest.mark.parametrize("kind", ["loop", "fifo", "folder"])
    def test_a_photo_that_is_an_odd_file_or_a_link_loop_shows_as_missing(self, tmp_path: Path, kind: str) -> None:
        folder, _, name = self._folder_with_photo(tmp_path)
        photo = folder / "assets" / name
        (folder / "assets").mkdir()
        if kind == "loop":
            photo.symlink_to(folder / "assets" / "x.jpg")
            (folder / "assets" / "x.jpg").symlink_to(photo)
        elif kind == "fifo":
            os.mkfifo(photo)
        else:
            photo.mkdir()
        start = time.perf_counter()
        doc = load_project(folder)
        assert time.perf_counter() - start < FAST_S
        assert doc.assets == {}  # the frame shows a placeholder, as for a lost photo

    def test_a_photo_linked_inside_the_folder_loads(self, tmp_path: Path) -> None:
        blob = b"\xff\xd8\xff\xe0 a photo kept elsewhere in the project"
        name = project.asset_name(blob, ".jpg")
        data = _json()
        data["document"]["assets"] = [name]
        folder = _write_folder(tmp_path / "issue", json.dumps(data))
        (folder / "originals").mkdir()
        (folder / "originals" / "IMG_2041.jpg").write_bytes(blob)
        (folder / "assets").mkdir()
        (folder / "assets" / name).symlink_to(folder / "originals" / "IMG_2041.jpg")
        assert load_project(folder).assets == {name: blob}


# ---------------------------------------------------------------- the largest documents


def test_the_longest_document_json_the_limits_allow_fits_the_loader_and_loads(tmp_path: Path) -> None:
    from tests.largest_documents import case_json

    doc = case_json()
    raw = project.document_json_bytes(doc)
    assert len(raw) <= project.MAX_DOCUMENT_JSON_BYTES
    assert project._json_values_at_most(raw) <= project.MAX_JSON_VALUES
    path = tmp_path / "largest.banmian"
    project.save_project(doc, path)
    loaded = load_project(path)
    assert len(loaded.pages) == limits.MAX_PAGES
    assert sum(len(page.frames) for page in loaded.pages) == limits.MAX_FRAMES
    assert loaded == doc


def test_the_docx_title_of_the_longest_issue_fields_fits_word_s_255_characters() -> None:
    issue = Document().issue
    longest = dataclasses.replace(issue, title="刊" * limits.TITLE_TEXT.max_chars, year=int(limits.YEAR.high),
                                  number=int(limits.ISSUE_NUMBER.high))
    assert len(Document(issue=longest).pdf_title()) <= 255
    assert limits.TITLE_TEXT.max_chars <= 255  # the publisher is Word's author, the title its subject


def test_refusing_keeps_the_file_untouched(tmp_path: Path) -> None:
    path = _write_zip(tmp_path / "x.banmian", {"document.json": _with(_FRAME + ["width_pt"], "1e400").encode()})
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    _refused(path, "有限")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_document_built_in_memory_reads_back_from_bytes() -> None:
    # The smallest document of these tests is valid, so every refusal above is the change made to it.
    assert load_project_bytes(project_zip_bytes(_document())) == _document()


def load_project_bytes(data: bytes) -> Document:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.banmian"
        path.write_bytes(data)
        return load_project(path)



