"""A new issue started from a template carries this year and today's date, not the template's
2021年第1期 2021年1月1日; the sample opened as a new issue stays 2021年第28期, the issue it is.

Today's date is passed in (the model never reads the clock); the window's ``FileManager.today``
is replaced here by a fixed day, so nothing depends on when the tests run.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.io.templates import BLANK_TEMPLATE, house_templates, save_template
from editor.model.document import IssueFields
from editor.model.next_issue import new_issue_fields

SPRING_DAY = datetime.date(2026, 3, 5)


# ------------------------------------------------------------------ the model


def test_a_template_of_another_year_gives_issue_1_of_this_year_dated_today() -> None:
    template = IssueFields(title="企业通讯", year=2021, number=7, total_number=40, date="2021-01-01",
                           publisher="编印单位", previous_date="2020-12-25")
    assert new_issue_fields(template, SPRING_DAY) == IssueFields(
        title="企业通讯", year=2026, number=1, total_number=41, date="2026-03-05", publisher="编印单位",
        previous_date="")


def test_a_template_of_this_year_keeps_its_issue_number() -> None:
    template = IssueFields(year=2026, number=12, total_number=300, date="2026-02-01", previous_date="2026-01-25")
    fields = new_issue_fields(template, SPRING_DAY)
    assert (fields.year, fields.number, fields.total_number, fields.date, fields.previous_date) == (
        2026, 12, 300, "2026-03-05", "")


def test_the_template_itself_is_not_changed() -> None:
    template = IssueFields(year=2021, number=1, date="2021-01-01")
    new_issue_fields(template, SPRING_DAY)
    assert (template.year, template.date) == (2021, "2021-01-01")


# ------------------------------------------------------------------ the window


@pytest.fixture
def window(make_window):
    window = make_window()
    window.files.today = lambda: SPRING_DAY
    return window


def _issue_line(window) -> tuple[int, int, int, str]:
    issue = window.controller.doc.issue
    return issue.year, issue.number, issue.total_number, issue.date


def test_new_starts_this_years_issue_1_dated_today(window) -> None:
    assert load_project(BLANK_TEMPLATE).issue.date == "2021-01-01"  # what the blank template holds
    assert window.files.new_from_template()
    assert _issue_line(window) == (2026, 1, 1, "2026-03-05")
    assert window.controller.path is None


def test_closing_the_document_shows_a_new_issue_of_today(window) -> None:
    assert window.files.close_document()
    assert _issue_line(window) == (2026, 1, 1, "2026-03-05")


@pytest.mark.parametrize("name", ["newsletter-a4.banmian", "tabloid-a3.banmian"])
def test_a_house_template_starts_an_issue_of_today(window, name: str) -> None:
    template = next(path for path in house_templates() if path.name == name)
    assert window.files.new_from_template(template)
    assert _issue_line(window) == (2026, 1, 1, "2026-03-05")


def test_a_template_of_ones_own_saved_from_an_old_issue_starts_an_issue_of_today(window, tmp_path: Path) -> None:
    path = save_template(load_project(SAMPLE_PROJECT), "党群工作 周刊版式", folder=tmp_path)
    assert load_project(path).issue.year == 2021
    assert window.files.new_from_template(path)
    assert _issue_line(window) == (2026, 1, 29, "2026-03-05")
    assert window.controller.doc.issue.previous_date == ""


def test_the_sample_opened_as_a_new_issue_stays_issue_28_of_2021(window) -> None:
    assert window.files.new_from_template(SAMPLE_PROJECT)
    assert _issue_line(window) == (2021, 28, 28, "2021-09-29")


def test_the_sample_as_the_editor_starts_with_it_stays_issue_28_of_2021(window) -> None:
    window.files.start(SAMPLE_PROJECT)
    assert _issue_line(window) == (2021, 28, 28, "2021-09-29")
    assert window.controller.path is None


def test_a_copy_of_the_sample_under_another_name_is_a_template_like_any_other(window, tmp_path: Path) -> None:
    copy = tmp_path / "样例副本.banmian"
    shutil.copytree(SAMPLE_PROJECT, copy)  # the sample is a folder project
    assert window.files.new_from_template(copy)
    assert _issue_line(window) == (2026, 1, 29, "2026-03-05")


def test_opening_an_issue_keeps_its_own_date(window) -> None:
    assert window.files.open_path(SAMPLE_PROJECT, ask=False)
    assert _issue_line(window) == (2021, 28, 28, "2021-09-29")
