"""PDF export presets: 印刷 for the print shop, 屏幕 for chat and e-mail, and the user's own.

A preset is a handful of values the export dialog and ``banmian export
--preset`` share:

- 印刷 (``print``): photos at 300 ppi of their placed size, 3 mm bleed with
  the photos that touch the trim carried into it (``editor.layout.bleed``),
  crop marks, TrimBox and BleedBox, an sRGB output intent, and pure black
  as 100 % K (``editor.render.pdf_colour``);
- 屏幕 (``screen``): photos at 150 ppi, no bleed, no marks: a small file.

Fonts are embedded (as subsets) by every PDF the export writes, so no preset
needs to say so. The user's presets (保存为预设… in the export dialog) are
kept as JSON in the config folder (``export-presets.json``); a damaged file
reads as none. ``export_pdf_with_preset`` is the one place a preset turns
into a layout step and ``PdfOptions``, for the dialog, the command line and
打包 alike.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.errors import BanmianError, display_name
from editor.io.atomic import write_atomically
from editor.io.regular_files import read_regular_file
from editor.layout.bleed import photos_into_bleed
from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.model.units import mm_to_pt
from editor.render.prepared_photos import PHOTO_PPI_RANGE, PRINT_PPI, SCREEN_PPI, ppi_or_original
from editor.user_dirs import config_dir

PRESETS_FILE_NAME = "export-presets.json"
_MAX_FILE_BYTES = 64 * 1024
#: The most bleed a preset may ask for, and the longest name it may have.
MAX_BLEED_MM = 20.0
MAX_NAME_CHARS = 40
MAX_USER_PRESETS = 50


@dataclass(frozen=True)
class ExportPreset:
    """What a PDF export is asked for."""

    name: str
    #: Photos are resampled down to this resolution at their placed size.
    photo_ppi: int
    #: Bleed beyond the trim, in millimetres; 0 for none. With a bleed come crop marks and page boxes.
    bleed_mm: float = 0.0
    #: An sRGB output intent in the catalog (``editor.render.pdf_output_intent``).
    output_intent: bool = False
    #: Pure black #000000 drawn as 100 % K, on the black plate alone (``editor.render.pdf_colour``).
    black_as_k: bool = False
    #: One of Banmian's own (印刷, 屏幕), which cannot be replaced.
    builtin: bool = False

    @property
    def has_bleed(self) -> bool:
        return self.bleed_mm > 0

    def summary(self) -> str:
        """印刷：300 ppi，出血 3 毫米，裁切线 — the dialog's tooltip, and the list an unknown name is answered with."""
        parts = [f"{self.photo_ppi} ppi"]
        parts.append(f"出血 {self.bleed_mm:g} 毫米，裁切线" if self.has_bleed else "无出血")
        if self.output_intent:
            parts.append("sRGB 输出意图")
        if self.black_as_k:
            parts.append("纯黑单色黑 K100")
        return f"{self.name}：{'，'.join(parts)}"


PRINT_PRESET = ExportPreset("印刷", PRINT_PPI, bleed_mm=3.0, output_intent=True, black_as_k=True, builtin=True)
SCREEN_PRESET = ExportPreset("屏幕", SCREEN_PPI, builtin=True)
BUILTIN_PRESETS = (PRINT_PRESET, SCREEN_PRESET)
#: The English names the command line also takes.
_ALIASES = {"print": PRINT_PRESET, "screen": SCREEN_PRESET}


#: The name of values chosen by hand (the dialog's own, ``--bleed`` without ``--preset``).
CUSTOM = "自定义"


def custom_preset(photo_ppi: int, bleed: bool) -> ExportPreset:
    """Values chosen by hand: a bleed is 印刷's (3 mm) and brings crop marks, the output intent and K-only black."""
    return ExportPreset(CUSTOM, photo_ppi, PRINT_PRESET.bleed_mm if bleed else 0.0, output_intent=bleed,
                        black_as_k=bleed)


def with_bleed(preset: ExportPreset, bleed: bool) -> ExportPreset:
    """``preset`` with its bleed switched on or off (the 出血 checkbox or ``--bleed`` wins)."""
    if preset.has_bleed == bleed:
        return preset
    return custom_preset(preset.photo_ppi, bleed)


def presets_file() -> Path:
    return config_dir() / PRESETS_FILE_NAME


def _reserved(name: str) -> bool:
    """A built-in name, an English alias or 自定义: not for the user's presets."""
    return name.casefold() in {preset.name for preset in BUILTIN_PRESETS} | set(_ALIASES) | {CUSTOM}


