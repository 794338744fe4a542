"""打包: everything a print shop or a colleague needs, in one folder or one zip.

``package_project`` writes, under a top folder named after the package:
the project file (``.banmian``), the print PDF (the 印刷 preset: 300 ppi,
bleed, crop marks) and the DOCX, named as the project is (a colleague
finds the 第28期.pdf they were sent, not 第28期-打包.pdf), every placed
photo at its original bytes in ``图片/`` under the name it was inserted
with, and ``报告.txt`` (``package_report``: each photo's page, size and
effective resolution, each font's file). A package is built in a hidden
temporary folder beside the destination and only then renamed into place
(a folder) or written atomically (a zip), so a failure — a full disk, a
photo that cannot be read, a cancelled run — leaves nothing at the
destination and an existing zip untouched. A photo missing from the project
does not stop it: the PDF shows a placeholder there, as every export does,
and the report lists the photo as 缺失. Names with Chinese characters
and spaces are kept as they are; a zip marks them UTF-8.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.errors import BanmianError, ExportError, display_name
from editor.io.file_names import check_file_name, safe_file_name
from editor.io.os_errors import os_error_reason
from editor.io.project import write_project_zip
from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.model.frames import ImageFrame
from editor.render.export_presets import PRINT_PRESET, export_pdf_with_preset
from editor.render.output import export_file
from editor.render.package_report import report_text

PHOTOS_FOLDER = "图片"
REPORT_NAME = "报告.txt"
#: Members already compressed (photos, PDF streams, DOCX) are stored; text is deflated.
_DEFLATED_SUFFIXES = (".txt",)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PackageResult:
    """What was written, for the message after 打包."""

    target: Path
    photo_count: int
    notes: list[str]


#: The name Word gives a picture inside a .docx (word/media/image1.jpeg): not a name the user chose.
_WORD_MEDIA_NAME = re.compile(r"image\d+\.\w+", re.IGNORECASE)


def _source_names(doc: Document) -> dict[str, list[str]]:
    """Each placed photo's asset → the names its frames were given, in page order ("" unknown)."""
    sources: dict[str, list[str]] = {}
    for _, frame in doc.frames_with_pages():
        if isinstance(frame, ImageFrame) and frame.asset is not None:
            sources.setdefault(frame.asset, []).append(frame.source_name.strip())
    return sources


def _best_source_name(names: list[str]) -> str:
    """The name to pack a photo under: one a user inserted it with beats the image<N> of a Word
    file the same picture came in (a photo shows once however many frames show it)."""
    known = [name for name in names if name]
    chosen = [name for name in known if not _WORD_MEDIA_NAME.fullmatch(name)]
    return (chosen or known or [""])[0]


def photo_file_names(doc: Document) -> dict[str, str]:
    """Each placed photo's asset → a file name in ``图片/``: the name it was inserted or imported
    under when known (made safe for Windows), else the asset's own; a clash gets ``-2``, ``-3`` …"""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for asset, sources in _source_names(doc).items():
        source = _best_source_name(sources)
        wanted = safe_file_name(source) if source else asset
        stem, dot, suffix = wanted.rpartition(".")
        stem, suffix = (stem, dot + suffix) if dot else (wanted, "")
        name, counter = wanted, 1
        while name.casefold() in taken:
            counter += 1
            name = f"{stem}-{counter}{suffix}"
        taken.add(name.casefold())
        names[asset] = name
    return names


def _target_kind(target: Path) -> str:
    """``zip`` for a ``.zip`` target, else ``folder``; refuses what would be overwritten."""
    check_file_name(target)
    if target.suffix.lower() == ".zip":
        if target.is_dir():
            raise ExportError(f"不能打包到“{display_name(target)}”：这是一个文件夹。")
        return "zip"
    if os.path.lexists(target):
        raise ExportError(f"“{display_name(target)}”已存在，没有覆盖。请换一个文件夹名，或打包为 .zip 文件。")
    return "folder"


def _write_contents(doc: Document, layout: DocumentLayout, folder: Path, stem: str,
                    progress: Progress | None) -> tuple[list[str], int]:
    """Everything into ``folder``; the names written (relative, in order) and the number of photos packed."""
    from editor.render.docx import write_docx

    names = photo_file_names(layout.document or doc)
    steps = 4 + len(names)
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, steps)

    contents = [f"{stem}.banmian", f"{stem}.pdf", f"{stem}.docx"]
    with open(folder / contents[0], "wb") as handle:
        write_project_zip(doc, handle)
    advance()
    export_pdf_with_preset(doc, layout, folder / contents[1], PRINT_PRESET)
    advance()
    write_docx(doc, layout, folder / contents[2])
    advance()
    (folder / PHOTOS_FOLDER).mkdir()
    packed = 0
    for asset, name in names.items():
        data = doc.assets.get(asset)
        if data is not None:  # missing: a placeholder in the PDF, 缺失 in the report
            (folder / PHOTOS_FOLDER / name).write_bytes(data)
            contents.append(f"{PHOTOS_FOLDER}/{name}")
            packed += 1
        advance()
    contents.append(REPORT_NAME)
    (folder / REPORT_NAME).write_text(report_text(layout.document or doc, layout, names, contents), encoding="utf-8")
    advance()
    return contents, packed


def _zip_folder(folder: Path, top: str, contents: list[str], target: Path) -> None:
    """``folder``'s listed files as ``top/…`` members of a zip written atomically at ``target``."""
    with export_file(target, held_by="其他程序") as handle, zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
        for name in contents:
            method = zipfile.ZIP_DEFLATED if name.endswith(_DEFLATED_SUFFIXES) else zipfile.ZIP_STORED
            archive.write(folder / name, f"{top}/{name}", compress_type=method)


def package_project(doc: Document, layout: DocumentLayout, target: str | Path,
                    progress: Progress | None = None, name: str | None = None) -> PackageResult:
    """Write the package of ``doc`` (laid out as ``layout``) to ``target`` (a new folder, or a .zip);
    the project, PDF and DOCX in it are called ``name`` (the project's), else as the package is."""
    target = Path(target).absolute()
    kind = _target_kind(target)
    top = target.stem if kind == "zip" else target.name
    stem = name or top
    parent = target.parent
    if not parent.is_dir():
        raise ExportError(f"文件夹“{display_name(parent)}”不存在，无法打包。")
    try:
        building = Path(tempfile.mkdtemp(prefix=".banmian-打包-", dir=parent))
    except OSError as problem:
        raise ExportError(f"无法在“{display_name(parent)}”中打包：{os_error_reason(problem)}。") from problem
    try:
        inner = building / top
        inner.mkdir()
        contents, photo_count = _write_contents(doc, layout, inner, stem, progress)
        if kind == "zip":
            _zip_folder(inner, top, contents, target)
        else:
            os.rename(inner, target)  # no replace: a folder that appeared meanwhile is not overwritten
    except BanmianError:
        raise
    except OSError as problem:
        raise ExportError(f"无法打包到“{display_name(target)}”：{os_error_reason(problem)}。") from problem
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return PackageResult(target, photo_count, list(layout.warnings))
