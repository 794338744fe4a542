"""Every photo a layout draws, prepared once for an export — or replaced by its placeholder.

Both exporters (PDF and DOCX) call ``prepare_photos`` before they draw a
page. A photo that cannot be prepared (damaged inside, though its header
read well; out of memory) does not end the export: the layout engine puts
its placeholder where the photo was and notes the photo's file name and page
(``replace_unusable_photos``), and the backend draws that layout as it is.
"""

from __future__ import annotations

from editor.errors import PhotoError
from editor.io.photo_checks import reason_of
from editor.io.photos import PreparedPhoto, prepare_for_pdf
from editor.layout.display import DocumentLayout, ImageItem
from editor.layout.engine import MISSING_PHOTO, replace_unusable_photos
from editor.model.document import Document

PhotoKey = tuple[str, int]


def prepare_photos(doc: Document, layout: DocumentLayout) -> dict[PhotoKey, PreparedPhoto]:
    """Each (asset, rotation) the layout draws, ready to embed; failures become placeholders in ``layout``."""
    prepared: dict[PhotoKey, PreparedPhoto] = {}
    reasons: dict[PhotoKey, str] = {}
    for page in layout.pages:
        for item in page.items:
            if not isinstance(item, ImageItem):
                continue
            key = (item.asset, item.rotation_deg)
            if key in prepared or key in reasons:
                continue
            data = doc.assets.get(item.asset)
            if data is None:
                reasons[key] = MISSING_PHOTO
                continue
            try:
                prepared[key] = prepare_for_pdf(data, item.rotation_deg, name=item.asset)
            except PhotoError as problem:
                reasons[key] = reason_of(problem)
    if reasons:
        replace_unusable_photos(doc, layout, reasons)
    return prepared
