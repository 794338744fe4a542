"""Resolved character formats: what a run of text is actually set in.

A paragraph style plus an optional character style resolve to a
``CharFormat``: the face (after font substitution), fallback faces for
characters the face lacks, size, colour and letter spacing. Resolution is
cached per (paragraph style, character style) pair for one layout pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from editor.layout.display import RGB
from editor.layout.fontmetrics import FaceMetrics, FontRef, load_face
from editor.model.document import Document
from editor.model.styles import HEX_COLOR, CharacterStyle, ParagraphStyle, hex_to_rgb

#: Used when a paragraph names a style the document does not define.
FALLBACK_PARAGRAPH_STYLE = ParagraphStyle(name="默认")
_BLACK: RGB = (0.0, 0.0, 0.0)


class FaceResolver(Protocol):
    """Maps a family name and weight to a font file face (see font_registry)."""

    def resolve_face(self, family: str, bold: bool) -> FontRef: ...

    def fallback_faces(self, family: str, bold: bool) -> list[FontRef]: ...


@dataclass(frozen=True, eq=False)
class CharFormat:
    """How a character is set: faces to try in order, size, colour, spacing."""

    faces: tuple[FaceMetrics, ...]
    size_pt: float
    color: RGB
    letter_spacing_em: float
    #: The faces of ``faces`` that stand in for a bold face their family lacks: drawn emboldened.
    synthetic_bold_faces: frozenset[FontRef] = frozenset()

    @property
    def face(self) -> FaceMetrics:
        return self.faces[0]

    def is_synthetic_bold(self, face: FaceMetrics) -> bool:
        """True if ``face`` is a regular face set where bold was asked for (see ``synthetic_bold_refs``)."""
        return face.ref in self.synthetic_bold_faces


def resolve_color(doc: Document, value: str | None) -> RGB | None:
    """A colour value (#RRGGBB or swatch name) as RGB; unknown → None."""
    if value is None:
        return None
    if HEX_COLOR.fullmatch(value):
        return hex_to_rgb(value)
    swatch = doc.colors.get(value)
    if swatch is not None and HEX_COLOR.fullmatch(swatch):
        return hex_to_rgb(swatch)
    return None


def requested_face(pstyle: ParagraphStyle, cstyle: CharacterStyle | None) -> tuple[str, bool]:
    """The family and boldness a paragraph style and an optional character style ask for."""
    cstyle = cstyle or CharacterStyle(name="")
    family = cstyle.font_family or pstyle.font_family
    return family, pstyle.bold if cstyle.bold is None else cstyle.bold


def requested_faces(doc: Document) -> list[tuple[str, bool]]:
    """(family, bold) of every paragraph-and-character-style pair the stories use, in first-use order."""
    seen: dict[tuple[str, bool], None] = {}
    for story in doc.stories.values():
        for paragraph in story.paragraphs:
            pstyle = doc.paragraph_styles.get(paragraph.style, FALLBACK_PARAGRAPH_STYLE)
            for run in paragraph.runs:
                cstyle = doc.character_styles.get(run.char_style) if run.char_style else None
                seen[requested_face(pstyle, cstyle)] = None
    return list(seen)


def synthetic_bold_refs(bold_refs: list[FontRef], regular_refs: list[FontRef]) -> frozenset[FontRef]:
    """Of the faces a bold run is set in (face, then fallbacks), those that are regular faces.

    ``bold_refs`` and ``regular_refs`` are the faces a family resolves to bold
    and not bold. A family without a bold face (宋体 on Windows, 仿宋, 楷体)
    resolves bold to its regular face; Word and WPS then embolden that face
    (faux bold), so the renderers must too. A face the family also resolves
    to when not bold is such a stand-in; a real bold face never is.
    """
    regular = set(regular_refs)
    return frozenset(ref for ref in bold_refs if ref in regular)


class FormatResolver:
    """Resolves styles to CharFormats for one document, with caching."""

    def __init__(self, doc: Document, faces: FaceResolver) -> None:
        self._doc = doc
        self._faces = faces
        self._cache: dict[tuple[str, str | None], CharFormat] = {}
        self._refs: dict[tuple[str, bool], list[FontRef]] = {}

    def paragraph_style(self, name: str) -> ParagraphStyle:
        return self._doc.paragraph_styles.get(name, FALLBACK_PARAGRAPH_STYLE)

    def char_format(self, paragraph_style: str, char_style: str | None) -> CharFormat:
        key = (paragraph_style, char_style)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pstyle = self.paragraph_style(paragraph_style)
        cstyle = self._doc.character_styles.get(char_style) if char_style else None
        family, bold = requested_face(pstyle, cstyle)
        cstyle = cstyle or CharacterStyle(name="")
        size_pt = cstyle.size_pt if cstyle.size_pt is not None else pstyle.size_pt
        color = resolve_color(self._doc, cstyle.color) or resolve_color(self._doc, pstyle.color) or _BLACK
        refs = self._face_refs(family, bold)
        result = CharFormat(
            faces=tuple(load_face(ref) for ref in refs),
            size_pt=size_pt,
            color=color,
            letter_spacing_em=pstyle.letter_spacing_em,
            synthetic_bold_faces=synthetic_bold_refs(refs, self._face_refs(family, False)) if bold else frozenset(),
        )
        self._cache[key] = result
        return result

    def _face_refs(self, family: str, bold: bool) -> list[FontRef]:
        """The face ``family`` resolves to, then its fallbacks (no face twice), asked once per pair."""
        refs = self._refs.get((family, bold))
        if refs is None:
            refs = [self._faces.resolve_face(family, bold)]
            for ref in self._faces.fallback_faces(family, bold):
                if ref not in refs:
                    refs.append(ref)
            self._refs[(family, bold)] = refs
        return refs
