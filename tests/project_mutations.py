"""Hostile project files for the fuzz test of issue 7: one small base project and the ways to spoil it.

``tests/test_fuzz_projects.py`` and ``bench/bench_fuzz.py`` hand each spoilt
project to ``banmian info`` and ``banmian export`` (``tests/fuzz_runner.py``
runs them). A case is a seed and a kind: ``make_case(case, base, folder)``
writes the same bytes for the same case every time, so a failure is
reproduced from its id alone (``python -m tests.fuzz_runner --case 1234:zip_bomb``).

The kinds are the issue's list: numbers that are huge, infinite, NaN or
tiny; wrong types; control characters and long strings in every kind of
string; big arrays; changed keys and deep nesting; broken thread links; zip
bombs, lying sizes, odd member names, truncation and byte flips; links,
FIFOs and directories inside folder projects; damaged and foreign photos.
The byte-level tools (raw zips, bombs, photo headers) are in
``tests/hostile_bytes.py``.
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from editor.io.project import asset_name, save_project, save_project_folder
from editor.model import (
    SANS_FAMILY, Caption, CharacterStyle, Document, ImageFrame, Page, Paragraph, ParagraphStyle, Run,
    ShapeFrame, Story, TextFrame, TextWrap,
)
from editor.model.codec import encode_document
from tests import hostile_bytes as hb

DOCUMENT = "document.json"
#: The kind of the control cases: the base project, unchanged (it must open and export).
CONTROL_KIND = "unchanged"
#: Stands for a raw JSON token (``1e309``, ``NaN``, ``[[[…]]]``) until the text is written.
RAW = "@@raw-token@@"

# ---------------------------------------------------------------- the base project


def small_jpeg() -> bytes:
    """A real 64×48 photo (a gradient with a bar), a few hundred bytes."""
    image = Image.linear_gradient("L").resize((64, 48)).convert("RGB")
    ImageDraw.Draw(image).rectangle((8, 8, 30, 20), fill=(200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def base_document() -> Document:
    """Two pages: styles, a swatch, a story threaded through two 2-column frames,
    a photo with a caption and text wrap, a rule, a box and field runs."""
    photo = small_jpeg()
    name = asset_name(photo, ".jpg")
    body = "版面把文章排进两栏，照片旁边的文字绕排而过。" * 5
    text = [Run(text=body), Run(text="重点", char_style="强调"), Run(text="本期第"), Run(field="number"),
            Run(text="期，第"), Run(field="page"), Run(text="页。")]
    story = Story(id="s1", name="要闻", paragraphs=[
        Paragraph(style="标题", runs=[Run(text="本期要闻")]), Paragraph(style="正文", runs=text),
        Paragraph(style="正文", runs=[Run(text=body)])])
    caption = Story(id="cap", name="图片说明", paragraphs=[Paragraph(style="正文", runs=[Run(text="图为示意照片")])])
    page_one = Page(id="p1", frames=[
        TextFrame(id="t1", story_id="s1", x_pt=56.0, y_pt=70.0, width_pt=480.0, height_pt=200.0, columns=2,
                  gutter_pt=14.0, next_frame_id="t2"),
        ImageFrame(id="i1", x_pt=220.0, y_pt=100.0, width_pt=120.0, height_pt=90.0, asset=name,
                   source_name="照片.jpg", caption=Caption(story_id="cap"), wrap=TextWrap(mode="around")),
        ShapeFrame(id="r1", shape="rule", x_pt=56.0, y_pt=56.0, width_pt=480.0, height_pt=0.0, stroke="党建红"),
        ShapeFrame(id="b1", shape="box", x_pt=56.0, y_pt=400.0, width_pt=200.0, height_pt=100.0, fill="#FBF4EA"),
    ])
    page_two = Page(id="p2", frames=[TextFrame(id="t2", story_id="s1", x_pt=56.0, y_pt=56.0, width_pt=480.0,
                                               height_pt=200.0, columns=2, gutter_pt=14.0)])
    return Document(
        colors={"党建红": "#C8161D"},
        paragraph_styles={
            "正文": ParagraphStyle(name="正文", size_pt=10.5, leading_pt=18.0),
            "标题": ParagraphStyle(name="标题", font_family=SANS_FAMILY, bold=True, size_pt=16.0, leading_pt=28.0,
                                 color="党建红", alignment="center", first_line_indent_chars=0.0,
                                 keep_with_next=True),
        },
        character_styles={"强调": CharacterStyle(name="强调", bold=True, color="党建红")},
        stories={"s1": story, "cap": caption},
        pages=[page_one, page_two],
        assets={name: photo},
    )


@dataclass(frozen=True)
class BaseProject:
    """The base project as JSON-ready data and photo bytes, plus its saved forms."""

    tree: dict[str, Any]
    photo: bytes
    photo_name: str
    #: The base saved by ``save_project`` and by ``save_project_folder``.
    zip_path: Path
    folder_path: Path


def base_project(folder: Path) -> BaseProject:
    """Build the base document and save it into ``folder`` as a zip and as a folder project."""
    doc = base_document()
    folder.mkdir(parents=True, exist_ok=True)
    zip_path, folder_path = folder / "base.banmian", folder / "base-folder"
    save_project(doc, zip_path)
    save_project_folder(doc, folder_path)
    (photo_name, photo), = doc.assets.items()
    return BaseProject(tree=encode_document(doc), photo=photo, photo_name=photo_name, zip_path=zip_path,
                       folder_path=folder_path)


def prepare(base: BaseProject) -> None:
    """Compute the slow, shared parts (zip bombs) once, before worker processes are forked."""
    hb.bomb_member(b"assets/x", base.photo, hb.BOMB_MIB)
    hb.bomb_member(b"assets/x", b"", hb.BOMB_MIB)


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One fuzz case: the seed of its random choices and its kind of mutation."""

    seed: int
    kind: str

    @property
    def id(self) -> str:
        return f"{self.seed}:{self.kind}"

    @classmethod
    def parse(cls, text: str) -> Case:
        seed, _, kind = text.partition(":")
        if kind not in KINDS:
            raise ValueError(f"unknown mutation kind {kind!r}; kinds: {', '.join(KINDS)}")
        return cls(int(seed), kind)


