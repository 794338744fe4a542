"""Mutations of document.json for the fuzz test: numbers, types, strings, arrays, keys, nesting, links.

Each ``make_*`` writes one project whose document.json is the base's with
one thing spoilt, chosen by the case's random generator (the kinds are
listed in ``tests/project_mutations.py``): a number replaced by a raw token
(``1e309``, ``NaN``, a 4,301-digit integer, ``5e-324``), a value of the
wrong type, control characters or a million characters in any kind of
string (ids, names, style and swatch keys, run text, colours, dates), an
array or map grown to 10^3–10^5 entries or exactly to the loader's limit,
a key deleted or renamed, nesting 100,000 deep, thread links that loop.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tests.mutation_base import RAW, BaseProject, Mutated, encode_json, minimal_frame, write_project

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


def _json_case(rng: random.Random, base: BaseProject, folder: Path,
               spoil: Callable[[random.Random, dict], tuple[str, str, str]], compact: bool = False) -> Mutated:
    """A case that changes document.json: ``spoil`` edits the tree and returns (variant, description, raw token)."""
    tree = copy.deepcopy(base.tree)
    variant, description, raw = spoil(rng, tree)
    has_surrogate = any(isinstance(v, str) and any("\ud800" <= c <= "\udfff" for c in v) for _, v in _walk(tree))
    ascii_only = rng.random() < (0.9 if has_surrogate else 0.3)
    document = encode_json(tree, raw, ascii_only=ascii_only, compact=compact)
    path, container = write_project(rng, folder, document, {base.photo_name: base.photo})
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

def _grow(rng: random.Random, tree: dict, base: BaseProject, count: int | None) -> tuple[str, int]:
    """Add ``count`` (None: as many as the loader allows) of one thing; returns what and how many."""
    doc = tree["document"]
    target = rng.choice(BIG_TARGETS)
    count = _room(doc, target) if count is None else count
    if target == "pages":
        doc["pages"] += [{"id": f"q{i}", "frames": [minimal_frame("text", f"x{i}", "")]} for i in range(count)]
    elif target == "pages-duplicate":
        doc["pages"] += [{"id": "p2", "frames": [minimal_frame("text", "t2", "")]} for _ in range(count)]
    elif target.startswith("frames"):
        kind = target.partition("-")[2]
        frames = doc["pages"][0]["frames"]
        if kind == "duplicate":
            frames += [copy.deepcopy(frames[-1]) for _ in range(count)]
        else:
            frames += [minimal_frame(kind, f"x{i}", base.photo_name) for i in range(count)]
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
        doc["pages"][1]["frames"].append({**minimal_frame("text", "t3", ""), "next_frame_id": "t2"})
    elif variant == "long-chain":
        count = rng.choice((100, 1000, 10_000))
        chain = [{**minimal_frame("text", f"c{i}", ""), "width_pt": 12, "height_pt": 12, "next_frame_id": f"c{i + 1}"}
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