def _preset_from_json(entry: object) -> ExportPreset | None:
    """One stored preset, or None when any value is missing or out of range."""
    if not isinstance(entry, dict):
        return None
    name, ppi, bleed, intent, black = (entry.get(key) for key in ("name", "photo_ppi", "bleed_mm", "output_intent",
                                                                  "black_as_k"))
    low, high = PHOTO_PPI_RANGE
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS or _reserved(name.strip()):
        return None
    if isinstance(ppi, bool) or not isinstance(ppi, int) or not low <= ppi <= high:
        return None
    if isinstance(bleed, bool) or not isinstance(bleed, (int, float)) or not 0 <= bleed <= MAX_BLEED_MM:
        return None
    # Presets saved before black_as_k existed print K-only black when they are for print (have a bleed).
    black_as_k = bool(black) if isinstance(black, bool) else bleed > 0
    return ExportPreset(name.strip(), ppi, float(bleed), bool(intent), black_as_k)


def load_user_presets(file: Path | None = None) -> list[ExportPreset]:
    """The user's presets in the order saved; a missing or damaged file gives none."""
    try:
        data = json.loads(read_regular_file(file or presets_file(), _MAX_FILE_BYTES).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return []
    entries = data.get("presets") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    presets = [preset for preset in map(_preset_from_json, entries[:MAX_USER_PRESETS]) if preset is not None]
    return list({preset.name: preset for preset in presets}.values())


def check_preset_name(name: str) -> str:
    """The name, stripped; a Chinese ``BanmianError`` when it cannot be a user preset's."""
    name = name.strip()
    if not name:
        raise BanmianError("预设名称不能为空。")
    if len(name) > MAX_NAME_CHARS:
        raise BanmianError(f"预设名称太长（最多 {MAX_NAME_CHARS} 个字）。")
    if _reserved(name):
        raise BanmianError(f"“{display_name(name)}”是内置的名称，请换一个名称。")
    return name


def save_user_preset(preset: ExportPreset, file: Path | None = None) -> list[ExportPreset]:
    """Add ``preset`` (replacing one of the same name) to the user's presets; returns them all."""
    name = check_preset_name(preset.name)
    preset = dataclasses.replace(preset, name=name, builtin=False)
    presets = [kept for kept in load_user_presets(file) if kept.name != name] + [preset]
    if len(presets) > MAX_USER_PRESETS:
        raise BanmianError(f"最多可保存 {MAX_USER_PRESETS} 个预设，请先删除一些。")
    entries = [{"name": p.name, "photo_ppi": p.photo_ppi, "bleed_mm": p.bleed_mm, "output_intent": p.output_intent,
                "black_as_k": p.black_as_k} for p in presets]
    target = file or presets_file()
    data = json.dumps({"presets": entries}, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, lambda handle: handle.write(data))
    except OSError as problem:
        from editor.io.os_errors import os_error_reason

        logging.getLogger(__name__).warning("could not save export presets to %s", target, exc_info=True)
        raise BanmianError(f"无法保存预设：{os_error_reason(problem)}。") from problem
    return presets


def all_presets(file: Path | None = None) -> list[ExportPreset]:
    """The built-in presets, then the user's."""
    return [*BUILTIN_PRESETS, *load_user_presets(file)]


def find_preset(name: str, file: Path | None = None) -> ExportPreset:
    """The preset called ``name`` (印刷, 屏幕, print, screen or one of the user's)."""
    alias = _ALIASES.get(name.strip().casefold())
    if alias is not None:
        return alias
    for preset in all_presets(file):
        if preset.name == name.strip():
            return preset
    names = "；".join(preset.summary() for preset in all_presets(file))
    raise BanmianError(f"没有名为“{display_name(name)}”的导出预设。可用的预设：{names}。")


def preset_layout(doc: Document, layout: DocumentLayout, preset: ExportPreset) -> tuple[Document, DocumentLayout]:
    """The document and layout the PDF draws: with the preset's bleed, trim-touching photos carried into it.

    ``doc`` is not changed; a copy with the preset's bleed is returned when it differs.
    """
    if not preset.has_bleed:
        return doc, layout
    bleed_pt = mm_to_pt(preset.bleed_mm)
    if not math.isclose(doc.bleed_pt, bleed_pt):
        doc = dataclasses.replace(doc, bleed_pt=bleed_pt)
    return doc, photos_into_bleed(layout, bleed_pt)


def export_pdf_with_preset(doc: Document, layout: DocumentLayout, target, preset: ExportPreset,
                           photo_ppi: int | None = None, invariant: bool = False,
                           progress: Callable[[int, int], None] | None = None) -> None:
    """Write the PDF as ``preset`` says; ``photo_ppi`` (``--dpi``) overrides the preset's resolution
    (``ORIGINAL_PPI``, 原图: every photo keeps its pixels)."""
    from editor.render.pdf import PdfOptions, write_pdf

    doc, layout = preset_layout(doc, layout, preset)
    chosen_ppi = preset.photo_ppi if photo_ppi is None else photo_ppi
    options = PdfOptions(bleed_and_marks=preset.has_bleed, invariant=invariant,
                         photo_ppi=ppi_or_original(chosen_ppi), output_intent=preset.output_intent,
                         black_as_k=preset.black_as_k)
    write_pdf(doc, layout, target, options, progress)
