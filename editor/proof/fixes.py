"""Fixing findings: model changes that put the suggestion in place of the found text.

Nothing here changes the document: ``fix`` and ``fix_all`` return changes
(``editor.model.changes``) that the caller applies as one undo step, so
undo puts back the very story that was there. A finding whose text has
changed since the check (the editor typed there) is not fixed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from editor.model.changes import Change
from editor.model.document import Document
from editor.model.edits import set_story
from editor.model.find_replace import replace_span
from editor.model.story import Story
from editor.proof.check import check_document, paragraph_text
from editor.proof.findings import Finding
from editor.proof.house_list import DEFAULT_HOUSE_LIST, HouseList


def _still_there(story: Story | None, finding: Finding) -> bool:
    if story is None or finding.suggestion is None or finding.paragraph_index >= len(story.paragraphs):
        return False
    text = paragraph_text(story.paragraphs[finding.paragraph_index])
    return text[finding.start:finding.end] == finding.text


def _fixed_story(story: Story, findings: Iterable[Finding]) -> Story:
    """``story`` with every applicable finding fixed, back to front, overlapping ones skipped."""
    paragraphs = list(story.paragraphs)
    taken: dict[int, list[tuple[int, int]]] = {}
    for finding in sorted(findings, key=lambda f: (f.paragraph_index, f.start, f.end), reverse=True):
        spans = taken.setdefault(finding.paragraph_index, [])
        if not _still_there(story, finding) or any(finding.start < hi and lo < finding.end for lo, hi in spans):
            continue
        spans.append((finding.start, finding.end))
        index = finding.paragraph_index
        paragraphs[index] = replace_span(paragraphs[index], finding.start, finding.end, finding.suggestion or "")
    return dataclasses.replace(story, paragraphs=paragraphs)


def fix_findings(doc: Document, findings: Iterable[Finding]) -> list[Change]:
    """Changes fixing ``findings`` (one story change per story touched); [] when none applies."""
    per_story: dict[str, list[Finding]] = {}
    for finding in findings:
        if _still_there(doc.stories.get(finding.story_id), finding):
            per_story.setdefault(finding.story_id, []).append(finding)
    changes: list[Change] = []
    for story_id, items in per_story.items():
        story = doc.stories[story_id]
        fixed = _fixed_story(story, items)
        if fixed != story:
            changes.extend(set_story(doc, fixed))
    return changes


def fix(doc: Document, finding: Finding) -> list[Change]:
    """Changes fixing one finding; [] if it has no suggestion or its text changed."""
    return fix_findings(doc, [finding])


def fix_all(doc: Document, kind: str, house: HouseList = DEFAULT_HOUSE_LIST,
            ignored: Iterable[tuple[str, str, str, str]] = ()) -> list[Change]:
    """Changes fixing every finding of ``kind`` in the document (ignored ones left alone)."""
    return fix_findings(doc, [f for f in check_document(doc, house, ignored) if f.kind == kind])
