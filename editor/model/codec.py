"""Model ⇄ JSON-ready dicts, with strict validation.

The project file's ``document.json`` is ``encode_document(doc)``. Decoding
checks every value against the dataclass type hints and against the rule
declared beside its field (``editor.model.limits``: a range for a number, a
length and the characters allowed for a text, a count for a list — checked
before its items are built), then the document's cross-references and
totals (``editor.model.totals``). A damaged, hostile or hand-written file
fails with one clear Chinese message naming the place, instead of a
traceback, a hang or an export that never ends. The codec is generic over
the dataclasses in ``editor.model``; frames carry a ``"type"`` tag
(``text``, ``image``, ``shape``). Photos are not inside the JSON:
``assets`` lists their names and the bytes travel beside it (see
``editor.io.project``).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from typing import Any, Literal, Union

from editor.errors import ProjectFileError, display_name
from editor.model.document import INSTANCE_MARK, Document, IssueFields, MasterPage, Page, PageGrid
from editor.model.frames import Caption, Frame, ImageFrame, Insets, ShapeFrame, TextFrame, TextWrap
from editor.model.limits import POOL_LIMITS, CountRule, NumberRange, Rule, TextRule, rule_of, text_problem
from editor.model.migrations import CURRENT_FORMAT_VERSION, migrate
from editor.model.story import Paragraph, Run, Story
from editor.model.styles import HEX_COLOR, CharacterStyle, ParagraphStyle
from editor.model.totals import limit_problem

FRAME_TYPES: dict[str, type[Frame]] = {"text": TextFrame, "image": ImageFrame, "shape": ShapeFrame}
_TYPE_OF_FRAME: dict[type[Frame], str] = {cls: tag for tag, cls in FRAME_TYPES.items()}
#: Classes the generic codec may build (a closed set: nothing else is ever constructed).
_KNOWN_CLASSES = (
    Document, IssueFields, Page, MasterPage, PageGrid, Insets, TextWrap, Caption, TextFrame, ImageFrame, ShapeFrame,
    Story, Paragraph, Run, ParagraphStyle, CharacterStyle,
)
_HINTS: dict[type, dict[str, Any]] = {cls: typing.get_type_hints(cls) for cls in _KNOWN_CLASSES}
_FIELDS: dict[type, dict[str, dataclasses.Field[Any]]] = {
    cls: {f.name: f for f in dataclasses.fields(cls)} for cls in _KNOWN_CLASSES
}


#: The rule a value is checked against (None: its type is all there is to check).
Limit = Rule | None


# ---------------------------------------------------------------- encoding


def _encode_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        out: dict[str, Any] = {}
        if isinstance(value, Frame):
            out["type"] = _TYPE_OF_FRAME[type(value)]
        for f in dataclasses.fields(value):
            if f.name == "assets":
                continue
            out[f.name] = _encode_value(getattr(value, f.name))
        return out
    if isinstance(value, list):
        return [_encode_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode_value(item) for key, item in value.items()}
    return value


def encode_document(doc: Document) -> dict[str, Any]:
    """The JSON-ready form of ``doc`` (photos listed by name, not embedded)."""
    body = _encode_value(doc)
    body["assets"] = sorted(doc.assets)
    return {"format_version": CURRENT_FORMAT_VERSION, "document": body}


# ---------------------------------------------------------------- decoding


class OversizedNumber:
    """A JSON number too long to be a value of any field (``parse_int`` hands it here).

    Python reads integers of any length (and refuses those of more than 4,300
    digits with an error that names no place); the project loader keeps the
    digits instead, so the codec can refuse the value where it stands.
    """

    def __init__(self, digits: str) -> None:
        self.digits = digits


#: Integers longer than this are kept as ``OversizedNumber`` (no field goes past 8 digits).
MAX_INTEGER_DIGITS = 30


def parse_json_int(digits: str) -> int | OversizedNumber:
    """``json.loads(..., parse_int=parse_json_int)``: an int, or a marker for an absurd one."""
    return int(digits) if len(digits) <= MAX_INTEGER_DIGITS else OversizedNumber(digits)


#: Where a value sits, built only when a message needs it: ``"document"`` or (parent, ".key" / "[3]").
_Where = Any


def _path_text(where: _Where) -> str:
    """``document.pages[3].frames[0].width_pt`` for a ``_Where`` chain."""
    parts: list[str] = []
    while isinstance(where, tuple):
        where, segment = where
        parts.append(segment)
    parts.append(where)
    return "".join(reversed(parts))


class _Invalid(Exception):
    """A value does not match its declared type or rule; carries the place and a Chinese reason."""

    def __init__(self, where: _Where, reason: str) -> None:
        path = _path_text(where)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class _Budget:
    """Entries of pooled lists decoded so far (frames of all pages, runs of all paragraphs)."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def take(self, pool: str, count: int, where: _Where) -> None:
        total = self.used.get(pool, 0) + count
        if total > POOL_LIMITS[pool]:
            raise _Invalid(where, f"使整个文档的{_POOL_NAMES[pool]}超过 {POOL_LIMITS[pool]:,} 个")
        self.used[pool] = total


