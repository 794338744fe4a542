"""Project files: round trips, damaged and hostile files, failed saves, migrations, the format doc.

Everything generated goes under ``tmp_path``. A file that fails to open is
checked to be byte-for-byte and mtime-for-mtime what it was before.
"""

from __future__ import annotations

import copy
import dataclasses
import errno
import hashlib
import io
import json
import os
import re
import stat
import struct
import tempfile
import tracemalloc
import typing
import zipfile
import zlib
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import editor
from editor.errors import ProjectFileError
from editor.io import atomic, project
from editor.io.project import (
    ASSET_NAME,
    asset_name,
    load_project,
    project_zip_bytes,
    save_project,
    save_project_folder,
)
from editor.model import (
    FIELD_LABELS,
    Caption,
    CharacterStyle,
    Document,
    ImageFrame,
    Insets,
    IssueFields,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
    TextWrap,
    codec,
    limits,
    migrations,
)
from editor.model.codec import encode_document
from editor.model.frames import Frame

FORMAT_DOC = editor.PROJECT_ROOT / "docs" / "format.md"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FILE_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# ---------------------------------------------------------------- strategies

_CHINESE = "中文排版新闻通讯党群工作期号铝股份，。、：；！？“”‘’《》（）——……·"
#: Any character a document may hold: no controls, lone surrogates, U+FFFE/U+FFFF or
#: Unicode line separators (a line break in run text is "\n").
_ALLOWED_CHARACTER = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufffe\uffff"
)
_TEXT = st.text(st.one_of(_ALLOWED_CHARACTER, st.sampled_from(_CHINESE + "\n\t ")), max_size=24)
_LINE = st.text(st.one_of(_ALLOWED_CHARACTER, st.sampled_from(_CHINESE + " ")), max_size=24)
_NAMES = st.text(st.one_of(_ALLOWED_CHARACTER, st.sampled_from(_CHINESE)), min_size=1, max_size=8)
#: Ids of stories, frames and pages: names without "@", which marks master instances (``<item>@<page>``).
_IDS = _NAMES.filter(lambda name: "@" not in name)
_POSITION = st.floats(min_value=-5000, max_value=5000, allow_nan=False)
_LENGTH = st.floats(min_value=0, max_value=2000, allow_nan=False)
_PAGE_SIDE = st.floats(min_value=1, max_value=2000, allow_nan=False)
_FONT_SIZE = st.floats(min_value=1, max_value=500, allow_nan=False)
_STROKE = st.floats(min_value=0, max_value=100, allow_nan=False)
_SMALL_FLOAT = st.floats(min_value=-500, max_value=500, allow_nan=False)
_YEAR = st.integers(min_value=1, max_value=9999)
_ISSUE_NUMBER = st.integers(min_value=0, max_value=100_000)
_HEX = st.integers(0, 0xFFFFFF).flatmap(lambda v: st.sampled_from([f"#{v:06X}", f"#{v:06x}"]))
_EXTENSIONS = st.sampled_from(["jpg", "JPEG", ".png", "webp", "tif", "tiff", "bmp", "gif", "heic", "heif", "", "jfif"])


def _insets() -> st.SearchStrategy[Insets]:
    return st.builds(Insets, top_pt=_SMALL_FLOAT, right_pt=_SMALL_FLOAT, bottom_pt=_SMALL_FLOAT, left_pt=_SMALL_FLOAT)


def _text_wrap() -> st.SearchStrategy[TextWrap]:
    return st.builds(TextWrap, mode=st.sampled_from(["none", "around"]), gap_pt=_LENGTH)


