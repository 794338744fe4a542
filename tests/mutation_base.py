"""The base project of the fuzz test and how a mutated project is written.

The fuzz test of issue 7 spoils one small project in many ways
(``tests/json_mutations.py``, ``tests/file_mutations.py``, listed in
``tests/project_mutations.py``). This module holds what they share: the
base (two pages with every kind of frame, styles, a threaded story, a photo
with a caption, field runs), the ``Mutated`` record of a written case, and
writers that put exact bytes into a zip or a folder project, bypassing the
checks ``editor.io.project`` makes when it saves.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from editor.io.project import asset_name, save_project, save_project_folder
from editor.model import (
    SANS_FAMILY,
    Caption,
    CharacterStyle,
    Document,
    ImageFrame,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
    TextWrap,
)
from editor.model.codec import encode_document
from tests import hostile_bytes as hb

DOCUMENT = "document.json"
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


@dataclass(frozen=True)
class Mutated:
    """A written case: the path to open, a short label to group by, and what the file looks like."""

    path: Path
    variant: str
    description: str


# ---------------------------------------------------------------- writing


def encode_json(tree: Any, raw: str = "", *, ascii_only: bool = False, compact: bool = False) -> bytes:
    """``document.json`` bytes; every ``RAW`` string becomes the token ``raw``.

    Lone surrogates stay \\ud800 escapes with ``ascii_only``; otherwise they
    are written as the (invalid UTF-8) bytes a careless writer would produce."""
    text = json.dumps(tree, ensure_ascii=ascii_only, separators=(",", ":") if compact else None,
                      indent=None if compact else 1)
    if raw:
        text = text.replace(json.dumps(RAW), raw)
    return text.encode("utf-8", "surrogatepass")


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


def write_project(rng: random.Random, folder: Path, document: bytes, assets: dict[str, bytes]) -> tuple[Path, str]:
    """Two times in three a zip, else a folder project."""
    if rng.random() < 2 / 3:
        return write_zip(folder / "project.banmian", document, assets), "zip"
    return write_folder(folder / "project", document, assets), "folder"


def minimal_frame(kind: str, frame_id: str, asset: str) -> dict[str, Any]:
    """A frame with only its required fields (so 10^5 of them fit in document.json's limit)."""
    geometry = {"id": frame_id, "x_pt": 60, "y_pt": 60, "width_pt": 100, "height_pt": 80}
    if kind == "text":
        return {"type": "text", **geometry, "story_id": "s1"}
    if kind == "image":
        return {"type": "image", **geometry, "asset": asset}
    return {"type": "shape", **geometry}
