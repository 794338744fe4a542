"""Preflight of a document: every check over the document and its layout, as ``Finding`` values.

Each check is a function ``(doc, layout, settings) -> list[Finding]`` in its
own module; ``check_document`` runs them in ``KINDS`` order and is cheap
enough to run after every relayout (no photo decoded, no font parsed twice).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from editor.layout.display import DocumentLayout
from editor.layout.font_registry import FontRegistry
from editor.model.document import Document
from editor.preflight import black_text, empty, fonts, geometry, overset, photos, placeholders, stacked
from editor.preflight.findings import DEFAULT_SETTINGS, ERROR, KINDS, WARNING, Finding, PreflightSettings

Check = Callable[[Document, DocumentLayout, PreflightSettings], list[Finding]]


def checks(faces: FontRegistry | None = None) -> list[Check]:
    """Every check, the font check asking ``faces`` (default: the process's registry)."""
    return [overset.check, photos.check, functools.partial(fonts.check, faces=faces), geometry.check,
            stacked.check, black_text.check, placeholders.check, empty.check]


def check_document(doc: Document, layout: DocumentLayout, settings: PreflightSettings = DEFAULT_SETTINGS,
                   faces: FontRegistry | None = None) -> list[Finding]:
    """Every finding, errors first, then by kind and page."""
    found = [finding for run in checks(faces) for finding in run(doc, layout, settings)]
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda f: (not f.is_error, order.get(f.kind, len(order)), f.page or 0))


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    items = list(findings)
    return (sum(1 for f in items if f.severity == ERROR), sum(1 for f in items if f.severity == WARNING))


def by_kind(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by kind, kinds in ``KINDS`` order, empty kinds left out."""
    groups: dict[str, list[Finding]] = {kind: [] for kind in KINDS}
    for finding in findings:
        groups.setdefault(finding.kind, []).append(finding)
    return {kind: items for kind, items in groups.items() if items}