def _frame_geometry(frame_id: str) -> dict[str, Any]:
    """Keyword strategies shared by every frame type."""
    return {
        "id": st.just(frame_id), "x_pt": _POSITION, "y_pt": _POSITION, "width_pt": _LENGTH,
        "height_pt": _LENGTH, "locked": st.booleans(), "wrap": _text_wrap(),
    }


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Valid documents of every shape the model allows, Chinese text included."""
    colors = draw(st.dictionaries(_NAMES, _HEX, max_size=3))
    color = st.one_of(_HEX, st.sampled_from(sorted(colors))) if colors else _HEX
    maybe_color = st.none() | color

    paragraph_style_names = draw(st.lists(_NAMES, min_size=1, max_size=3, unique=True))
    paragraph_styles = {
        name: draw(st.builds(
            ParagraphStyle, name=st.just(name), font_family=_NAMES, bold=st.booleans(),
            size_pt=_FONT_SIZE, leading_pt=_FONT_SIZE, color=color,
            alignment=st.sampled_from(["left", "center", "right", "justify"]),
            first_line_indent_chars=st.floats(-50, 50), left_indent_pt=_SMALL_FLOAT,
            right_indent_pt=_SMALL_FLOAT, space_before_pt=_LENGTH, space_after_pt=_LENGTH,
            letter_spacing_em=st.floats(-1, 10), keep_with_next=st.booleans(),
            kinsoku=st.sampled_from(["none", "basic", "gb", "strict"]),
            compress_punctuation=st.booleans(), avoid_single_char_last_line=st.booleans(),
        ))
        for name in paragraph_style_names
    }
    character_style_names = draw(st.lists(_NAMES, max_size=3, unique=True))
    character_styles = {
        name: draw(st.builds(
            CharacterStyle, name=st.just(name), font_family=st.none() | _NAMES,
            bold=st.none() | st.booleans(), size_pt=st.none() | _FONT_SIZE, color=maybe_color,
        ))
        for name in character_style_names
    }
    char_style = st.none() | st.sampled_from(character_style_names) if character_style_names else st.none()
    run = st.one_of(
        st.builds(Run, text=_TEXT, char_style=char_style),
        st.builds(Run, field=st.sampled_from(sorted(FIELD_LABELS)), char_style=char_style),
    )
    paragraph = st.builds(
        Paragraph, style=st.sampled_from(paragraph_style_names), runs=st.lists(run, max_size=4)
    )
    story_ids = draw(st.lists(_IDS, max_size=4, unique=True))
    stories = {
        story_id: Story(id=story_id, name=draw(_LINE), paragraphs=draw(st.lists(paragraph, max_size=3)))
        for story_id in story_ids
    }

    blobs = draw(st.lists(st.tuples(st.binary(max_size=300), _EXTENSIONS), max_size=3))
    assets = {asset_name(blob, extension): blob for blob, extension in blobs}
    missing_asset = "0" * 32 + ".jpg"  # a photo the file lost: allowed, shown as a placeholder
    asset_choice = st.none() | st.sampled_from(sorted(assets) + [missing_asset])

    frame_count = draw(st.integers(0, 10))
    frame_ids = iter(draw(st.lists(_IDS, min_size=frame_count + 12, max_size=frame_count + 12, unique=True)))
    frames: list[Frame] = []
    # Each story flows through at most one chain of linked text frames.
    for story_id in story_ids:
        chain = [
            draw(st.builds(
                TextFrame, **_frame_geometry(next(frame_ids)), story_id=st.just(story_id),
                columns=st.integers(1, 12), gutter_pt=_LENGTH, insets=_insets(),
                vertical_align=st.sampled_from(["top", "center", "bottom"]), fill=maybe_color,
                stroke=maybe_color, stroke_width_pt=_STROKE,
            ))
            for _ in range(draw(st.integers(0, 3)))
        ]
        for before, after in pairwise(chain):
            before.next_frame_id = after.id
        frames.extend(chain)
    caption = (
        st.none() | st.builds(
            Caption, story_id=st.sampled_from(story_ids),
            placement=st.sampled_from(["below", "above", "left", "right"]), gap_pt=_LENGTH, extent_pt=_LENGTH,
        )
        if story_ids else st.none()
    )
    for _ in range(frame_count):
        frame_id = next(frame_ids)
        frames.append(draw(st.one_of(
            st.builds(
                ImageFrame, **_frame_geometry(frame_id), asset=asset_choice,
                fit=st.sampled_from(["fill", "fit", "original"]),
                zoom=st.floats(min_value=0.01, max_value=100), offset_x_pt=_SMALL_FLOAT,
                offset_y_pt=_SMALL_FLOAT, rotation_deg=st.integers(-4, 8).map(lambda k: 90 * k),
                caption=caption, stroke=maybe_color, stroke_width_pt=_STROKE,
            ),
            st.builds(
                ShapeFrame, **_frame_geometry(frame_id), shape=st.sampled_from(["rule", "box"]),
                fill=maybe_color, stroke=maybe_color, stroke_width_pt=_STROKE,
            ),
        )))
    page_ids = draw(st.lists(_IDS, min_size=1 if frames else 0, max_size=3, unique=True))
    pages = [Page(id=page_id) for page_id in page_ids]
    for frame in draw(st.permutations(frames)):
        pages[draw(st.integers(0, len(pages) - 1))].frames.append(frame)

    issue = draw(st.builds(
        IssueFields, title=_LINE, year=_YEAR, number=_ISSUE_NUMBER, total_number=_ISSUE_NUMBER,
        date=st.one_of(st.dates().map(str), _LINE), publisher=_LINE,
    ))
    return Document(
        page_width_pt=draw(_PAGE_SIDE), page_height_pt=draw(_PAGE_SIDE), margins=draw(_insets()),
        bleed_pt=draw(st.floats(0, 100)), issue=issue, colors=colors, paragraph_styles=paragraph_styles,
        character_styles=character_styles, stories=stories, pages=pages, assets=assets,
    )


# ---------------------------------------------------------------- helpers


def _fresh_dir(parent: Path) -> Path:
    """A new empty folder under ``parent`` (one per Hypothesis example)."""
    return Path(tempfile.mkdtemp(dir=parent))


def _snapshot(root: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file under ``root`` (or ``root`` itself) with its bytes and mtime; folders as None.

    A folder's own mtime is left out: creating and removing a temporary file
    beside the target changes it without changing any file.
    """
    paths = [root, *sorted(root.rglob("*"))] if root.is_dir() else [root]
    return {
        str(path.relative_to(root) if path != root else "."): (
            (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
        )
        for path in paths
    }


def _assert_refused(path: Path, *fragments: str) -> str:
    """Loading ``path`` fails with a Chinese ProjectFileError and leaves it untouched."""
    watched = path.parent if path.is_file() else path
    before = _snapshot(watched)
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    message = caught.value.message
    assert _CJK.search(message), message
    for fragment in fragments:
        assert fragment in message, message
    assert _snapshot(watched) == before
    return message


def _write_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip with exactly these member names, unsanitised (zipfile keeps ``../`` on write)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compression
            archive.writestr(info, data)
    return path


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _peak_bytes(action: Callable[[], Any]) -> tuple[Any, int]:
    """What ``action`` returns, and the most memory Python held for it at once."""
    tracemalloc.start()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def _write_folder(folder: Path, document_json: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "document.json").write_bytes(document_json)
    return folder


def _small_document() -> Document:
    """One of everything, linked and captioned: the base for hand-edited variants."""
    photo = b"\xff\xd8\xff\xe0 not really a jpeg"
    photo_name = asset_name(photo, ".jpg")
    return Document(
        colors={"党建红": "#C00000"},
        paragraph_styles={"正文": ParagraphStyle(name="正文"), "图注": ParagraphStyle(name="图注", color="党建红")},
        character_styles={"强调": CharacterStyle(name="强调", bold=True)},
        stories={
            "s-body": Story(id="s-body", name="头条", paragraphs=[Paragraph(style="正文", runs=[
                Run(text="本期第"), Run(field="number"), Run(text="期，共同学习。", char_style="强调"),
            ])]),
            "s-cap": Story(id="s-cap", paragraphs=[Paragraph(style="图注", runs=[Run(text="图为活动现场")])]),
        },
        pages=[Page(id="p1", frames=[
            TextFrame(id="f1", x_pt=56.7, y_pt=56.7, width_pt=200, height_pt=300, story_id="s-body",
                      next_frame_id="f2", columns=2),
            TextFrame(id="f2", x_pt=300, y_pt=56.7, width_pt=200, height_pt=300, story_id="s-body"),
            ImageFrame(id="i1", x_pt=56.7, y_pt=400, width_pt=200, height_pt=150, asset=photo_name,
                       caption=Caption(story_id="s-cap")),
            ShapeFrame(id="r1", x_pt=56.7, y_pt=380, width_pt=480, height_pt=0, shape="rule", stroke="党建红"),
        ])],
        assets={photo_name: photo},
    )


def _small_document_json() -> dict[str, Any]:
    return encode_document(_small_document())


# ---------------------------------------------------------------- round trips


@_FILE_SETTINGS
@given(doc=documents())
def test_saved_zip_project_loads_back_equal(tmp_path: Path, doc: Document) -> None:
    path = _fresh_dir(tmp_path) / "issue.banmian"
    save_project(doc, path)
    loaded = load_project(path)
    assert loaded == doc
    assert project_zip_bytes(loaded) == path.read_bytes()  # saving is deterministic


@_FILE_SETTINGS
@given(doc=documents(), later=documents())
def test_saved_folder_project_loads_back_equal_and_drops_stale_photos(
    tmp_path: Path, doc: Document, later: Document
) -> None:
    folder = _fresh_dir(tmp_path) / "issue"
    save_project_folder(doc, folder)
    assert load_project(folder) == doc
    (folder / "notes.txt").write_text("编辑备忘", encoding="utf-8")
    save_project(later, folder)  # an existing folder is saved as a folder
    assert load_project(folder) == later
    assert sorted(p.name for p in (folder / "assets").iterdir()) == sorted(later.assets)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "编辑备忘"
    assert not list(folder.rglob("*.tmp"))


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=64), suffix=st.text(max_size=8))
def test_every_asset_name_is_one_loading_accepts(data: bytes, suffix: str) -> None:
    name = asset_name(data, suffix)
    assert ASSET_NAME.match(name)
    assert name.startswith(hashlib.sha256(data).hexdigest()[:32])


