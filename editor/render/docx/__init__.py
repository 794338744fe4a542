"""Word export: an editable DOCX that matches the PDF page for page (issue #4).

Every frame becomes a floating object anchored to its page at the layout's
position: text frames and captions as text boxes (real, editable text in Word
styles made from ours), photos as cropped pictures, rules and boxes as
shapes. The bundled fonts travel inside the file as obfuscated subsets.
Modules, one job each:

- ``plan``: layout → per-page objects (boxes, pictures, shapes), text per box;
- ``styles``: paragraph/character styles → Word styles;
- ``content``: story text cut into the paragraphs of a box;
- ``squeeze``/``dashes``: lines the layout squeezed and —— it stretched, as character spacing;
- ``drawing``/``textbox``/``pictures``/``shapes``: the DrawingML (+ VML) of each object;
- ``fonts``/``fontnames``: which fonts are named, subset and embedded;
- ``package``: the package, settings, page setup and properties;
- ``writer``: puts it together.
"""

from __future__ import annotations

import io
from pathlib import Path

from editor.layout.display import DocumentLayout
from editor.model.document import Document
from editor.render.docx.writer import DocxOptions, assemble, build_docx, save_package
from editor.render.output import export_file

__all__ = ["DocxOptions", "build_docx", "export_docx", "write_docx"]


def write_docx(doc: Document, layout: DocumentLayout, target: str | Path | io.BufferedIOBase,
               options: DocxOptions = DocxOptions()) -> None:
    """Write ``layout`` as a DOCX at ``target`` (a path, saved atomically, or a binary file), streamed:
    the zip goes to the file a part at a time, never whole in memory."""
    word = assemble(doc, layout, options)  # photos prepared before the file is opened
    if not isinstance(target, (str, Path)):
        save_package(word, target, options)
        return
    with export_file(target, held_by=" Word 或 WPS ") as handle:
        save_package(word, handle, options)


def export_docx(doc: Document, target: str | Path, options: DocxOptions = DocxOptions()) -> DocumentLayout:
    """Compose and write the DOCX; returns the layout (for overset warnings)."""
    from editor.layout.engine import layout_document

    layout = layout_document(doc)
    write_docx(doc, layout, target, options)
    return layout
