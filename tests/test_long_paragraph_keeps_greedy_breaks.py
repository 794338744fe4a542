"""A paragraph longer than ``paragraph_breaks.MAX_CHARACTERS`` keeps the greedy breaks (a bound on
the work for pathological input, module docstring), while a short one is re-broken when that
looks better; the greedy lines are what the flow gives with the paragraph-wide pass turned off."""

from __future__ import annotations

import pytest

from editor.layout import flow
from editor.layout.paragraph_breaks import MAX_CHARACTERS
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, compose, line_texts, one_frame_doc
from tests.test_paragraph_breaks import CORPUS

WIDTH_PT = 125.0  # 12.5 em: lines must be justified, so the two breakers often differ


def _lines(text: str) -> list[str]:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0)
    layout = compose(one_frame_doc([text], width_pt=WIDTH_PT, height_pt=200000.0, style=style))
    assert not layout.stories["s"].overset
    return line_texts(layout)


def _greedy_lines(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patch:
        patch.setattr(flow, "total_fit_breaks", lambda prep, widths, greedy_ends: greedy_ends)
        return _lines(text)


#: A corpus paragraph the paragraph-wide pass re-breaks at this width, repeated past the limit.
REPEATED = CORPUS[3][0]


def _long_text() -> str:
    return REPEATED * (MAX_CHARACTERS // len(REPEATED) + 1)


def test_a_paragraph_over_the_limit_is_set_with_the_greedy_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _long_text()
    assert len(text) > MAX_CHARACTERS
    assert _lines(text) == _greedy_lines(text, monkeypatch)


def test_the_repeated_paragraph_alone_is_re_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check above means something only if the paragraph-wide pass would change these lines.
    assert _lines(REPEATED) != _greedy_lines(REPEATED, monkeypatch)
