"""打包报告: the photos and fonts of an issue, in Chinese, for the print shop or a colleague.

The report (``报告.txt`` in a package) lists every placed photo — its file in
the package, its page, its frame's size in millimetres and its effective
resolution at that size (``editor.layout.photo_resolution``, from the
original's pixels, as 属性 shows it) — and every font the text asks for,
with the file that draws it, or 未找到 and the bundled family that stands in.
Faces the layout drew besides those (a fallback for characters a font
lacks) are listed with their files too. Pure: it reads the document and its
layout, never a file but the fonts' names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from editor.layout.charformat import requested_faces
from editor.layout.display import DocumentLayout, GlyphRun
from editor.layout.engine import default_faces, placed_photo_size
from editor.layout.fontmetrics import FontRef, load_face
from editor.layout.photo_resolution import effective_resolution
from editor.model.document import Document
from editor.model.frames import ImageFrame
from editor.model.units import pt_to_mm

#: A photo the project lacks, as its resolution column says (the PDF shows a placeholder for it).
MISSING = "缺失（项目中没有这张图片，PDF 中为空白占位框）"


@dataclass(frozen=True)
class PhotoLine:
    """One placed photo as the report lists it."""

    file_name: str
    page_number: int
    width_mm: float
    height_mm: float
    #: ``300 ppi`` or ``300 × 280 ppi``; 缺失 when the project lacks the photo (it is not in the package),
    #: 无法读取 when its file cannot be measured.
    resolution: str


@dataclass(frozen=True)
class FontLine:
    """One family and style the text asks for, and what draws it."""

    family: str
    bold: bool
    path: str
    #: The bundled family drawing it instead, when ``family`` is not installed.
    substitute: str | None = None

    @property
    def style(self) -> str:
        return "粗体" if self.bold else "常规"


def photo_lines(doc: Document, file_names: Mapping[str, str]) -> list[PhotoLine]:
    """Every photo frame with a photo, page by page; ``file_names`` maps an asset to its packaged name."""
    lines = []
    for page_index, frame in doc.frames_with_pages():
        if not isinstance(frame, ImageFrame) or frame.asset is None:
            continue
        size = placed_photo_size(frame, doc.assets)
        resolution = effective_resolution(frame, *size) if size is not None else None
        if resolution is not None:
            shown = resolution.text()
        else:
            shown = "无法读取" if frame.asset in doc.assets else MISSING
        lines.append(PhotoLine(file_names.get(frame.asset, frame.asset), page_index + 1,
                               pt_to_mm(frame.width_pt), pt_to_mm(frame.height_pt), shown))
    return lines


def font_lines(doc: Document) -> list[FontLine]:
    """What draws each requested family and style on this machine."""
    registry = default_faces()
    lines = []
    for family, bold in requested_faces(doc):
        resolve = getattr(registry, "resolve", None)
        if resolve is None:  # a plain FaceResolver (tests): no substitution to tell
            lines.append(FontLine(family, bold, registry.resolve_face(family, bold).path))
            continue
        resolved = resolve(family, bold)
        lines.append(FontLine(family, bold, resolved.face.path, resolved.family if resolved.substituted else None))
    return lines


def drawn_faces(layout: DocumentLayout) -> list[FontRef]:
    """Every face a glyph run of ``layout`` uses, in first-use order."""
    seen: dict[FontRef, None] = {}
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                seen[item.font] = None
    return list(seen)


def _photo_section(photos: list[PhotoLine]) -> list[str]:
    lines = [f"一、图片（共 {len(photos)} 张）", "文件名\t页码\t版面尺寸（毫米）\t有效分辨率"]
    for photo in photos:
        lines.append(f"{photo.file_name}\t第 {photo.page_number} 页\t"
                     f"{photo.width_mm:.1f} × {photo.height_mm:.1f}\t{photo.resolution}")
    return lines


def _font_section(fonts: list[FontLine], other_faces: list[FontRef]) -> list[str]:
    lines = [f"二、字体（共 {len(fonts)} 种）", "字体\t字形\t字体文件"]
    for font in fonts:
        where = f"未找到，以 {font.substitute} 替代：{font.path}" if font.substitute else font.path
        lines.append(f"{font.family}\t{font.style}\t{where}")
    if other_faces:
        lines += ["", "另外用于个别字符（所选字体缺字时）的字体文件："]
        lines += [f"{load_face(ref).family_name}\t{ref.path}" for ref in other_faces]
    return lines


def report_text(doc: Document, layout: DocumentLayout, file_names: Mapping[str, str], contents: list[str]) -> str:
    """The whole report: what the package holds, then the photos and the fonts."""
    fonts = font_lines(doc)
    named = {line.path for line in fonts}
    other = [ref for ref in drawn_faces(layout) if ref.path not in named]
    lines = [f"{doc.pdf_title()} 打包报告", "", "本包内容："]
    lines += [f"  {name}" for name in contents]
    lines += ["", *_photo_section(photo_lines(doc, file_names)), "", *_font_section(fonts, other), ""]
    return "\n".join(lines)
