"""Text of field placeholders (issue number, date, page number …)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from editor.model.document import IssueFields
from editor.model.story import Run


def format_chinese_date(iso_date: str) -> str:
    """``2021-09-29`` → ``2021年9月29日``; an unparsable value is shown as typed."""
    try:
        day = datetime.date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return f"{day.year}年{day.month}月{day.day}日"


def field_text(issue: IssueFields, name: str, page_number: int) -> str:
    """The text a field run shows on page ``page_number`` (1-based)."""
    values = {
        "title": issue.title,
        "year": str(issue.year),
        "number": str(issue.number),
        "total_number": str(issue.total_number),
        "date": format_chinese_date(issue.date),
        "publisher": issue.publisher,
        "page": str(page_number),
        "edition": f"第{page_number}版",
    }
    return values.get(name, "")


def shown_runs(issue: IssueFields, runs: Iterable[Run], page_number: int) -> list[tuple[str, str | None]]:
    """Each run as page ``page_number`` shows it: (its text, None), or a field run's (value, field name)."""
    return [(field_text(issue, run.field, page_number), run.field) if run.field is not None else (run.text, None)
            for run in runs]
