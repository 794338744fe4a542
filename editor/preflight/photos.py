"""Photos: missing or unreadable ones (drawn as placeholders) and ones too coarse for print.

A photo's resolution is what it has at its placed size
(``editor.layout.photo_resolution``: fit, zoom and rotation included), from
its header as the layout read it — no photo is decoded here. The threshold
is ``PreflightSettings.min_photo_ppi`` (200 by default: 150 lpi halftone
wants 300, and under 200 a newsletter photo looks soft).
"""

from __future__ import annotations

from editor.layout.display import DocumentLayout
from editor.layout.engine import placed_photo_size
from editor.layout.photo_resolution import effective_resolution
from editor.model.document import Document
from editor.model.frames import ImageFrame
from editor.preflight.findings import ERROR, PHOTO_LOW_RESOLUTION, PHOTO_MISSING, WARNING, Finding, PreflightSettings
from editor.preflight.places import frame_subject, frames_on_pages, laid_out


def _unusable(layout: DocumentLayout) -> list[Finding]:
    """The photos the layout drew as placeholders, with its reason."""
    return [Finding(PHOTO_MISSING, ERROR, f"{problem.subject}缺失或无法读取（{problem.reason}），将印成空白占位框。",
                    problem.page_number, problem.frame_id)
            for problem in layout.photo_problems]


def _coarse(doc: Document, layout: DocumentLayout, settings: PreflightSettings, skip: set[str]) -> list[Finding]:
    assets = laid_out(doc, layout).assets
    findings: list[Finding] = []
    for page, frame in frames_on_pages(doc, layout):
        if not isinstance(frame, ImageFrame) or frame.asset is None or frame.id in skip:
            continue
        size = placed_photo_size(frame, assets)
        resolution = effective_resolution(frame, *size) if size is not None else None
        if resolution is None or resolution.lowest_dpi >= settings.min_photo_ppi:
            continue
        message = (f"{frame_subject(frame, page)}在版面上的有效分辨率只有 {round(resolution.lowest_dpi)} ppi，"
                   f"低于 {round(settings.min_photo_ppi)} ppi，印出来会模糊。请换用更大的原图，或缩小图片框。")
        findings.append(Finding(PHOTO_LOW_RESOLUTION, WARNING, message, page, frame.id))
    return findings


def check(doc: Document, layout: DocumentLayout, settings: PreflightSettings) -> list[Finding]:
    """Errors for placeholders, warnings for photos under the threshold."""
    unusable = _unusable(layout)
    return unusable + _coarse(doc, layout, settings, {finding.frame_id or "" for finding in unusable})
