"""The house list: preferred forms (其它 → 其他) and doubled words that are fine (工作作风).

A built-in default, overridden by ``proof-words.json`` in the user's config
folder (``editor.user_dirs.config_dir``) when the user has written one
(校对 panel → 编辑用词表… writes the default there first). The file::

    {"version": 1,
     "forms": [{"wrong": "其它", "right": "其他"},
               {"wrong": "登陆", "right": "登录", "before": ["系统", "账号"]}],
     "allowed_doubles": ["工作作风", "学习习近平"]}

A form with ``before`` is reported only when one of those words follows it
(登陆 stays right in 登陆作战). ``allowed_doubles`` extends the built-in
list of words whose doubled character is correct (see ``rules.doubled``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from editor.errors import BanmianError, display_name
from editor.io.os_errors import os_error_reason
from editor.io.regular_files import read_regular_file
from editor.user_dirs import config_dir

FILE_NAME = "proof-words.json"
#: A house list is a few hundred lines; anything far larger is not one.
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class PreferredForm:
    """``wrong`` should read ``right``; with ``before``, only when one of those words follows."""

    wrong: str
    right: str
    before: tuple[str, ...] = ()


@dataclass(frozen=True)
class HouseList:
    forms: tuple[PreferredForm, ...] = ()
    allowed_doubles: tuple[str, ...] = field(default_factory=tuple)


_LOGIN_OBJECTS = ("系统", "账号", "帐号", "账户", "帐户", "网站", "平台", "页面", "邮箱", "客户端", "界面", "后台",
                  "APP", "App", "app", "小程序", "公众号", "网页", "软件", "密码", "用户名", "名")

DEFAULT_HOUSE_LIST = HouseList(
    forms=(
        PreferredForm("其它", "其他"),
        PreferredForm("登陆", "登录", _LOGIN_OBJECTS),
        PreferredForm("做为", "作为"),
        PreferredForm("好象", "好像"),
        PreferredForm("图象", "图像"),
        PreferredForm("帐号", "账号"),
        PreferredForm("帐户", "账户"),
        PreferredForm("再接再励", "再接再厉"),
        PreferredForm("迫不急待", "迫不及待"),
        PreferredForm("一愁莫展", "一筹莫展"),
        PreferredForm("按装", "安装"),
        PreferredForm("既使", "即使"),
    ),
    allowed_doubles=(),
)


def house_list_path() -> Path:
    """Where the user's house list is read from."""
    return config_dir() / FILE_NAME


def house_list_json(house: HouseList) -> str:
    """The file text of ``house`` (what 编辑用词表… writes first)."""
    forms = []
    for form in house.forms:
        entry: dict[str, object] = {"wrong": form.wrong, "right": form.right}
        if form.before:
            entry["before"] = list(form.before)
        forms.append(entry)
    data = {"version": 1, "forms": forms, "allowed_doubles": list(house.allowed_doubles)}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _strings(value: object, what: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise BanmianError(f"校对用词表“{display_name(path)}”有误：{what}应为文字列表。")
    return tuple(value)


def parse_house_list(text: str, path: Path) -> HouseList:
    """A house list from its JSON text; a Chinese ``BanmianError`` naming ``path`` when malformed."""
    try:
        data = json.loads(text)
    except ValueError:
        raise BanmianError(f"校对用词表“{display_name(path)}”不是有效的 JSON 文件。") from None
    if not isinstance(data, dict) or not isinstance(data.get("forms", []), list):
        raise BanmianError(f"校对用词表“{display_name(path)}”有误：缺少 forms 列表。")
    forms = []
    for entry in data.get("forms", []):
        if not (isinstance(entry, dict) and isinstance(entry.get("wrong"), str) and isinstance(entry.get("right"), str)
                and entry["wrong"]):
            raise BanmianError(f"校对用词表“{display_name(path)}”有误：每一项需要 wrong 和 right。")
        before = _strings(entry.get("before", []), "before ", path)
        forms.append(PreferredForm(entry["wrong"], entry["right"], before))
    allowed = _strings(data.get("allowed_doubles", []), "allowed_doubles ", path)
    return HouseList(forms=tuple(forms), allowed_doubles=allowed)


def load_house_list(path: Path | None = None) -> HouseList:
    """The user's house list, or the built-in one when the user has none."""
    path = house_list_path() if path is None else path
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return DEFAULT_HOUSE_LIST
    except OSError as problem:
        raise BanmianError(f"无法读取校对用词表“{display_name(path)}”：{os_error_reason(problem)}。") from problem
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BanmianError(f"校对用词表“{display_name(path)}”不是 UTF-8 文本。") from None
    return parse_house_list(text, path)


def write_default_house_list(path: Path | None = None) -> Path:
    """Write the built-in list where the user's goes, unless one is there; the path either way."""
    path = house_list_path() if path is None else path
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(house_list_json(DEFAULT_HOUSE_LIST), encoding="utf-8")
        except OSError as problem:
            raise BanmianError(f"无法写入校对用词表“{display_name(path)}”：{os_error_reason(problem)}。") from problem
    return path
