"""What ``banmian proof PROJECT [--json]`` prints: findings with their page, in Chinese or as JSON.

The page of a finding is the page of the laid-out line holding its first
character (text that does not fit — 溢出 — has none: 页码 is empty/null).
"""

from __future__ import annotations

import json

from editor.layout.display import DocumentLayout
from editor.proof.findings import Finding


def finding_pages(layout: DocumentLayout, findings: list[Finding]) -> list[int | None]:
    """The 1-based page each finding's text is set on, None where it is not set (overset)."""
    spans: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    for page in layout.pages:
        for line in page.lines:
            spans.setdefault((line.story_id, line.paragraph_index), []).append(
                (line.start_offset, line.end_offset, page.index + 1))
    pages: list[int | None] = []
    for finding in findings:
        lines = spans.get((finding.story_id, finding.paragraph_index), [])
        pages.append(next((number for start, end, number in lines if start <= finding.start < max(end, start + 1)), None))
    return pages


def finding_json(finding: Finding, page: int | None) -> dict:
    return {"page": page, "story": finding.story_id, "story_name": finding.story_name,
            "paragraph": finding.paragraph_index, "start": finding.start, "end": finding.end,
            "kind": finding.kind, "text": finding.text, "context": finding.context,
            "suggestion": finding.suggestion, "note": finding.note}


def finding_line(finding: Finding, page: int | None) -> str:
    """One line: 第 3 版 文章“…” 重复字词：…矿业公司【为为】猫场… → 改为：为"""
    where = f"第 {page} 版" if page is not None else "未排入版面"
    if finding.suggestion is None:
        advice = f"（{finding.note}）" if finding.note else ""
    elif finding.suggestion:
        advice = f" → 改为：{finding.suggestion}"
    else:
        advice = " → 删除"
    name = finding.story_name or finding.story_id
    return f"{where} 文章“{name}” {finding.kind}：{finding.context}{advice}"


def report_text(findings: list[Finding], pages: list[int | None]) -> str:
    if not findings:
        return "校对完毕，没有发现问题。"
    lines = [finding_line(finding, page) for finding, page in zip(findings, pages, strict=True)]
    lines.append(f"共发现 {len(findings)} 处问题。")
    return "\n".join(lines)


def report_json(findings: list[Finding], pages: list[int | None]) -> str:
    items = [finding_json(finding, page) for finding, page in zip(findings, pages, strict=True)]
    return json.dumps({"count": len(items), "findings": items}, ensure_ascii=False, indent=1)
