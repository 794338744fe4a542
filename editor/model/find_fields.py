"""Which fields hold text that 查找 cannot find (pure, no Qt).

``find_replace`` matches only a story's own text: a field run (刊名, 期号,
页码 …) shows a value from 期刊信息 or from its page, which the user changes
there, not by typing or 替换. When a search finds nothing, the 查找和替换
dialog asks ``fields_showing`` whether the words are on the page all the
same — in a field's value, or across a field and the text around it (the
masthead's 2021年第28期 is 年份, 第, 期号 and 期) — and says where to change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.model.document import Document
from editor.model.fields import shown_runs
from editor.model.find_replace import SearchOptions, compile_pattern, fold_width
from editor.model.story import Paragraph

#: Fields whose value comes from the page the text lands on, not from 期刊信息.
PAGE_FIELDS = frozenset({"page", "edition"})


@dataclass(frozen=True)
class FieldMatch:
    """Shown text that matches the search and covers fields: the first such text, and the fields' names."""

    matched: str
    fields: tuple[str, ...]


def _shown_paragraph(doc: Document, paragraph: Paragraph, page_number: int) -> tuple[str, list[tuple[int, int, str]]]:
    """The paragraph as a page shows it, and the spans (start, end, field name) of its fields' values."""
    pieces = shown_runs(doc.issue, paragraph.runs, page_number)
    spans: list[tuple[int, int, str]] = []
    at = 0
    for text, field in pieces:
        if field is not None:
            spans.append((at, at + len(text), field))
        at += len(text)
    return "".join(text for text, _ in pieces), spans


def _page_numbers(doc: Document, paragraph: Paragraph) -> range:
    """The page numbers to show the paragraph with: every page when a field depends on it."""
    if any(run.field in PAGE_FIELDS for run in paragraph.runs):
        return range(1, max(len(doc.pages), 1) + 1)
    return range(1, 2)


def fields_showing(doc: Document, options: SearchOptions) -> FieldMatch | None:
    """Where the search matches shown text that covers fields: the first such text and every field
    any such match covers (in the order met), or None. A bad regular expression raises
    ``SearchError``, as in ``find_all``."""
    if not options.pattern:
        return None
    pattern = compile_pattern(options)
    first = ""
    names: dict[str, None] = {}
    for story in doc.stories.values():
        for paragraph in story.paragraphs:
            if not any(run.field is not None for run in paragraph.runs):
                continue
            for page_number in _page_numbers(doc, paragraph):
                text, spans = _shown_paragraph(doc, paragraph, page_number)
                for match in pattern.finditer(text if options.match_width else fold_width(text)):
                    start, end = match.span()
                    covered = [name for lo, hi, name in spans if lo < end and start < hi]
                    if start < end and covered:
                        first = first or text[start:end]
                        names.update(dict.fromkeys(covered))
    return FieldMatch(first, tuple(names)) if names else None
