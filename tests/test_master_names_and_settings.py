"""New masters are named by letter (「A-母版」, 「B-母版」 …) and take the margins and grid they are given.

The 母版 panel proposes ``next_master_name`` for a new master and builds it
with ``add_master``; its 边距 dialog calls ``set_master_margins``.
"""

from __future__ import annotations

import string

from editor.model import Document, MasterPage, PageGrid
from editor.model.frames import Insets
from editor.model.master_edits import add_master, next_master_name, set_master_margins
from tests.docbuilders import apply_changes


def _masters_named(*names: str) -> Document:
    return Document(masters=[MasterPage(id=f"m{i}", name=name) for i, name in enumerate(names)])


def test_the_first_master_of_a_document_is_named_a() -> None:
    assert next_master_name(Document()) == "A-母版"


def test_the_next_name_takes_the_first_letter_no_master_uses() -> None:
    assert next_master_name(_masters_named("A-封面", "C-内页")) == "B-母版"
    assert next_master_name(_masters_named("A-封面", "B-内页")) == "C-母版"


def test_with_every_letter_taken_the_name_is_numbered_after_the_masters() -> None:
    doc = _masters_named(*(f"{letter}-母版" for letter in string.ascii_uppercase))
    assert next_master_name(doc) == "母版27"


def test_a_new_master_keeps_the_grid_it_is_given() -> None:
    doc = Document()
    apply_changes(add_master(doc, "B-内页", grid=PageGrid(columns=4, gutter_pt=9.0, baseline_pt=14.0)))
    assert [(m.name, m.grid) for m in doc.masters] == [("B-内页", PageGrid(columns=4, gutter_pt=9.0, baseline_pt=14.0))]


def test_a_new_master_without_a_grid_has_one_column() -> None:
    doc = Document()
    apply_changes(add_master(doc, "A-母版"))
    assert doc.masters[0].grid.columns == 1
    assert doc.masters[0].margins == doc.margins


def test_setting_a_masters_margins_gives_it_exactly_those_margins() -> None:
    doc = _masters_named("A-母版")
    margins = Insets(top_pt=40.0, right_pt=30.0, bottom_pt=50.0, left_pt=20.0)
    apply_changes(set_master_margins(doc, "m0", margins))
    assert doc.masters[0].margins == Insets(top_pt=40.0, right_pt=30.0, bottom_pt=50.0, left_pt=20.0)
    assert set_master_margins(doc, "m0", Insets(top_pt=40.0, right_pt=30.0, bottom_pt=50.0, left_pt=20.0)) == []
