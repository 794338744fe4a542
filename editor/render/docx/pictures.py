"""Photos as floating pictures at their exact rectangles, cropped with ``a:srcRect``.

The bytes come from ``editor.io.photos.prepare_for_pdf`` by way of
``editor.render.prepared_photos`` (which has the layout draw a placeholder
where a photo cannot be prepared, before the pages are planned), as in the
PDF: at ``DocxOptions.photo_ppi`` at the size the photo is placed (300 ppi
by default; 原图 keeps every pixel), upright (EXIF orientation and the user's
rotation applied, no orientation tag left for Word to apply twice), RGB, and
the original JPEG whenever nothing had to change. The picture shows only the part of the photo inside the frame, so
``a:srcRect`` cuts the rest (in 1/1000 %) — Word users can still un-crop it.
"""

from __future__ import annotations

import hashlib

from docx.image.image import Image as WordImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.parts.image import ImagePart
from docx.parts.story import StoryPart
from lxml import etree

from editor.io.photos import PreparedPhoto
from editor.render.docx.drawing import anchor, graphic, outline, preset, xfrm
from editor.render.docx.ooxml import PERCENT_UNIT, PIC_URI, el
from editor.render.docx.plan import Picture
from editor.render.prepared_photos import PhotoKey


class PhotoParts:
    """Adds each prepared (photo, rotation) to the package once and remembers its relationship id.

    python-docx's ``get_or_add_image`` looks for an equal image by hashing every image part
    already added (and numbers the new one by scanning them all), so adding n photos took time
    in n² (200 photos: 51 s). Parts are found here by the SHA-1 of their bytes in a dict and
    numbered by a counter.
    """

    def __init__(self, prepared: dict[PhotoKey, PreparedPhoto], part: StoryPart) -> None:
        self._prepared = prepared
        self._part = part
        self._ids: dict[PhotoKey, str] = {}
        self._by_digest: dict[str, ImagePart] = {}
        self._numbered = len(part.package.image_parts)

    def relationship_id(self, asset: str, rotation_deg: int) -> str:
        key = (asset, rotation_deg)
        if key not in self._ids:
            self._ids[key] = self._part.relate_to(self._image_part(self._prepared[key].data), RT.IMAGE)
        return self._ids[key]

    def _image_part(self, data: bytes) -> ImagePart:
        digest = hashlib.sha1(data).hexdigest()
        part = self._by_digest.get(digest)
        if part is None:
            image = WordImage.from_blob(data)
            self._numbered += 1
            part = ImagePart.from_image(image, PackURI(f"/word/media/image{self._numbered}.{image.ext}"))
            self._part.package.image_parts.append(part)
            self._by_digest[digest] = part
        return part


def _crop(picture: Picture) -> etree._Element:
    left, top, right, bottom = (round(max(0.0, value) * PERCENT_UNIT) for value in picture.crop)
    return el("a:srcRect", {"l": left or None, "t": top or None, "r": right or None, "b": bottom or None})


def picture_run(number: int, picture: Picture, relationship_id: str) -> etree._Element:
    """A run holding the anchored, cropped photo."""
    name = f"图片 {picture.frame_id}"
    pic = el("pic:pic", children=[
        el("pic:nvPicPr", children=[
            el("pic:cNvPr", {"id": number, "name": name}),
            el("pic:cNvPicPr", children=[el("a:picLocks", {"noChangeAspect": 1, "noChangeArrowheads": 1})]),
        ]),
        el("pic:blipFill", children=[
            el("a:blip", {"r:embed": relationship_id}),
            _crop(picture),
            el("a:stretch", children=[el("a:fillRect")]),
        ]),
        el("pic:spPr", {"bwMode": "auto"}, [
            xfrm(picture.rect), preset("rect"), el("a:noFill"), outline(picture.stroke, picture.stroke_width_pt),
        ]),
    ])
    return el("w:r", children=[el("w:drawing", children=[anchor(number, picture.rect, name, graphic(PIC_URI, pic))])])
