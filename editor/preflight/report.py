"""What ``banmian preflight PROJECT [--json]`` prints: each finding with its page, in Chinese or as JSON."""

from __future__ import annotations

import json

from editor.preflight.check import counts
from editor.preflight.findings import Finding


def finding_line(finding: Finding) -> str:
    """One line: 【错误】第 3 页 文字溢出：文章“…”排不下…"""
    where = f"第 {finding.page} 页 " if finding.page is not None else ""
    return f"【{finding.severity}】{where}{finding.kind}：{finding.message}"


def finding_json(finding: Finding) -> dict:
    return {"kind": finding.kind, "severity": finding.severity, "message": finding.message, "page": finding.page,
            "frame": finding.frame_id, "story": finding.story_id, "fix": finding.fix,
            "style": {"kind": finding.style[0], "name": finding.style[1]} if finding.style else None}


def report_text(findings: list[Finding]) -> str:
    if not findings:
        return "检查完毕，没有发现问题。"
    errors, warnings = counts(findings)
    lines = [finding_line(finding) for finding in findings]
    lines.append(f"共 {errors} 个错误，{warnings} 个警告。")
    return "\n".join(lines)


def report_json(findings: list[Finding]) -> str:
    errors, warnings = counts(findings)
    items = [finding_json(finding) for finding in findings]
    return json.dumps({"errors": errors, "warnings": warnings, "findings": items}, ensure_ascii=False, indent=1)
