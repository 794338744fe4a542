"""Templates of one's own: 另存为模板 and the list 从模板新建 offers.

A template is an ordinary project file: the design of an issue — masters,
styles, swatches, pages, mastheads and banners — with the articles turned
into placeholders by the same rule 新建下一期 uses
(``editor.model.next_issue``), and without photos unless the user asks for
them (包括图片). House templates are the projects in ``layouts/``; the
user's live in ``editor.user_dirs.templates_dir()`` (on Windows
%APPDATA%\\Banmian\\模板). Starting from either gives a new, untitled issue.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from editor import LAYOUTS_DIR, SAMPLE_PROJECT
from editor.errors import BanmianError, display_name
from editor.io.file_names import check_file_name, safe_file_name
from editor.io.os_errors import os_error_reason
from editor.io.project import PROJECT_SUFFIX, save_project
from editor.model.document import Document
from editor.model.frames import ImageFrame
from editor.model.next_issue import make_next_issue
from editor.user_dirs import templates_dir

#: The project 文件 → 新建 starts from.
BLANK_TEMPLATE = LAYOUTS_DIR / "blank-issue.banmian"
#: Names of the house templates (folder name in layouts/ → what the list shows), in list order.
HOUSE_LABELS: dict[str, str] = {
    BLANK_TEMPLATE.name: "空白期刊",
    SAMPLE_PROJECT.name: "样例：2021年第28期",
    "newsletter-a4.banmian": "通讯：A4 四页三栏",
    "tabloid-a3.banmian": "小报：A3 四版五栏",
}


class TemplateError(BanmianError):
    """A template cannot be saved (bad name, folder not writable …)."""


@dataclass(frozen=True)
class TemplateEntry:
    """One template in 从模板新建's list."""

    path: Path
    label: str
    #: A house template (``layouts/``), not one of the user's.
    house: bool


def house_template_label(path: Path) -> str:
    """A house template's name as the list and the menu show it."""
    return HOUSE_LABELS.get(path.name, path.stem)


def house_templates() -> list[Path]:
    """Projects in ``layouts/``: the named ones in ``HOUSE_LABELS`` order, any others after by name."""
    found = sorted(p for p in LAYOUTS_DIR.glob(f"*{PROJECT_SUFFIX}") if p.exists())
    order = list(HOUSE_LABELS)
    return sorted(found, key=lambda p: order.index(p.name) if p.name in order else len(order))


def user_templates(folder: Path | None = None) -> list[Path]:
    """The user's templates, by name (none when the folder does not exist yet or cannot be read)."""
    folder = folder or templates_dir()
    try:
        return sorted(p for p in folder.glob(f"*{PROJECT_SUFFIX}") if p.exists())
    except OSError:
        return []


def all_templates(folder: Path | None = None) -> list[TemplateEntry]:
    """House templates first, then the user's."""
    entries = [TemplateEntry(path, house_template_label(path), True) for path in house_templates()]
    entries += [TemplateEntry(path, path.stem, False) for path in user_templates(folder)]
    return entries


def template_design(doc: Document, include_photos: bool = False) -> Document:
    """What a template of ``doc`` holds: the design, articles and captions as placeholders;
    photos only with ``include_photos`` (then they stay in their frames). ``doc`` is unchanged."""
    design = make_next_issue(doc, doc.issue).document
    if include_photos:
        originals = {f.id: f for page in doc.pages for f in page.frames if isinstance(f, ImageFrame)}
        for page in design.pages:
            page.frames = [copy.deepcopy(originals[f.id]) if f.id in originals else f for f in page.frames]
        design.assets = dict(doc.assets)
    return design


def template_path(name: str, folder: Path | None = None) -> Path:
    """Where a template called ``name`` is stored (the name made safe for Windows)."""
    cleaned = name.strip()
    if not cleaned:
        raise TemplateError("请输入模板名称。")
    return (folder or templates_dir()) / safe_file_name(f"{cleaned}{PROJECT_SUFFIX}")


def save_template(doc: Document, name: str, include_photos: bool = False, folder: Path | None = None) -> Path:
    """另存为模板: write ``template_design(doc)`` as ``name`` in the templates folder; returns its path.

    An existing template of that name is replaced (the dialog asks first).
    """
    path = template_path(name, folder)
    check_file_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_project(template_design(doc, include_photos), path)
    except OSError as problem:
        raise TemplateError(f"无法保存模板“{display_name(path.name)}”：{os_error_reason(problem)}。") from problem
    return path
