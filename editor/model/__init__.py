"""The document model: pure dataclasses, no Qt, no I/O.

Everything the user makes lives here; layout reads it, the editor changes
it through undoable commands, ``editor.io`` stores it.
"""

from editor.model.document import Document, IssueFields, MasterPage, Page, PageGrid
from editor.model.frames import (
    Caption,
    Frame,
    ImageFrame,
    Insets,
    ShapeFrame,
    TextFrame,
    TextWrap,
)
from editor.model.story import FIELD_LABELS, Paragraph, Run, Story
from editor.model.styles import SANS_FAMILY, SERIF_FAMILY, CharacterStyle, ParagraphStyle
from editor.model.units import MM_PER_PT, PAGE_SIZES_PT, PT_PER_MM, mm_to_pt, pt_to_mm

__all__ = [
    "Caption", "CharacterStyle", "Document", "FIELD_LABELS", "Frame", "ImageFrame", "Insets",
    "IssueFields", "MM_PER_PT", "MasterPage", "PageGrid", "PAGE_SIZES_PT", "PT_PER_MM", "Page", "Paragraph",
    "ParagraphStyle", "Run", "SANS_FAMILY", "SERIF_FAMILY", "ShapeFrame", "Story", "TextFrame",
    "TextWrap", "mm_to_pt", "pt_to_mm",
]