_POOL_NAMES = {"frames": "框", "paragraphs": "段落", "runs": "文字片段"}


def _check_count(rule: Limit, size: int, where: _Where, budget: _Budget) -> None:
    if isinstance(rule, CountRule):
        if size > rule.max_items:
            raise _Invalid(where, f"条目过多（{size:,} 个，最多 {rule.max_items:,} 个）")
        if rule.pool is not None:
            budget.take(rule.pool, size, where)


def _key_path(path: str, key: str) -> str:
    return f"{path}.{display_name(key)}"


@functools.lru_cache(maxsize=None)
def _shape(hint: Any) -> tuple[str, tuple[Any, ...]]:
    """What kind of value a type hint asks for, and its arguments (asked once per hint)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        non_none = tuple(a for a in args if a is not type(None))
        return ("optional", non_none) if len(non_none) == 1 and len(args) == 2 else ("unsupported", ())
    if origin is Literal:
        return "literal", args
    if origin in (list, dict):
        return origin.__name__, args
    if hint in (bool, int, float, str):
        return hint.__name__, ()
    if isinstance(hint, type) and hint in _HINTS:
        return "dataclass", ()
    return "unsupported", ()


def _decode_number(hint: type, data: Any, rule: Limit, where: _Where) -> Any:
    """An int or float field's value: the right type, finite, in its range."""
    if isinstance(data, OversizedNumber):
        raise _Invalid(where, f"数值过大（{len(data.digits)} 位数字）")
    if hint is int and (isinstance(data, bool) or not isinstance(data, int)):
        raise _Invalid(where, "应为整数")
    if hint is float and (isinstance(data, bool) or not isinstance(data, (int, float))):
        raise _Invalid(where, "应为数字")
    if isinstance(data, float) and not math.isfinite(data):
        raise _Invalid(where, "应为有限的数字（不能是 NaN 或无穷大）")
    if isinstance(rule, NumberRange) and not rule.contains(data):
        raise _Invalid(where, rule.reason())
    return float(data) if hint is float else data


def _decode_text(data: Any, rule: Limit, where: _Where) -> str:
    if not isinstance(data, str):
        raise _Invalid(where, "应为文字")
    if isinstance(rule, TextRule):
        problem = text_problem(data, rule)
        if problem is not None:
            raise _Invalid(where, problem)
    return data


def _decode_value(hint: Any, data: Any, where: _Where, rule: Limit = None, budget: _Budget | None = None) -> Any:
    budget = budget or _Budget()
    kind, args = _shape(hint)
    if kind == "optional":
        return None if data is None else _decode_value(args[0], data, where, rule, budget)
    if kind == "str":
        return _decode_text(data, rule, where)
    if kind in ("int", "float"):
        return _decode_number(hint, data, rule, where)
    if kind == "bool":
        if not isinstance(data, bool):
            raise _Invalid(where, "应为 true 或 false")
        return data
    if kind == "literal":
        if not isinstance(data, (str, int)) or data not in args or \
                isinstance(data, bool) != any(isinstance(a, bool) for a in args):
            raise _Invalid(where, "应为以下之一：" + "、".join(repr(a) for a in args))
        return data
    if kind == "dataclass":
        return _decode_dataclass(hint, data, where, budget=budget)
    if kind == "list":
        return _decode_list(args[0], data, where, rule, budget)
    if kind == "dict":
        return _decode_dict(args[1], data, where, rule, budget)
    raise _Invalid(where, "类型不受支持")


def _decode_list(item_hint: Any, data: Any, where: _Where, rule: Limit, budget: _Budget) -> list[Any]:
    if not isinstance(data, list):
        raise _Invalid(where, "应为列表")
    _check_count(rule, len(data), where, budget)
    if item_hint is Frame:
        return [_decode_frame(item, (where, f"[{i}]"), budget) for i, item in enumerate(data)]
    items = rule.values if isinstance(rule, CountRule) else None
    return [_decode_value(item_hint, item, (where, f"[{i}]"), items, budget) for i, item in enumerate(data)]


def _decode_dict(value_hint: Any, data: Any, where: _Where, rule: Limit, budget: _Budget) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _Invalid(where, "应为对象")
    _check_count(rule, len(data), where, budget)
    keys = rule.keys if isinstance(rule, CountRule) else None
    values = rule.values if isinstance(rule, CountRule) else None
    return {
        _decode_text(key, keys, (where, f".{key}")): _decode_value(value_hint, value, (where, f".{key}"), values,
                                                                    budget)
        for key, value in data.items()
    }