@dataclass(frozen=True)
class Mutated:
    """A written case: the path to open, a short label to group by, and what the file looks like."""

    path: Path
    variant: str
    description: str


Maker = Callable[[random.Random, BaseProject, Path], Mutated]


@dataclass(frozen=True)
class Kind:
    name: str
    make: Maker
    #: Needs symbolic links or FIFOs, which Windows does not give a test.
    posix_only: bool = False


def kind_names(posix: bool = os.name == "posix") -> list[str]:
    """The mutation kinds this platform can make, in their fixed order."""
    return [name for name, kind in KINDS.items() if name != CONTROL_KIND and (posix or not kind.posix_only)]


def cases(first_seed: int, count: int, kinds: list[str] | None = None) -> list[Case]:
    """``count`` cases from ``first_seed`` on, the kinds taken in turn."""
    names = kinds or kind_names()
    return [Case(seed, names[seed % len(names)]) for seed in range(first_seed, first_seed + count)]


def make_case(case: Case, base: BaseProject, folder: Path) -> Mutated:
    """Write ``case``'s project into the empty ``folder``; same case, same bytes."""
    return KINDS[case.kind].make(random.Random(case.seed), base, folder)


# ---------------------------------------------------------------- JSON trees

TreePath = tuple[str | int, ...]


