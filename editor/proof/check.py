"""Proofing a document: every article's paragraphs through ``rules``, as ``Finding`` values.

Articles are the stories on pages and the photo captions; stories in master
frames (running heads, issue lines) and ``Story.fixed`` ones are design, not
the issue's text, and are not checked. Offsets count a field run as one
character (``FIELD_CHAR``), as the canvas does; a hit touching a field is
dropped (a field's text is not the editor's to correct).
"""

from __future__ import annotations

from collections.abc import Iterable

from editor.model.document import Document
from editor.model.story import Paragraph, Story
from editor.proof.findings import KINDS, Finding, Hit
from editor.proof.house_list import DEFAULT_HOUSE_LIST, HouseList
from editor.proof.rules import check_text

#: What a field run stands for in the checked text (the canvas's marker for it, too).
FIELD_CHAR = "\ufffc"
#: Characters of context shown either side of the found text.
CONTEXT_CHARS = 8


def paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text, one character per offset (a field is ``FIELD_CHAR``)."""
    return "".join(FIELD_CHAR if run.field is not None else run.text for run in paragraph.runs)


def context_of(text: str, start: int, end: int) -> str:
    """A snippet around [start, end) with the found text in 【】 (line breaks shown as ↵)."""
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    lead = "…" if start > CONTEXT_CHARS else ""
    tail = "…" if end + CONTEXT_CHARS < len(text) else ""
    snippet = f"{lead}{before}【{text[start:end]}】{after}{tail}"
    return snippet.replace("\n", "↵").replace(FIELD_CHAR, "")


def proofed_story_ids(doc: Document) -> list[str]:
    """The articles and captions, in document order; master and fixed stories left out."""
    design = doc.master_story_ids()
    return [story_id for story_id, story in doc.stories.items() if story_id not in design and not story.fixed]


def _finding(story: Story, paragraph_index: int, text: str, hit: Hit) -> Finding:
    return Finding(story_id=story.id, story_name=story.name, paragraph_index=paragraph_index, start=hit.start,
                   end=hit.end, kind=hit.kind, text=text[hit.start:hit.end],
                   context=context_of(text, hit.start, hit.end), suggestion=hit.suggestion, note=hit.note)


def check_story(story: Story, house: HouseList = DEFAULT_HOUSE_LIST) -> list[Finding]:
    """Every finding in one story, in reading order."""
    texts = [paragraph_text(paragraph) for paragraph in story.paragraphs]
    findings: list[Finding] = []
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else ""
        for hit in check_text(text, house, following):
            if FIELD_CHAR not in text[max(0, hit.start - 1):hit.end + 1]:
                findings.append(_finding(story, index, text, hit))
    return findings


def check_document(doc: Document, house: HouseList = DEFAULT_HOUSE_LIST,
                   ignored: Iterable[tuple[str, str, str, str]] = ()) -> list[Finding]:
    """Every finding in the document's articles, less the ignored ones (``Finding.ignore_key``)."""
    skip = set(ignored)
    findings = [finding for story_id in proofed_story_ids(doc) for finding in check_story(doc.stories[story_id], house)]
    return [finding for finding in findings if finding.ignore_key() not in skip]


def by_kind(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by kind, kinds in ``KINDS`` order, empty kinds left out."""
    groups: dict[str, list[Finding]] = {kind: [] for kind in KINDS}
    for finding in findings:
        groups.setdefault(finding.kind, []).append(finding)
    return {kind: items for kind, items in groups.items() if items}