def test_asset_with_unknown_extension_survives_a_round_trip(tmp_path: Path) -> None:
    doc = _small_document()
    blob = b"photo without extension"
    doc.assets[asset_name(blob, "")] = blob
    save_project(doc, tmp_path / "x.banmian")
    assert load_project(tmp_path / "x.banmian") == doc


@pytest.mark.parametrize("bad_name", ["../../evil.jpg", "/tmp/evil.jpg", "0123456789abcdef0123.jpg\n", "photo.jpg"])
def test_saving_refuses_an_asset_name_that_could_not_be_loaded(tmp_path: Path, bad_name: str) -> None:
    doc = _small_document()
    doc.assets[bad_name] = b"x"
    before = _snapshot(tmp_path)
    for save, target in ((save_project, tmp_path / "x.banmian"), (save_project_folder, tmp_path / "folder")):
        with pytest.raises(ProjectFileError) as caught:
            save(doc, target)
        assert _CJK.search(caught.value.message)
    assert _snapshot(tmp_path) == before


def test_sample_project_round_trips(tmp_path: Path) -> None:
    sample = editor.SAMPLE_PROJECT
    before = _snapshot(sample)
    doc = load_project(sample)
    assert _snapshot(sample) == before
    save_project(doc, tmp_path / "copy.banmian")
    assert load_project(tmp_path / "copy.banmian") == doc
    save_project_folder(doc, tmp_path / "copy")
    assert load_project(tmp_path / "copy") == doc


# ---------------------------------------------------------------- damaged and foreign files


def _future_version_json() -> bytes:
    data = _small_document_json()
    data["format_version"] = migrations.CURRENT_FORMAT_VERSION + 1
    return _json_bytes(data)


def test_truncated_project_is_refused_and_untouched(tmp_path: Path) -> None:
    whole = project_zip_bytes(_small_document())
    for cut in (1, 22, len(whole) // 3, len(whole) // 2, len(whole) - 1):
        path = tmp_path / f"cut-{cut}.banmian"
        path.write_bytes(whole[:cut])
        _assert_refused(path)


def test_empty_project_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "empty.banmian"
    path.write_bytes(b"")
    _assert_refused(path, "空")


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "这是一个文本文件。".encode(), b"\x00" * 4096,
    b"PK\x03\x04" + b"\x00" * 100,
])
def test_non_zip_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "foreign.banmian"
    path.write_bytes(content)
    _assert_refused(path)


def test_zip_without_document_json_is_refused(tmp_path: Path) -> None:
    _assert_refused(_write_zip(tmp_path / "other.banmian", {"readme.txt": b"hi"}))
    _assert_refused(_write_zip(tmp_path / "bare.banmian", {"assets/": b""}), "document.json")


def test_future_format_version_is_refused_and_untouched(tmp_path: Path) -> None:
    newer = str(migrations.CURRENT_FORMAT_VERSION + 1)
    _assert_refused(_write_zip(tmp_path / "new.banmian", {"document.json": _future_version_json()}), newer, "升级")
    _assert_refused(_write_folder(tmp_path / "new", _future_version_json()), newer, "升级")


@pytest.mark.parametrize("document_json", [b"", b"{", b"\xff\xfe\x00{", b"[]", b"null", b'{"format_version": 1}'])
def test_damaged_document_json_in_a_folder_is_refused_and_untouched(tmp_path: Path, document_json: bytes) -> None:
    _assert_refused(_write_folder(tmp_path / "issue", document_json))


def test_corrupt_deflate_stream_is_refused(tmp_path: Path) -> None:
    whole = bytearray(project_zip_bytes(_small_document()))
    start = 30 + len("document.json")  # first byte of the compressed document.json
    whole[start:start + 8] = b"\xff" * 8
    path = tmp_path / "corrupt.banmian"
    path.write_bytes(bytes(whole))
    _assert_refused(path)


def test_encrypted_member_is_refused(tmp_path: Path) -> None:
    whole = bytearray(project_zip_bytes(_small_document()))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = whole.index(signature)
        struct.pack_into("<H", whole, at + flag_offset, 0x1)  # "encrypted"
    path = tmp_path / "locked.banmian"
    path.write_bytes(bytes(whole))
    _assert_refused(path)