def _walk(node: Any, path: TreePath = ()) -> Iterator[tuple[TreePath, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _get(tree: Any, path: TreePath) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _set(tree: Any, path: TreePath, value: Any) -> None:
    _get(tree, path[:-1])[path[-1]] = value


def _place(path: TreePath) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "(root)"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_or_any_leaf(rng: random.Random, tree: dict) -> TreePath:
    """Mostly a number; one time in five any leaf (a number where text or a list belongs)."""
    leaves = [(path, value) for path, value in _walk(tree) if not isinstance(value, (dict, list))]
    numbers = [path for path, value in leaves if _is_number(value)]
    return rng.choice(numbers) if rng.random() < 0.8 else rng.choice(leaves)[0]


#: Dicts keyed by a name the user chose; their keys are strings like any other.
_NAMED_MAPS = ("colors", "paragraph_styles", "character_styles", "stories")


def _string_groups(tree: dict) -> dict[str, list[TreePath]]:
    """Every string, grouped by the field it is (``run.text``, ``id``, key of ``colors`` …).

    A path ending in ``("key", name)`` is a key of a named map."""
    groups: dict[str, list[TreePath]] = {}
    for path, value in _walk(tree):
        if isinstance(value, str):
            groups.setdefault(_field_of(path), []).append(path)
        if isinstance(value, dict) and path and path[-1] in _NAMED_MAPS:
            for key in value:
                groups.setdefault(f"key of {path[-1]}", []).append((*path, ("key", key)))
    return groups


def _pick_string(rng: random.Random, tree: dict) -> TreePath:
    groups = _string_groups(tree)
    return rng.choice(groups[rng.choice(sorted(groups))])


def _read_string(tree: dict, path: TreePath) -> str:
    last = path[-1]
    return last[1] if isinstance(last, tuple) else _get(tree, path)


def _write_string(tree: dict, path: TreePath, text: str) -> None:
    last = path[-1]
    if not isinstance(last, tuple):
        _set(tree, path, text)
        return
    mapping = _get(tree, path[:-1])
    items = [(text if key == last[1] else key, value) for key, value in mapping.items()]
    mapping.clear()
    mapping.update(items)


def _string_place(path: TreePath) -> str:
    last = path[-1]
    return f"key “{last[1]}” of {_place(path[:-1])}" if isinstance(last, tuple) else _place(path)


def encode_json(tree: Any, raw: str = "", *, ascii_only: bool = False, compact: bool = False) -> bytes:
    """``document.json`` bytes; every ``RAW`` string becomes the token ``raw``.

    Lone surrogates stay \\ud800 escapes with ``ascii_only``; otherwise they
    are written as the (invalid UTF-8) bytes a careless writer would produce."""
    text = json.dumps(tree, ensure_ascii=ascii_only, separators=(",", ":") if compact else None,
                      indent=None if compact else 1)
    if raw:
        text = text.replace(json.dumps(RAW), raw)
    return text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- containers


def write_zip(path: Path, document: bytes, assets: dict[str, bytes], deflate_assets: bool = False) -> Path:
    """A zip project as Banmian writes one, with these exact bytes inside."""
    def entry(name: str, method: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed, so a case is the same bytes
        info.compress_type = method
        return info

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(entry(DOCUMENT, zipfile.ZIP_DEFLATED), document)
        for name, blob in assets.items():
            archive.writestr(entry(f"assets/{name}", zipfile.ZIP_DEFLATED if deflate_assets else zipfile.ZIP_STORED),
                             blob)
    return path


def write_folder(folder: Path, document: bytes, assets: dict[str, bytes]) -> Path:
    """A folder project with these exact bytes inside."""
    (folder / "assets").mkdir(parents=True)
    (folder / DOCUMENT).write_bytes(document)
    for name, blob in assets.items():
        (folder / "assets" / name).write_bytes(blob)
    return folder


def _write_project(rng: random.Random, folder: Path, document: bytes, assets: dict[str, bytes]) -> tuple[Path, str]:
    """Two times in three a zip, else a folder project."""
    if rng.random() < 2 / 3:
        return write_zip(folder / "project.banmian", document, assets), "zip"
    return write_folder(folder / "project", document, assets), "folder"


def _json_case(rng: random.Random, base: BaseProject, folder: Path,
               spoil: Callable[[random.Random, dict], tuple[str, str, str]], compact: bool = False) -> Mutated:
    """A case that changes document.json: ``spoil`` edits the tree and returns (variant, description, raw token)."""
    tree = copy.deepcopy(base.tree)
    variant, description, raw = spoil(rng, tree)
    has_surrogate = any(isinstance(v, str) and any("\ud800" <= c <= "\udfff" for c in v) for _, v in _walk(tree))
    ascii_only = rng.random() < (0.9 if has_surrogate else 0.3)
    document = encode_json(tree, raw, ascii_only=ascii_only, compact=compact)
    path, container = _write_project(rng, folder, document, {base.photo_name: base.photo})
    return Mutated(path, variant, f"document.json: {description} ({container}, {len(document):,} bytes)")


# ---------------------------------------------------------------- numbers and types

HUGE_TOKENS = ("1e308", "-1e308", "1.7976931348623157e308", "1e300", "123456789e300", "1" + "0" * 400,
               "-1" + "0" * 400, "9" * 4300, "9" * 4301, str(2**63), str(2**64), "1e20", "2147483648")
NONFINITE_TOKENS = ("NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e999", "1E400", "-NaN")
TINY_TOKENS = ("-0.0", "-0", "0", "0.0", "5e-324", "2.2250738585072014e-308", "1e-300", "1e-7", "-1", "-1e308",
               "-2147483649", "0.5")


def _token_label(token: str) -> str:
    return token if len(token) <= 24 else f"{token[:3]}…({len(token)} chars)"


def _number_spoiler(tokens: tuple[str, ...]) -> Callable[[random.Random, dict], tuple[str, str, str]]:
    def spoil(rng: random.Random, tree: dict) -> tuple[str, str, str]:
        path = _number_or_any_leaf(rng, tree)
        token = rng.choice(tokens)
        _set(tree, path, RAW)
        return f"{_token_label(token)} in {_field_of(path)}", f"{_place(path)} = {_token_label(token)}", token
    return spoil


def make_huge_number(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _number_spoiler(HUGE_TOKENS))


def make_nonfinite_number(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _number_spoiler(NONFINITE_TOKENS))


def make_tiny_number(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _number_spoiler(TINY_TOKENS))


_OTHER_VALUES: tuple[Any, ...] = ("文字", "", 7, 2.5, True, False, None, [], {}, [1, 2], {"a": 1}, ["文字"],
                                  "#GGGGGG", -3, 10**30)


def _spoil_type(rng: random.Random, tree: dict) -> tuple[str, str, str]:
    path = rng.choice([path for path, _ in _walk(tree) if path])
    old = _get(tree, path)
    value = rng.choice([v for v in _OTHER_VALUES if type(v) is not type(old)])
    _set(tree, path, value)
    label = f"{type(old).__name__}→{type(value).__name__}"
    return label, f"{_place(path)} = {json.dumps(value, ensure_ascii=False)} (was {type(old).__name__})", ""


def make_wrong_type(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _spoil_type)


# ---------------------------------------------------------------- strings

CONTROL_CHARS = ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ud800",
                 "\udfff", "\ufeff", "\ufffe", "\uffff", "\u202e", "\u200b", "\t", "\n", "\r")


def _spoil_control(rng: random.Random, tree: dict) -> tuple[str, str, str]:
    path = _pick_string(rng, tree)
    old = _read_string(tree, path)
    chars = [rng.choice(CONTROL_CHARS) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        text = "".join(chars)
    else:
        text = old
        for char in chars:
            at = rng.randint(0, len(text))
            text = text[:at] + char + text[at:]
    _write_string(tree, path, text)
    names = "+".join(f"U+{ord(c):04X}" for c in chars)
    return f"{names} in {_string_field(path)}", f"{_string_place(path)} = {text[:60]!r}", ""


def _field_of(path: TreePath) -> str:
    return next((str(step) for step in reversed(path) if isinstance(step, str)), "?")


def _string_field(path: TreePath) -> str:
    return f"key of {path[-2]}" if isinstance(path[-1], tuple) else _field_of(path)


_LONG_ALPHABETS = {
    "han": "版面编辑排文章照片说明党群工作中铝股份",
    "latin-word": "abcdefghijklmnopqrstuvwxyz",
    "words": "lorem ipsum dolor sit amet ",
    "digits": "0123456789",
    "mixed": "中文 Latin 123，。“”\n",
}
LONG_LENGTHS = (256, 300, 1000, 10_000, 100_000, 1_000_000)


def _spoil_long(rng: random.Random, tree: dict) -> tuple[str, str, str]:
    path = ("document", "issue", "title") if rng.random() < 0.25 else _pick_string(rng, tree)
    length = rng.choice(LONG_LENGTHS)
    alphabet_name = rng.choice(sorted(_LONG_ALPHABETS))
    alphabet = _LONG_ALPHABETS[alphabet_name]
    text = "".join(rng.choice(alphabet) for _ in range(min(length, 1000)))
    text = (text * (length // len(text) + 1))[:length]
    _write_string(tree, path, text)
    return f"{length} {alphabet_name} chars in {_string_field(path)}", f"{_string_place(path)} = {length:,} chars of {alphabet_name}", ""


def make_control_chars(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _spoil_control)


def make_long_string(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _spoil_long)


# ---------------------------------------------------------------- big arrays

#: How many more of a thing: fixed counts, or None for exactly as many as the loader allows.
BIG_COUNTS = (1000, 1000, 10_000, 10_000, 100_000, None, None)
BIG_TARGETS = ("pages", "pages-duplicate", "frames-shape", "frames-text", "frames-image", "frames-duplicate",
               "paragraphs", "runs", "field-runs", "assets", "styles", "colors", "stories")
#: The limit in ``editor.model.limits`` on the total of each target (pages also add frames).
_LIMIT_NAMES = {"pages": ("MAX_PAGES", "MAX_FRAMES"), "frames": ("MAX_FRAMES_PER_PAGE",),
                "paragraphs": ("MAX_PARAGRAPHS",), "runs": ("MAX_RUNS",), "assets": ("MAX_ASSETS",),
                "styles": ("MAX_STYLES",), "colors": ("MAX_SWATCHES",), "stories": ("MAX_STORIES",)}


def _loader_limit(name: str) -> int:
    """A count limit of the loader (1,000 if it has none by that name): the fuzz aims at the edge."""
    try:
        from editor.model import limits
        return int(getattr(limits, name))
    except (ImportError, AttributeError, TypeError, ValueError):
        return 1000


def _present(doc: dict[str, Any], what: str) -> int:
    """How many of ``what`` the document holds now (in the totals the limits count)."""
    paragraphs = [p for story in doc["stories"].values() for p in story.get("paragraphs", [])]
    return {"pages": len(doc["pages"]), "frames-on-page": len(doc["pages"][0]["frames"]),
            "MAX_FRAMES": sum(len(page["frames"]) for page in doc["pages"]), "paragraphs": len(paragraphs),
            "runs": sum(len(p.get("runs", [])) for p in paragraphs), "assets": len(doc["assets"]),
            "styles": len(doc["paragraph_styles"]), "colors": len(doc["colors"]),
            "stories": len(doc["stories"])}[what]


def _room(doc: dict[str, Any], target: str) -> int:
    """How many more of ``target`` the loader's limits still allow (at least one)."""
    family = target.partition("-")[0]
    if family == "field":
        family = "runs"
    rooms = []
    for name in _LIMIT_NAMES[family]:
        present = _present(doc, "frames-on-page" if family == "frames" else "MAX_FRAMES" if name == "MAX_FRAMES"
                           else family)
        rooms.append(_loader_limit(name) - present)
    return max(min(rooms), 1)


def _frame(kind: str, frame_id: str, asset: str) -> dict[str, Any]:
    """A frame with only its required fields (so 10^5 of them fit in document.json's limit)."""
    geometry = {"id": frame_id, "x_pt": 60, "y_pt": 60, "width_pt": 100, "height_pt": 80}
    if kind == "text":
        return {"type": "text", **geometry, "story_id": "s1"}
    if kind == "image":
        return {"type": "image", **geometry, "asset": asset}
    return {"type": "shape", **geometry}


def _grow(rng: random.Random, tree: dict, base: BaseProject, count: int | None) -> tuple[str, int]:
    """Add ``count`` (None: as many as the loader allows) of one thing; returns what and how many."""
    doc = tree["document"]
    target = rng.choice(BIG_TARGETS)
    count = _room(doc, target) if count is None else count
    if target == "pages":
        doc["pages"] += [{"id": f"q{i}", "frames": [_frame("text", f"x{i}", "")]} for i in range(count)]
    elif target == "pages-duplicate":
        doc["pages"] += [{"id": "p2", "frames": [_frame("text", "t2", "")]} for _ in range(count)]
    elif target.startswith("frames"):
        kind = target.partition("-")[2]
        frames = doc["pages"][0]["frames"]
        if kind == "duplicate":
            frames += [copy.deepcopy(frames[-1]) for _ in range(count)]
        else:
            frames += [_frame(kind, f"x{i}", base.photo_name) for i in range(count)]
    elif target == "paragraphs":
        doc["stories"]["s1"]["paragraphs"] += [{"style": "正文", "runs": [{"text": "段落"}]} for _ in range(count)]
    elif target in ("runs", "field-runs"):
        run = {"field": "page"} if target == "field-runs" else {"text": "字"}
        doc["stories"]["s1"]["paragraphs"][1]["runs"] += [dict(run) for _ in range(count)]
    elif target == "assets":
        doc["assets"] += [f"{i:032x}.jpg" for i in range(count)]
    elif target == "styles":
        doc["paragraph_styles"].update({f"样式{i}": {"name": f"样式{i}"} for i in range(count)})
    elif target == "colors":
        doc["colors"].update({f"色{i}": "#123456" for i in range(count)})
    else:
        doc["stories"].update({f"s{i}x": {"id": f"s{i}x"} for i in range(count)})
    return target, count


def make_big_array(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    asked = rng.choice(BIG_COUNTS)

    def spoil(rng: random.Random, tree: dict) -> tuple[str, str, str]:
        target, count = _grow(rng, tree, base, asked)
        edge = " (up to the limit)" if asked is None else ""
        return f"{'limit' if asked is None else count} {target}", f"{count:,} more {target}{edge}", ""

    return _json_case(rng, base, folder, spoil, compact=True)


# ---------------------------------------------------------------- keys, nesting, links


def _spoil_key(rng: random.Random, tree: dict) -> tuple[str, str, str]:
    path, node = rng.choice([(p, v) for p, v in _walk(tree) if isinstance(v, dict) and v])
    key = rng.choice(list(node))
    action = rng.choice(("delete", "rename", "add"))
    if action == "delete":
        del node[key]
        return f"delete {key}", f"{_place(path)}: key “{key}” deleted", ""
    if action == "rename":
        new = rng.choice((key.upper(), key + "_", f" {key}", "名称", key.replace("_", "-")))
        _write_string(tree, (*path, ("key", key)), new)
        return f"rename {key}", f"{_place(path)}: key “{key}” renamed “{new}”", ""
    node[rng.choice(("extra", "注释", "__proto__", "type"))] = rng.choice((1, "x", None))
    return "unknown key", f"{_place(path)}: an unknown key added", ""


def make_key_change(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _spoil_key)


NESTING_DEPTHS = (30, 200, 990, 1000, 3000, 100_000)


def _spoil_nesting(rng: random.Random, tree: dict) -> tuple[str, str, str]:
    depth = rng.choice(NESTING_DEPTHS)
    shape = rng.choice(("list", "dict"))
    token = "[" * depth + "1" + "]" * depth if shape == "list" else '{"a":' * depth + "1" + "}" * depth
    path = rng.choice([path for path, _ in _walk(tree) if path])
    _set(tree, path, RAW)
    return f"{shape} nested {depth}", f"{_place(path)} = {shape}s nested {depth:,} deep", token


def make_deep_nesting(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _spoil_nesting)


def _text_frames(tree: dict) -> dict[str, dict]:
    return {f["id"]: f for page in tree["document"]["pages"] for f in page["frames"] if f.get("type") == "text"}


def _spoil_links(rng: random.Random, tree: dict) -> tuple[str, str, str]:
    frames = _text_frames(tree)
    doc = tree["document"]
    variant = rng.choice(("self", "cycle", "to-image", "to-shape", "missing", "two-into-one", "long-chain",
                          "caption-is-article", "frame-shows-caption", "empty-id"))
    if variant == "self":
        frames["t1"]["next_frame_id"] = "t1"
    elif variant == "cycle":
        frames["t2"]["next_frame_id"] = "t1"
    elif variant in ("to-image", "to-shape", "missing", "empty-id"):
        frames["t1"]["next_frame_id"] = {"to-image": "i1", "to-shape": "r1", "missing": "nope", "empty-id": ""}[variant]
    elif variant == "two-into-one":
        doc["pages"][1]["frames"].append({**_frame("text", "t3", ""), "next_frame_id": "t2"})
    elif variant == "long-chain":
        count = rng.choice((100, 1000, 10_000))
        chain = [{**_frame("text", f"c{i}", ""), "width_pt": 12, "height_pt": 12, "next_frame_id": f"c{i + 1}"}
                 for i in range(count)]
        chain[-1]["next_frame_id"] = None
        frames["t2"]["next_frame_id"] = "c0"
        doc["pages"][1]["frames"] += chain
        variant = f"long-chain {count}"
    elif variant == "caption-is-article":
        doc["pages"][0]["frames"][1]["caption"]["story_id"] = "s1"
    else:
        frames["t2"]["story_id"] = "cap"
    return variant, f"thread links: {variant}", ""


def make_thread_links(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    return _json_case(rng, base, folder, _spoil_links)


# ---------------------------------------------------------------- zips


def _base_members(base: BaseProject, document: bytes | None = None) -> list[hb.RawMember]:
    return [hb.member(DOCUMENT, document or encode_json(base.tree), deflate=True),
            hb.member(f"assets/{base.photo_name}", base.photo)]


def _zip_case(folder: Path, data: bytes, variant: str, description: str) -> Mutated:
    path = folder / "project.banmian"
    path.write_bytes(data)
    return Mutated(path, variant, f"zip ({len(data):,} bytes): {description}")


def _with_photos(base: BaseProject, names: list[str]) -> bytes:
    """document.json listing ``names`` as photos, each in an image frame on page 2."""
    tree = copy.deepcopy(base.tree)
    doc = tree["document"]
    doc["assets"] = sorted(set(doc["assets"]) | set(names))
    doc["pages"][1]["frames"] += [_frame("image", f"z{i}", name) for i, name in enumerate(names)]
    return encode_json(tree)


def make_zip_bomb(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    variant = rng.choice(("photo", "photos-5", "photos-6", "document", "document-spaces", "unlisted-photo",
                          "zeros-photo"))
    size = f"{hb.BOMB_MIB} MiB"
    if variant == "document":
        members = [hb.bomb_member(DOCUMENT.encode(), b"", hb.BOMB_MIB)]
        description = f"document.json expands to {size}"
    elif variant == "document-spaces":
        spaced = encode_json(base.tree)[:-1] + b" " * (31 * hb.MIB) + b"}"
        members = [hb.member(DOCUMENT, spaced, deflate=True), hb.member(f"assets/{base.photo_name}", base.photo)]
        description = "document.json padded with 31 MiB of spaces"
    elif variant == "unlisted-photo":
        members = _base_members(base) + [hb.bomb_member(f"assets/{'e' * 32}.jpg".encode(), base.photo, hb.BOMB_MIB)]
        description = f"a photo nobody lists expands to {size}"
    else:
        count = {"photos-5": 5, "photos-6": 6}.get(variant, 1)
        names = [base.photo_name] + [f"{i:032x}.jpg" for i in range(1, count)]
        prefix = b"" if variant == "zeros-photo" else base.photo
        members = [hb.member(DOCUMENT, _with_photos(base, names), deflate=True)]
        members += [hb.bomb_member(f"assets/{name}".encode(), prefix, hb.BOMB_MIB) for name in names]
        what = "zeros" if prefix == b"" else "a real JPEG then zeros"
        description = f"{count} placed photo(s), each {what} expanding to {size}"
    return _zip_case(folder, hb.raw_zip(members), variant, description)


def make_zip_lying_size(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    members = _base_members(base)
    which = rng.randrange(2)
    if rng.random() < 0.3:
        members[1] = hb.bomb_member(f"assets/{base.photo_name}".encode(), base.photo, hb.BOMB_MIB)
    target = members[which]
    lie = rng.choice(("understated", "overstated", "huge", "local-differs", "compressed-too-big", "bad-crc", "zip64"))
    if lie == "understated":
        target.size = rng.choice((0, 1, 100, max(0, target.size - 10)))
    elif lie == "overstated":
        target.size += rng.choice((1, 10, 1000))
    elif lie == "huge":
        target.size = rng.choice((2**31, 2**32 - 1, 300 * hb.MIB))
    elif lie == "local-differs":
        target.local_size = rng.choice((0, target.size + 1, 2**32 - 1))
    elif lie == "compressed-too-big":
        target.compressed_size = len(target.stored) + rng.choice((1, 10_000, 2**31))
    elif lie == "bad-crc":
        target.crc ^= 1 << rng.randrange(32)
    else:
        target.zip64_size = rng.choice((2**40, 2**62, 2**64 - 1))
    name = target.name.decode()
    return _zip_case(folder, hb.raw_zip(members), f"{lie} {name.split('/')[0]}",
                     f"{name}: {lie} (declares {target.zip64_size or target.size:,} bytes)")


def make_zip_member_names(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    members = _base_members(base)
    photo = f"assets/{base.photo_name}".encode()
    variant = rng.choice(("nul-document", "nul-photo", "nul-only", "duplicate-document", "duplicate-photo",
                          "dotdot", "absolute", "backslash", "drive", "long-name", "cp437-name", "bad-utf8",
                          "directory-document", "too-many", "many-unlisted", "local-name-differs"))
    if variant == "nul-document":
        members[0].name = b"document.json\x00.txt"
    elif variant == "nul-photo":
        members[1].name = photo[:-4] + b"\x00" + photo[-4:]
    elif variant == "nul-only":
        members.append(hb.member(b"\x00", b"x"))
    elif variant == "duplicate-document":
        members.append(hb.member(DOCUMENT, rng.choice((b"{}", b"not json", encode_json(base.tree) * 2)), deflate=True))
    elif variant == "duplicate-photo":
        members.append(hb.member(photo, base.photo[: len(base.photo) // 2]))
    elif variant in ("dotdot", "absolute", "backslash", "drive"):
        name = {"dotdot": b"../document.json", "absolute": b"/document.json",
                "backslash": b"assets\\" + photo[7:], "drive": b"C:/document.json"}[variant]
        members.append(hb.member(name, b"x"))
    elif variant == "long-name":
        members.append(hb.member(b"assets/" + b"a" * 65_000 + b".jpg", b"x"))
    elif variant == "cp437-name":
        members[1].name, members[1].flags = photo[:-4] + b"\x81.jpg", 0
    elif variant == "bad-utf8":
        members[1].name = photo[:-4] + b"\xff\xfe.jpg"
    elif variant == "directory-document":
        members.append(hb.member(b"document.json/", b""))
    elif variant in ("too-many", "many-unlisted"):
        count = 10_001 if variant == "too-many" else 9_990
        members += [hb.member(f"assets/{i:032x}.jpg".encode(), b"") for i in range(count)]
    else:
        members[0].local_name = b"document.jsoN"
    shown = repr(members[-1].name[:40]) if variant in ("nul-only", "dotdot", "absolute", "backslash", "drive") else ""
    return _zip_case(folder, hb.raw_zip(members), variant, f"member names: {variant} {shown}".strip())


def make_zip_truncated(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    data = hb.raw_zip(_base_members(base))
    variant = rng.choice(("anywhere", "end-record", "no-end-record", "appended", "prepended"))
    if variant == "anywhere":
        cut = rng.randrange(len(data))
        return _zip_case(folder, data[:cut], variant, f"truncated at byte {cut:,} of {len(data):,}")
    if variant == "end-record":
        cut = len(data) - rng.randint(1, 60)
        return _zip_case(folder, data[:cut], variant, f"the last {len(data) - cut} bytes cut off")
    if variant == "no-end-record":
        return _zip_case(folder, data[:-22], variant, "end-of-central-directory record missing")
    junk = rng.randbytes(rng.choice((1, 100, 100_000)))
    if variant == "appended":
        return _zip_case(folder, data + junk, variant, f"{len(junk):,} random bytes appended")
    return _zip_case(folder, junk + data, variant, f"{len(junk):,} random bytes prepended")


def make_zip_byte_flips(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    members = _base_members(base)
    data = bytearray(hb.raw_zip(members))
    document_start = 30 + len(DOCUMENT)  # after the first local header
    region = rng.choice(("anywhere", "document-data", "central-directory"))
    span = {"anywhere": (0, len(data)), "document-data": (document_start, document_start + len(members[0].stored)),
            "central-directory": (hb.central_directory_offset(bytes(data)), len(data))}[region]
    flips = rng.randint(1, 20)
    for _ in range(flips):
        data[rng.randrange(*span)] ^= 1 << rng.randrange(8)
    return _zip_case(folder, bytes(data), f"{region}", f"{flips} bit(s) flipped in {region}")


# ---------------------------------------------------------------- folder projects


def _folder_base(base: BaseProject, folder: Path) -> tuple[Path, Path, Path]:
    """A fresh folder project and, beside it, an ``outside`` folder holding a valid document and photo."""
    project = write_folder(folder / "project", encode_json(base.tree), {base.photo_name: base.photo})
    write_folder(folder / "outside", encode_json(base.tree), {base.photo_name: base.photo})
    return project, project / DOCUMENT, project / "assets" / base.photo_name


def _relink(path: Path, target: str | Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    elif path.exists() or path.is_symlink():
        path.unlink()
    os.symlink(target, path)


def make_folder_links(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    project, document, photo = _folder_base(base, folder)
    variant = rng.choice(("document-outside", "document-loop", "document-loop-pair", "document-dev-zero",
                          "document-dev-urandom", "document-dangling", "document-inside", "photo-outside",
                          "photo-loop", "photo-dev-zero", "photo-dev-urandom", "assets-outside", "assets-parent",
                          "assets-loop", "project-loop", "project-link"))
    if variant == "document-outside":
        _relink(document, Path("..", "outside", DOCUMENT))
    elif variant == "document-loop":
        _relink(document, DOCUMENT)
    elif variant == "document-loop-pair":
        _relink(document, "other.json")
        os.symlink(DOCUMENT, project / "other.json")
    elif variant in ("document-dev-zero", "document-dev-urandom", "photo-dev-zero", "photo-dev-urandom"):
        _relink(document if variant.startswith("document") else photo, "/dev/" + variant.rpartition("-")[2])
    elif variant == "document-dangling":
        _relink(document, "nowhere.json")
    elif variant == "document-inside":
        (project / "real.json").write_bytes(document.read_bytes())
        _relink(document, "real.json")
    elif variant == "photo-outside":
        _relink(photo, Path("..", "..", "outside", "assets", base.photo_name))
    elif variant == "photo-loop":
        _relink(photo, base.photo_name)
    elif variant == "assets-outside":
        _relink(project / "assets", Path("..", "outside", "assets"))
    elif variant == "assets-parent":
        _relink(project / "assets", "..")
    elif variant == "assets-loop":
        _relink(project / "assets", "assets")
    elif variant == "project-loop":
        os.symlink("loop", folder / "loop")
        return Mutated(folder / "loop", variant, "the project path is a link to itself")
    else:
        os.symlink("project", folder / "link")
        return Mutated(folder / "link", variant, "the project path is a link to a good folder project")
    return Mutated(project, variant, f"folder project: {variant.replace('-', ' ')}")


def make_folder_special_files(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    project, document, photo = _folder_base(base, folder)
    variant = rng.choice(("document-fifo", "photo-fifo", "document-directory", "photo-directory",
                          "document-unreadable", "photo-unreadable", "assets-is-file", "document-empty",
                          "project-fifo", "project-dev-zero"))
    if variant in ("document-fifo", "photo-fifo"):
        target = document if variant == "document-fifo" else photo
        target.unlink()
        os.mkfifo(target)
    elif variant in ("document-directory", "photo-directory"):
        target = document if variant == "document-directory" else photo
        target.unlink()
        target.mkdir()
    elif variant in ("document-unreadable", "photo-unreadable"):
        (document if variant == "document-unreadable" else photo).chmod(0)
    elif variant == "assets-is-file":
        photo.unlink()
        (project / "assets").rmdir()
        (project / "assets").write_bytes(base.photo)
    elif variant == "document-empty":
        document.write_bytes(b"")
    elif variant == "project-fifo":
        os.mkfifo(folder / "fifo.banmian")
        return Mutated(folder / "fifo.banmian", variant, "the project path is a FIFO")
    else:
        os.symlink("/dev/zero", folder / "zero.banmian")
        return Mutated(folder / "zero.banmian", variant, "the project path is a link to /dev/zero")
    return Mutated(project, variant, f"folder project: {variant.replace('-', ' ')}")


# ---------------------------------------------------------------- photos


def _replace_photo(base: BaseProject, blob: bytes, suffix: str) -> tuple[bytes, dict[str, bytes]]:
    """document.json and photos with the base photo replaced by ``blob`` under its own content name."""
    name = asset_name(blob, suffix)
    tree = copy.deepcopy(base.tree)
    doc = tree["document"]
    doc["assets"] = [name if n == base.photo_name else n for n in doc["assets"]]
    for page in doc["pages"]:
        for frame in page["frames"]:
            if frame.get("asset") == base.photo_name:
                frame["asset"] = name
    return encode_json(tree), {name: blob}


def make_bad_photo(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    variant = rng.choice(sorted(hb.PHOTO_SPOILERS))
    blob, suffix = hb.PHOTO_SPOILERS[variant](rng, base.photo)
    document, assets = _replace_photo(base, blob, suffix)
    if len(blob) > hb.MIB:  # big but compressible: only a zip keeps it small on disk
        path, container = write_zip(folder / "project.banmian", document, assets, deflate_assets=True), "zip"
    else:
        path, container = _write_project(rng, folder, document, assets)
    return Mutated(path, variant, f"photo {variant} ({len(blob):,} bytes as {suffix}, {container})")


def make_unchanged(rng: random.Random, base: BaseProject, folder: Path) -> Mutated:
    """A copy of the base project as ``save_project`` or ``save_project_folder`` wrote it."""
    if rng.random() < 0.5:
        path = folder / "project.banmian"
        path.write_bytes(base.zip_path.read_bytes())
        return Mutated(path, "zip", "the base project as saved by save_project")
    shutil.copytree(base.folder_path, folder / "project")
    return Mutated(folder / "project", "folder", "the base project as saved by save_project_folder")


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind(CONTROL_KIND, make_unchanged),
    Kind("huge_number", make_huge_number),
    Kind("nonfinite_number", make_nonfinite_number),
    Kind("tiny_number", make_tiny_number),
    Kind("wrong_type", make_wrong_type),
    Kind("control_chars", make_control_chars),
    Kind("long_string", make_long_string),
    Kind("big_array", make_big_array),
    Kind("key_change", make_key_change),
    Kind("deep_nesting", make_deep_nesting),
    Kind("thread_links", make_thread_links),
    Kind("zip_bomb", make_zip_bomb),
    Kind("zip_lying_size", make_zip_lying_size),
    Kind("zip_member_names", make_zip_member_names),
    Kind("zip_truncated", make_zip_truncated),
    Kind("zip_byte_flips", make_zip_byte_flips),
    Kind("folder_links", make_folder_links, posix_only=True),
    Kind("folder_special_files", make_folder_special_files, posix_only=True),
    Kind("bad_photo", make_bad_photo),
)}