#: Per model class: (field name, type hint, rule, required) of each field the file holds.
_PLANS: dict[type, list[tuple[str, Any, Limit, bool]]] = {
    cls: [
        (f.name, _HINTS[cls][f.name], rule_of(f),
         f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(cls) if not (cls is Document and f.name == "assets")
    ]
    for cls in _KNOWN_CLASSES
}


def _decode_dataclass(cls: type, data: Any, where: _Where, skip: frozenset[str] = frozenset(),
                      budget: _Budget | None = None) -> Any:
    if not isinstance(data, dict):
        raise _Invalid(where, "应为对象")
    fields = _FIELDS[cls]
    unknown = [key for key in data if key not in fields and key not in skip]
    if unknown:
        raise _Invalid(where, "含有未知的项：" + "、".join(display_name(str(key)) for key in sorted(unknown)[:5]))
    kwargs: dict[str, Any] = {}
    for name, hint, rule, required in _PLANS[cls]:
        if name not in data:
            if required:
                raise _Invalid((where, f".{name}"), "缺少此项")
            continue
        kwargs[name] = _decode_value(hint, data[name], (where, f".{name}"), rule, budget)
    return cls(**kwargs)


def _decode_frame(data: Any, where: _Where, budget: _Budget) -> Frame:
    if not isinstance(data, dict):
        raise _Invalid(where, "应为对象")
    tag = data.get("type")
    cls = FRAME_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        raise _Invalid((where, ".type"), "应为 text、image 或 shape")
    return _decode_dataclass(cls, data, where, skip=frozenset({"type"}), budget=budget)


def _asset_list_rule() -> CountRule:
    """``document.assets`` is written as a list of names: the rule of ``Document.assets`` for a list."""
    rule = rule_of(next(f for f in dataclasses.fields(Document) if f.name == "assets"))
    assert isinstance(rule, CountRule)
    return CountRule(rule.max_items, values=rule.keys)


_ASSET_NAMES = _asset_list_rule()


def _check_color(value: str | None, colors: dict[str, str], path: str) -> None:
    if value is None or HEX_COLOR.fullmatch(value) or value in colors:
        return
    raise _Invalid(path, f"颜色“{value}”既不是 #RRGGBB 也不是色板中的名称")


def _check_references(doc: Document) -> None:
    """Cross-references a hand-written file could get wrong, and the document's totals."""
    for name, value in doc.colors.items():
        if not HEX_COLOR.fullmatch(value):
            raise _Invalid(_key_path("document.colors", name), "应为 #RRGGBB 形式的颜色")
    for name, style in doc.paragraph_styles.items():
        _check_color(style.color, doc.colors, f"{_key_path('document.paragraph_styles', name)}.color")
    for name, cstyle in doc.character_styles.items():
        _check_color(cstyle.color, doc.colors, f"{_key_path('document.character_styles', name)}.color")
    for story_id, story in doc.stories.items():
        if story.id != story_id:
            raise _Invalid(f"{_key_path('document.stories', story_id)}.id", "与其键名不一致")
        _check_id(story_id, f"{_key_path('document.stories', story_id)}.id")
    page_ids: set[str] = set()
    for index, page in enumerate(doc.pages):
        _check_id(page.id, f"document.pages[{index}].id")
        if page.id in page_ids:
            raise _Invalid(f"document.pages[{index}].id", f"页面 ID“{display_name(page.id)}”重复")
        page_ids.add(page.id)
    text_frames = _check_frames(doc)
    _check_threads(text_frames)
    problem = limit_problem(doc)
    if problem is not None:
        raise _Invalid(*problem)


def _check_id(value: str, where: str) -> None:
    """Ids of pages, frames and stories name master instances with ``@`` (``<item>@<page>``):
    one of the document's own would be taken for an instance."""
    if INSTANCE_MARK in value:
        raise _Invalid(where, f"ID“{display_name(value)}”不能含有“{INSTANCE_MARK}”")


def _check_frames(doc: Document) -> dict[str, TextFrame]:
    """Unique frame ids (masters' and pages' together), stories that exist, colours, quarter
    turns, masters that exist, master stories kept to masters; the text frames by id."""
    seen_ids: set[str] = set()
    text_frames: dict[str, TextFrame] = {}
    placed: list[tuple[str, list[Frame]]] = [
        (f"document.masters[{index}]", master.frames) for index, master in enumerate(doc.masters)]
    placed += [(f"document.pages[{index}]", page.frames) for index, page in enumerate(doc.pages)]
    master_ids: set[str] = set()
    for index, master in enumerate(doc.masters):
        if master.id in master_ids:
            raise _Invalid(f"document.masters[{index}].id", f"母版 ID“{display_name(master.id)}”重复")
        master_ids.add(master.id)
    for index, page in enumerate(doc.pages):
        if page.master_id is not None and page.master_id not in master_ids:
            raise _Invalid(f"document.pages[{index}].master_id", f"母版“{display_name(page.master_id)}”不存在")
    master_stories = doc.master_story_ids()
    for owner, frames in placed:
        on_page = owner.startswith("document.pages")
        for frame_index, frame in enumerate(frames):
            where = f"{owner}.frames[{frame_index}]"
            story_ids = [frame.story_id] if isinstance(frame, TextFrame) else (
                [frame.caption.story_id] if isinstance(frame, ImageFrame) and frame.caption is not None else [])
            if on_page and any(story_id in master_stories for story_id in story_ids):
                raise _Invalid(where, "使用了母版中的文章（母版的文章只能在母版上）")
            _check_id(frame.id, f"{where}.id")
            if frame.id in seen_ids:
                raise _Invalid(f"{where}.id", f"框 ID“{display_name(frame.id)}”重复")
            seen_ids.add(frame.id)
            if isinstance(frame, TextFrame):
                text_frames[frame.id] = frame
                if frame.story_id not in doc.stories:
                    raise _Invalid(f"{where}.story_id", f"文章“{display_name(frame.story_id)}”不存在")
                _check_color(frame.fill, doc.colors, f"{where}.fill")
                _check_color(frame.stroke, doc.colors, f"{where}.stroke")
            elif isinstance(frame, ImageFrame):
                if frame.caption is not None and frame.caption.story_id not in doc.stories:
                    raise _Invalid(f"{where}.caption.story_id",
                                   f"文章“{display_name(frame.caption.story_id)}”不存在")
                if frame.rotation_deg % 90 != 0:
                    raise _Invalid(f"{where}.rotation_deg", "旋转角度应为 90 的倍数")
                _check_color(frame.stroke, doc.colors, f"{where}.stroke")
            elif isinstance(frame, ShapeFrame):
                _check_color(frame.fill, doc.colors, f"{where}.fill")
                _check_color(frame.stroke, doc.colors, f"{where}.stroke")
    return text_frames


def _check_threads(text_frames: dict[str, TextFrame]) -> None:
    """Links name text frames of the same story, one link into each, and never loop."""
    linked_from: dict[str, str] = {}
    for frame in text_frames.values():
        target_id = frame.next_frame_id
        if target_id is None:
            continue
        where = f"框“{display_name(frame.id)}”.next_frame_id"
        target = text_frames.get(target_id)
        if target is None:
            raise _Invalid(where, f"链接的文本框“{display_name(target_id)}”不存在")
        if target.story_id != frame.story_id:
            raise _Invalid(where, "链接的文本框属于另一篇文章")
        if target_id in linked_from:
            raise _Invalid(f"框“{display_name(target_id)}”", "被两个文本框同时链接")
        linked_from[target_id] = frame.id
    # With one link into each frame, a thread is a path or a loop: walk each once.
    finished: set[str] = set()
    for frame in text_frames.values():
        walked: set[str] = set()
        current: TextFrame | None = frame
        while current is not None and current.id not in finished:
            if current.id in walked:
                raise _Invalid(f"框“{display_name(frame.id)}”", "文本框链接成环")
            walked.add(current.id)
            current = text_frames.get(current.next_frame_id) if current.next_frame_id else None
        finished |= walked


def decode_document(data: Any, assets: dict[str, bytes]) -> Document:
    """Build a Document from parsed ``document.json`` plus the photo bytes.

    Raises ``ProjectFileError`` (Chinese message) for anything that does not
    fit; migrates older format versions first.
    """
    if not isinstance(data, dict) or "format_version" not in data or "document" not in data:
        raise ProjectFileError("这不是 Banmian 项目文件：document.json 缺少 format_version 或 document。")
    data = migrate(data)
    try:
        body = data["document"]
        if not isinstance(body, dict):
            raise _Invalid("document", "应为对象")
        asset_names = _decode_value(list[str], body.get("assets", []), "document.assets", _ASSET_NAMES)
        doc = _decode_dataclass(Document, body, "document", skip=frozenset({"assets"}))
        _check_references(doc)
    except _Invalid as problem:
        raise ProjectFileError(f"项目文件内容有误：{display_name(problem.path)} {problem.reason}。") from problem
    except RecursionError as problem:
        raise ProjectFileError("项目文件内容有误：嵌套层次过深。") from problem
    doc.assets = {name: assets[name] for name in asset_names if name in assets}
    return doc
