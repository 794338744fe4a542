"""Which font name a Word run names, and whether the font travels inside the file.

The bundled open fonts (``fonts/``) are embedded, so a style names them by
their own family name. Any other family (宋体, 微软雅黑 …) is a Windows font
that the approver's Word already has: it is named as the document names it
and never embedded (Windows fonts may not be redistributed). A family that
is missing on this machine is still named as the author wrote it — Word on
Windows has it — while the PDF shows the bundled stand-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editor import FONTS_DIR
from editor.layout.fontmetrics import FontRef, load_face
from editor.model.styles import SANS_FAMILY


@dataclass(frozen=True)
class WordFont:
    """A family as Word sees it."""

    name: str
    #: The face files to embed (regular, bold), or None for a font referenced by name.
    regular: FontRef | None
    bold: FontRef | None
    sans: bool


def is_bundled(ref: FontRef) -> bool:
    """True for a face shipped in ``fonts/`` (open licence: may be embedded)."""
    return Path(ref.path).resolve().parent == FONTS_DIR.resolve()


def _looks_sans(name: str) -> bool:
    from editor.layout.font_registry import fallback_family

    return fallback_family(name) == SANS_FAMILY


def word_font(family: str) -> WordFont:
    """The Word font for a model family name (resolved with the process-wide registry)."""
    from editor.layout.engine import default_faces
    from editor.layout.font_registry import FontRegistry

    registry = default_faces()
    regular = registry.resolve_face(family, False)
    substituted = isinstance(registry, FontRegistry) and registry.resolve(family, False).substituted
    if is_bundled(regular) and not substituted:
        bold = registry.resolve_face(family, True)
        name = load_face(regular).family_name
        return WordFont(name, regular, bold if is_bundled(bold) else None, _looks_sans(name))
    return WordFont(family, None, None, _looks_sans(family))