def test_unsupported_compression_is_refused(tmp_path: Path) -> None:
    members = {"document.json": _json_bytes(_small_document_json())}
    _assert_refused(_write_zip(tmp_path / "lzma.banmian", members, zipfile.ZIP_LZMA), "压缩")


_SMALL_ZIP = project_zip_bytes(_small_document())
_CENTRAL = _SMALL_ZIP.index(b"PK\x01\x02")
#: Byte flips found once by chance, kept as explicit examples: a NUL in a member name
#: (zipfile cuts the name there), and a name flagged UTF-8 that is not UTF-8.
_NUL_IN_A_NAME = [(_CENTRAL + 46 + 3, 0)]
_NAME_FLAGGED_UTF8 = [(_CENTRAL + 9, 0x08), (_CENTRAL + 46 + 3, 0xFF)]


@settings(max_examples=150, deadline=None)
@given(
    length=st.none() | st.integers(0, len(_SMALL_ZIP) - 1),
    flips=st.lists(st.tuples(st.integers(0, len(_SMALL_ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=4),
)
@example(length=None, flips=_NUL_IN_A_NAME)
@example(length=None, flips=_NAME_FLAGGED_UTF8)
def test_any_corruption_of_a_project_gives_a_document_or_a_project_file_error(
    length: int | None, flips: list[tuple[int, int]]
) -> None:
    whole = bytearray(_SMALL_ZIP[:length])
    for at, value in flips:
        if at < len(whole):
            whole[at] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.banmian"
        path.write_bytes(bytes(whole))
        try:
            load_project(path)
        except ProjectFileError as problem:
            assert _CJK.search(problem.message)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a JSON tree: the places a value can be swapped."""
    if isinstance(node, dict):
        pairs = list(node.items())
    elif isinstance(node, list):
        pairs = list(enumerate(node))
    else:
        return []
    return [(node, key) for key, _ in pairs] + [slot for _, child in pairs for slot in _slots(child)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_value_anywhere_in_document_json_gives_a_document_or_a_project_file_error(data: st.DataObject) -> None:
    tree = _small_document_json()
    container, key = data.draw(st.sampled_from(_slots(tree)), label="slot")
    container[key] = data.draw(_JSON_VALUES, label="value")
    try:
        codec.decode_document(tree, {})
    except ProjectFileError as problem:
        assert _CJK.search(problem.message)


@pytest.mark.parametrize("flips", [_NUL_IN_A_NAME, _NAME_FLAGGED_UTF8], ids=["NUL in a name", "name not UTF-8"])
def test_a_damaged_member_name_gives_the_damaged_file_message(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    whole = bytearray(_SMALL_ZIP)
    for at, value in flips:
        whole[at] = value
    path = tmp_path / "damaged.banmian"
    path.write_bytes(bytes(whole))
    assert "已损坏" in _assert_refused(path)


def test_a_member_named_only_a_nul_gives_the_damaged_file_message(tmp_path: Path) -> None:
    # Found by the fuzz run: zipfile cuts the name at the NUL, leaving an empty name.
    buffer = io.BytesIO(project_zip_bytes(_small_document()))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("x", b"")
    patched = bytearray(buffer.getvalue())
    central = patched.rindex(b"PK\x01\x02")  # the last entry of the central directory: "x"
    patched[central + 46] = 0
    path = tmp_path / "nul-member.banmian"  # not "nul.banmian": on Windows that is the NUL device
    path.write_bytes(bytes(patched))
    assert "已损坏" in _assert_refused(path)


# ---------------------------------------------------------------- saves that fail


class _DiskFillsUp:
    """A file object that accepts ``budget`` bytes and then fails like a full disk."""

    def __init__(self, real: Any, budget: int) -> None:
        self._real = real
        self._budget = budget
        self.written = 0

    def write(self, data: bytes) -> int:
        room = self._budget - self.written
        if len(data) > room:
            self._real.write(bytes(data[:room]))
            self._real.flush()
            self.written += room
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(data)
        return self._real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _DiskFillsUp:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._real.close()


def _existing_project(tmp_path: Path) -> tuple[Path, Document, dict[str, tuple[bytes, int] | None]]:
    path = tmp_path / "issue.banmian"
    old = _small_document()
    save_project(old, path)
    return path, old, _snapshot(tmp_path)


def _bigger_document() -> Document:
    doc = _small_document()
    doc.issue.number = 29
    blob = os.urandom(20_000)  # stored, not deflated: the zip is at least this long
    doc.assets[asset_name(blob, ".png")] = blob
    return doc


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.5, 0.99])
def test_save_failing_partway_through_the_zip_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fraction: float
) -> None:
    path, old, before = _existing_project(tmp_path)
    new = _bigger_document()
    budget = int(len(project_zip_bytes(new)) * fraction)
    opened: list[_DiskFillsUp] = []
    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> _DiskFillsUp:
        opened.append(_DiskFillsUp(real_fdopen(fd, *args, **kwargs), budget))
        return opened[-1]

    monkeypatch.setattr(atomic.os, "fdopen", failing_fdopen)
    with pytest.raises(OSError) as caught:
        save_project(new, path)
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert opened and opened[0].written == budget  # it really failed midway, not before starting
    assert _snapshot(tmp_path) == before  # same files, same bytes, same mtimes: no temp left
    assert load_project(path) == old


def test_save_whose_replace_fails_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old, before = _existing_project(tmp_path)

    def broken_replace(source: Any, target: Any) -> None:
        assert Path(source).is_file() and Path(source).parent == tmp_path  # the temp is beside the target
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_project(_bigger_document(), path)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert load_project(path) == old


def test_save_gives_up_after_a_file_stays_locked_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old, before = _existing_project(tmp_path)
    attempts: list[str] = []

    def locked(source: Any, target: Any) -> None:
        attempts.append(str(source))
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(atomic, "_REPLACE_PAUSE_S", 0.0)
    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(PermissionError):
        save_project(_bigger_document(), path)
    monkeypatch.undo()
    assert len(attempts) == atomic._REPLACE_ATTEMPTS
    assert _snapshot(tmp_path) == before
    assert load_project(path) == old


def test_save_retries_while_another_program_briefly_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = _existing_project(tmp_path)
    real_replace = os.replace
    failures = iter([True, True, False])

    def briefly_locked(source: Any, target: Any) -> None:
        if next(failures):
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(source, target)

    monkeypatch.setattr(atomic, "_REPLACE_PAUSE_S", 0.0)
    monkeypatch.setattr(atomic.os, "replace", briefly_locked)
    new = _bigger_document()
    save_project(new, path)
    monkeypatch.undo()
    assert load_project(path) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.banmian"]


def test_save_interrupted_by_the_user_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, old, before = _existing_project(tmp_path)

    def interrupted(doc: Document) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(project, "document_json_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_project(_bigger_document(), path)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert load_project(path) == old


def test_folder_save_failing_at_document_json_keeps_the_old_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "issue"
    old = _small_document()
    save_project_folder(old, folder)
    old_json = (folder / "document.json").read_bytes()
    real_replace = os.replace

    def fail_on_document(source: Any, target: Any) -> None:
        if Path(target).name == "document.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", fail_on_document)
    with pytest.raises(OSError):
        save_project_folder(_bigger_document(), folder)
    monkeypatch.undo()
    assert (folder / "document.json").read_bytes() == old_json
    assert load_project(folder) == old
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_saving_keeps_the_file_permissions(tmp_path: Path) -> None:
    path, _, _ = _existing_project(tmp_path)
    path.chmod(0o640)
    save_project(_bigger_document(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.banmian"
    umask = os.umask(0o022)
    try:
        save_project(_small_document(), fresh)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not mkstemp's private 0600


# ---------------------------------------------------------------- hostile zips and limits


@pytest.mark.parametrize("member", [
    "../../x", "/tmp/x", "..\\..\\x", "assets/../../x", "assets\\..\\..\\x", "C:/x",
    "assets/0123456789abcdef0123456789abcdef.jpg\n", "assets/sub/0123456789abcdef.jpg", "document.json/x",
])
def test_zip_with_unsafe_member_name_is_refused_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, member: str
) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)  # "../../x" from here would land in tmp_path
    path = _write_zip(tmp_path / "evil.banmian", {"document.json": _json_bytes(_small_document_json()), member: b"x"})
    before = _snapshot(tmp_path)
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert "不安全" in caught.value.message
    assert _snapshot(tmp_path) == before


def test_folder_project_refuses_asset_names_that_leave_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"not yours")
    data = _small_document_json()
    data["document"]["assets"] = ["../secret.jpg"]
    _assert_refused(_write_folder(tmp_path / "issue", _json_bytes(data)), "不合规")


def _count_member_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many bytes each read of a zip member returns."""
    sizes: list[int] = []
    real_read = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = real_read(self, n)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return sizes


def test_document_json_expanding_past_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "MAX_DOCUMENT_JSON_BYTES", 256 * 1024)
    padded = _json_bytes(_small_document_json()) + b" " * (4 * 1024 * 1024)  # valid JSON, 4 MiB
    path = _write_zip(tmp_path / "big.banmian", {"document.json": padded})
    assert path.stat().st_size < 64 * 1024
    reads = _count_member_reads(monkeypatch)
    _assert_refused(path, "过大")
    assert sum(reads) == 0


def test_photo_expanding_past_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_ASSET_BYTES", 64 * 1024)
    doc = _small_document()
    blob = bytes(2 * 1024 * 1024)
    doc.assets = {asset_name(blob, ".png"): blob}
    path = tmp_path / "photo.banmian"
    path.write_bytes(_deflate_assets(project_zip_bytes(doc)))
    reads = _count_member_reads(monkeypatch)
    _assert_refused(path, "过大")
    assert sum(reads) == 0  # refused from the sizes the zip declares, before reading anything


def _deflate_assets(zip_bytes: bytes) -> bytes:
    """The same project with every member deflated (we store photos, a bomb would not)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_photos_adding_up_past_the_total_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_TOTAL_BYTES", 100 * 1024)
    doc = _small_document()
    for index in range(4):
        blob = bytes([index]) * (40 * 1024)
        doc.assets[asset_name(blob, ".png")] = blob
    path = tmp_path / "many.banmian"
    save_project(doc, path)
    _assert_refused(path, "过大")


def test_photos_adding_up_past_what_a_project_may_hold_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_PHOTOS_BYTES", 100 * 1024)  # the members' declared total is still within
    doc = _small_document()
    for index in range(4):
        blob = bytes([index]) * (40 * 1024)
        doc.assets[asset_name(blob, ".png")] = blob
    save_project(doc, tmp_path / "many.banmian")
    save_project_folder(doc, tmp_path / "many")
    _assert_refused(tmp_path / "many.banmian", "图片合计过大")
    _assert_refused(tmp_path / "many", "图片合计过大")


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project, "MAX_MEMBERS", 5)
    members = {"document.json": _json_bytes(_small_document_json())}
    members.update({f"assets/{index:032x}.png": b"x" for index in range(5)})
    _assert_refused(_write_zip(tmp_path / "crowded.banmian", members), "过多")


def test_zip_bomb_is_refused_with_the_real_limits_without_expanding_it(tmp_path: Path) -> None:
    bomb = bytes(project.MAX_DOCUMENT_JSON_BYTES + 8 * 1024 * 1024)  # 40 MiB of zeros
    path = _write_zip(tmp_path / "bomb.banmian", {"document.json": bomb})
    del bomb
    assert path.stat().st_size < 200 * 1024
    _, peak = _peak_bytes(lambda: _assert_refused(path, "过大"))
    assert peak < 4 * 1024 * 1024


def _lie_about_size(zip_bytes: bytes, member: str, declared_size: int, crc_of: bytes | None = None) -> bytes:
    """Rewrite ``member``'s uncompressed size (and optionally CRC) in both zip headers.

    Local header: CRC at +14, size at +22. Central directory entry: CRC at +16,
    size at +24. The compressed data is left as it is, so it expands to more
    than the headers now claim.
    """
    patched = bytearray(zip_bytes)
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        local = archive.getinfo(member).header_offset
    central = patched.index(b"PK\x01\x02")
    while patched[central + 46: central + 46 + len(member)] != member.encode():
        central = patched.index(b"PK\x01\x02", central + 4)
    for crc_at, size_at, start in ((14, 22, local), (16, 24, central)):
        struct.pack_into("<I", patched, start + size_at, declared_size)
        if crc_of is not None:
            struct.pack_into("<I", patched, start + crc_at, zlib.crc32(crc_of))
    return bytes(patched)


def test_member_whose_header_understates_its_size_is_refused_without_expanding_it(tmp_path: Path) -> None:
    expanded = _json_bytes(_small_document_json()) + b" " * (64 * 1024 * 1024)
    honest = _write_zip(tmp_path / "honest.banmian", {"document.json": expanded}).read_bytes()
    del expanded
    path = tmp_path / "liar.banmian"
    path.write_bytes(_lie_about_size(honest, "document.json", 1000))
    _, peak = _peak_bytes(lambda: _assert_refused(path))
    assert peak < 4 * 1024 * 1024


def test_reads_stop_at_the_declared_size_even_when_the_crc_is_forged(tmp_path: Path) -> None:
    doc = _small_document()
    photo_name = next(iter(doc.assets))
    real_photo = bytes(64 * 1024 * 1024)
    doc.assets[photo_name] = real_photo
    honest = _deflate_assets(project_zip_bytes(doc))
    del real_photo, doc
    path = tmp_path / "forged.banmian"
    path.write_bytes(_lie_about_size(honest, f"assets/{photo_name}", 1000, crc_of=bytes(1000)))
    loaded, peak = _peak_bytes(lambda: load_project(path))
    assert loaded.assets[photo_name] == bytes(1000)
    assert peak < 4 * 1024 * 1024


@pytest.mark.parametrize(
    "nesting",
    ["[" * 100_000, '{"a":' * 100_000, '{"format_version": 1, "document": ' + "[" * 100_000],
    ids=["lists", "objects", "inside-document"],
)
def test_deeply_nested_json_is_a_project_file_error(tmp_path: Path, nesting: str) -> None:
    _assert_refused(_write_zip(tmp_path / "deep.banmian", {"document.json": nesting.encode()}), "嵌套")
    _assert_refused(_write_folder(tmp_path / "deep", nesting.encode()), "嵌套")


def test_moderately_nested_json_inside_a_field_is_a_project_file_error(tmp_path: Path) -> None:
    data = _small_document_json()
    data["document"]["stories"]["s-body"]["paragraphs"] = json.loads("[" * 500 + "]" * 500)
    _assert_refused(_write_folder(tmp_path / "nested", _json_bytes(data)), "document.stories.s-body.paragraphs")


# ---------------------------------------------------------------- migrations


def test_every_older_format_version_has_a_migration() -> None:
    assert set(migrations.MIGRATIONS) == set(range(1, migrations.CURRENT_FORMAT_VERSION))


def _pretend_current_version(monkeypatch: pytest.MonkeyPatch, version: int) -> None:
    """What a format change does: bump the version the code reads and writes."""
    monkeypatch.setattr(migrations, "CURRENT_FORMAT_VERSION", version)
    monkeypatch.setattr(codec, "CURRENT_FORMAT_VERSION", version)


def test_old_format_version_is_upgraded_on_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend version 1 called the publisher "publisher_name" and version 2 renamed it.
    def rename_publisher(data: dict[str, Any]) -> dict[str, Any]:
        issue = data["document"]["issue"]
        issue["publisher"] = issue.pop("publisher_name")
        return data

    _pretend_current_version(monkeypatch, 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, rename_publisher)
    old = _small_document_json()
    old["format_version"] = 1
    old["document"]["issue"] = {"publisher_name": "宣传部", "number": 28}
    path = _write_zip(tmp_path / "v1.banmian", {"document.json": _json_bytes(old)})
    before = _snapshot(tmp_path)

    doc = load_project(path)

    assert doc.issue.publisher == "宣传部" and doc.issue.number == 28
    assert _snapshot(tmp_path) == before  # opening an old file never rewrites it
    save_project(doc, tmp_path / "v2.banmian")
    with zipfile.ZipFile(tmp_path / "v2.banmian") as archive:
        saved = json.loads(archive.read("document.json"))
    assert saved["format_version"] == 2 and saved["document"]["issue"]["publisher"] == "宣传部"
    assert load_project(tmp_path / "v2.banmian") == doc


def test_migrations_run_in_order_from_the_file_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[int] = []

    def step(version: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
        def upgrade(data: dict[str, Any]) -> dict[str, Any]:
            assert data["format_version"] == version
            applied.append(version)
            return data
        return upgrade

    _pretend_current_version(monkeypatch, 4)
    for version in (1, 2, 3):
        monkeypatch.setitem(migrations.MIGRATIONS, version, step(version))
    for start in (1, 3):
        data = _small_document_json()
        data["format_version"] = start
        applied.clear()
        loaded = load_project(_write_folder(tmp_path / f"v{start}", _json_bytes(data)))
        assert loaded == dataclasses.replace(_small_document(), assets={})  # the folder has no photos
        assert applied == list(range(start, 4))


def test_missing_migration_step_is_a_project_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pretend_current_version(monkeypatch, 2)
    monkeypatch.delitem(migrations.MIGRATIONS, 1, raising=False)
    data = _small_document_json()
    data["format_version"] = 1
    _assert_refused(_write_folder(tmp_path / "v1", _json_bytes(data)), "无法升级", "1")


# ---------------------------------------------------------------- hand-written document.json


def _frames(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["document"]["pages"][0]["frames"]


def _story(data: dict[str, Any], story_id: str) -> dict[str, Any]:
    return data["document"]["stories"][story_id]


_F = "document.pages[0].frames"
#: (what is wrong, how to make it wrong, what the message must name)
_HAND_WRITTEN_MISTAKES: list[tuple[str, Callable[[dict[str, Any]], Any], tuple[str, ...]]] = [
    ("text for a number", lambda d: d["document"].__setitem__("page_width_pt", "595"),
     ("document.page_width_pt", "应为数字")),
    ("NaN for a number", lambda d: d["document"].__setitem__("page_height_pt", float("nan")),
     ("document.page_height_pt", "有限")),
    ("true for an integer", lambda d: _frames(d)[0].__setitem__("columns", True), (f"{_F}[0].columns", "应为整数")),
    ("1.5 for an integer", lambda d: d["document"]["issue"].__setitem__("number", 1.5),
     ("document.issue.number", "应为整数")),
    ("number for a boolean", lambda d: _frames(d)[0].__setitem__("locked", 1), (f"{_F}[0].locked", "true 或 false")),
    ("unknown key in document", lambda d: d["document"].__setitem__("colour", {}), ("document", "未知", "colour")),
    ("unknown key in a frame", lambda d: _frames(d)[2].__setitem__("crop", 1), (f"{_F}[2]", "未知", "crop")),
    ("unknown key in a run", lambda d: _story(d, "s-body")["paragraphs"][0]["runs"][0].__setitem__("bold", True),
     ("document.stories.s-body.paragraphs[0].runs[0]", "bold")),
    ("missing frame id", lambda d: _frames(d)[0].pop("id"), (f"{_F}[0].id", "缺少")),
    ("missing paragraph style", lambda d: _story(d, "s-cap")["paragraphs"][0].pop("style"),
     ("document.stories.s-cap.paragraphs[0].style", "缺少")),
    ("unknown frame type", lambda d: _frames(d)[3].__setitem__("type", "circle"), (f"{_F}[3].type", "text")),
    ("value outside a choice", lambda d: _frames(d)[0].__setitem__("vertical_align", "middle"),
     (f"{_F}[0].vertical_align", "top")),
    ("unknown field name", lambda d: _story(d, "s-body")["paragraphs"][0]["runs"][1].__setitem__("field", "weekday"),
     ("document.stories.s-body.paragraphs[0].runs[1].field", "page")),
    ("text for a list", lambda d: _story(d, "s-body")["paragraphs"][0].__setitem__("runs", "文字"),
     ("document.stories.s-body.paragraphs[0].runs", "应为列表")),
    ("list for an object", lambda d: d["document"].__setitem__("issue", []), ("document.issue", "应为对象")),
    ("dangling story_id", lambda d: _frames(d)[0].__setitem__("story_id", "不存在的文章"),
     (f"{_F}[0].story_id", "不存在的文章")),
    ("dangling caption story", lambda d: _frames(d)[2]["caption"].__setitem__("story_id", "无"),
     (f"{_F}[2].caption.story_id", "无")),
    ("story key differs from its id", lambda d: _story(d, "s-cap").__setitem__("id", "s-other"),
     ("document.stories.s-cap.id",)),
    ("linked-frame cycle", lambda d: _frames(d)[1].__setitem__("next_frame_id", "f1"), ("框“f", "成环")),
    ("frame linked to itself", lambda d: _frames(d)[0].__setitem__("next_frame_id", "f1"), ("框“f1”", "成环")),
    ("link to a missing frame", lambda d: _frames(d)[1].__setitem__("next_frame_id", "f9"), ("框“f2”", "f9", "不存在")),
    ("link to another story's frame", lambda d: _frames(d)[1].__setitem__("story_id", "s-cap"),
     ("框“f1”", "另一篇文章")),
    ("two frames linking to one", lambda d: _frames(d).append(
        {**_frames(d)[0], "id": "f3", "next_frame_id": "f2"}), ("框“f2”", "两个")),
    ("duplicate frame id", lambda d: _frames(d)[3].__setitem__("id", "f1"), (f"{_F}[3].id", "重复")),
    ("negative width", lambda d: _frames(d)[3].__setitem__("width_pt", -1), (f"{_F}[3].width_pt", "0 到 14400")),
    ("zero columns", lambda d: _frames(d)[0].__setitem__("columns", 0), (f"{_F}[0].columns", "1 到 12")),
    ("rotation not a quarter turn", lambda d: _frames(d)[2].__setitem__("rotation_deg", 45),
     (f"{_F}[2].rotation_deg", "90")),
    ("zero zoom", lambda d: _frames(d)[2].__setitem__("zoom", 0), (f"{_F}[2].zoom",)),
    ("colour that is neither hex nor swatch", lambda d: _frames(d)[3].__setitem__("stroke", "红色"),
     (f"{_F}[3].stroke", "红色")),
    ("hex colour with a trailing newline", lambda d: _frames(d)[3].__setitem__("fill", "#FF0000\n"),
     (f"{_F}[3].fill",)),
    ("swatch that is not hex", lambda d: d["document"]["colors"].__setitem__("党建红", "red"),
     ("document.colors.党建红",)),
    ("style colour naming no swatch", lambda d: d["document"]["paragraph_styles"]["图注"].__setitem__("color", "蓝"),
     ("document.paragraph_styles.图注.color", "蓝")),
    ("assets not a list", lambda d: d["document"].__setitem__("assets", "photo.jpg"), ("document.assets",)),
    ("format_version as text", lambda d: d.__setitem__("format_version", "1"), ("format_version",)),
    ("format_version zero", lambda d: d.__setitem__("format_version", 0), ("format_version",)),
    ("no format_version", lambda d: d.pop("format_version"), ("format_version",)),
    ("document not an object", lambda d: d.__setitem__("document", []), ("document", "应为对象")),
]


@pytest.mark.parametrize(
    ("mistake", "spoil", "named"), _HAND_WRITTEN_MISTAKES, ids=[case[0] for case in _HAND_WRITTEN_MISTAKES]
)
def test_hand_written_mistake_is_a_project_file_error_naming_the_place(
    tmp_path: Path, mistake: str, spoil: Callable[[dict[str, Any]], Any], named: tuple[str, ...]
) -> None:
    data = copy.deepcopy(_small_document_json())
    spoil(data)
    _assert_refused(_write_folder(tmp_path / "issue", _json_bytes(data)), *named)
    _assert_refused(_write_zip(tmp_path / "issue.banmian", {"document.json": _json_bytes(data)}), *named)


def test_unspoilt_base_of_the_mistakes_loads() -> None:
    assert codec.decode_document(_small_document_json(), _small_document().assets) == _small_document()


# ---------------------------------------------------------------- docs/format.md


def _format_doc() -> str:
    return FORMAT_DOC.read_text(encoding="utf-8")


def _documented_example() -> bytes:
    match = re.search(r"<!-- example: document\.json -->\s*```json\n(.*?)```", _format_doc(), re.S)
    assert match, "docs/format.md lost its marked document.json example"
    return match.group(1).encode("utf-8")


def test_hand_written_example_in_the_format_doc_loads(tmp_path: Path) -> None:
    example = _documented_example()
    for path in (
        _write_folder(tmp_path / "example", example),
        _write_zip(tmp_path / "example.banmian", {"document.json": example}),
    ):
        doc = load_project(path)
        assert len(doc.pages) == 1 and len(doc.stories) == 1
        assert [type(frame) for frame in doc.pages[0].frames] == [TextFrame]
        assert doc.story_frames(next(iter(doc.stories)))  # the frame really shows the story


def _doc_sections() -> dict[str, str]:
    """``### `Name` …`` sections of the format doc, by the name in backticks."""
    parts = re.split(r"^### `(\w+)`.*$", _format_doc(), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _doc_rows(section: str) -> dict[str, list[str]]:
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`(\w+)`", cells[0]) if line.startswith("|") else None
        if match:
            rows[match.group(1)] = cells
    return rows


def _own_fields(cls: type) -> list[dataclasses.Field[Any]]:
    inherited = {f.name for f in dataclasses.fields(Frame)} if issubclass(cls, Frame) and cls is not Frame else set()
    return [f for f in dataclasses.fields(cls) if f.name not in inherited]


_DOCUMENTED_CLASSES = [Frame, *codec._KNOWN_CLASSES]


@pytest.mark.parametrize("cls", _DOCUMENTED_CLASSES, ids=lambda cls: cls.__name__)
def test_format_doc_lists_every_field_with_its_default_and_choices(cls: type) -> None:
    sections = _doc_sections()
    assert cls.__name__ in sections, f"docs/format.md has no ### `{cls.__name__}` section"
    rows = _doc_rows(sections[cls.__name__])
    hints = typing.get_type_hints(cls)
    for f in _own_fields(cls):
        if cls is Document and f.name == "assets":
            continue  # written as a list of names, documented in its own row below
        assert f.name in rows, f"{cls.__name__}.{f.name} is not documented"
        default_cell = rows[f.name][3]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            assert default_cell == "required", f"{cls.__name__}.{f.name}: {default_cell}"
        else:
            literal = re.fullmatch(r"`([^`]*)`", default_cell)
            if literal:  # a literal JSON default must be the real one
                default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
                documented = json.loads(literal.group(1))
                if isinstance(default, float):
                    assert documented == pytest.approx(default, abs=1e-3), f"{cls.__name__}.{f.name}"
                else:
                    assert documented == codec._encode_value(default), f"{cls.__name__}.{f.name}"
        row_text = " ".join(rows[f.name])
        for choice in _literal_choices(hints[f.name]):
            assert f"`\"{choice}\"`" in row_text, f"{cls.__name__}.{f.name} does not list {choice!r}"


def _literal_choices(hint: Any) -> list[str]:
    if typing.get_origin(hint) is typing.Literal:
        return list(typing.get_args(hint))
    return [choice for arg in typing.get_args(hint) for choice in _literal_choices(arg)]


def _range_text(rule: limits.Rule) -> str:
    """How a field's table row says its rule: ``0 to 14,400``, ``≤ 64 chars``, ``≤ 500``."""
    def number(value: float) -> str:
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"

    if isinstance(rule, limits.NumberRange):
        return f"{number(rule.low)} to {number(rule.high)}"
    if isinstance(rule, limits.TextRule):
        return f"≤ {rule.max_chars:,} chars"
    return f"≤ {rule.max_items:,}"


@pytest.mark.parametrize("cls", _DOCUMENTED_CLASSES, ids=lambda cls: cls.__name__)
def test_format_doc_gives_every_field_its_range_or_length(cls: type) -> None:
    rows = _doc_rows(_doc_sections()[cls.__name__])
    for f in _own_fields(cls):
        rule = limits.rule_of(f)
        if rule is not None:
            assert _range_text(rule) in rows[f.name][1], f"{cls.__name__}.{f.name}: {rows[f.name][1]}"


def test_format_doc_names_fields_labels_limits_and_version() -> None:
    text = _format_doc()
    for name, label in FIELD_LABELS.items():
        assert re.search(rf"`\"{name}\"`.*{label}", text), f"field {name} / {label} missing"
    section = text[text.index("## 10. Limits"):text.index("## 11.")]
    for limit in ("MAX_DOCUMENT_JSON_BYTES", "MAX_ASSET_BYTES", "MAX_PHOTOS_BYTES", "MAX_TOTAL_BYTES"):
        assert f"| {getattr(project, limit) // (1024 * 1024)} MiB | `{limit}` |" in section, limit
    for limit in ("MAX_MEMBERS", "MAX_JSON_VALUES", "MAX_PHOTO_EXPANSION"):
        assert f"| {getattr(project, limit):,} | `{limit}` |" in section, limit
    for limit in ("MAX_PAGES", "MAX_FRAMES_PER_PAGE", "MAX_FRAMES", "MAX_TEXT_COLUMNS", "MAX_STORIES",
                  "MAX_PARAGRAPHS", "MAX_RUNS", "MAX_CHARACTERS", "MAX_DISTINCT_CHARACTERS", "MAX_ASSETS"):
        assert re.search(rf"\| {getattr(limits, limit):,} \| `{limit}`", section), limit
    assert f"| {limits.MAX_STYLES:,} | `MAX_SWATCHES`, `MAX_STYLES` |" in section
    assert limits.MAX_STYLES == limits.MAX_SWATCHES
    for extension in project.ASSET_EXTENSIONS:
        assert f"`{extension}`" in text, extension
    assert f"`CURRENT_FORMAT_VERSION` is **{migrations.CURRENT_FORMAT_VERSION}**" in text
