"""``banmian next PROJECT [-o OUT] [--date] [--keep-articles]``: the next issue from the command line."""

from __future__ import annotations

from editor import SAMPLE_PROJECT
from editor.io.project import load_project, save_project
from tests.test_cli import _has_chinese, _run


def _issue_28(tmp_path):
    """The sample saved as 第28期 in a folder of its own, with the interval to the issue before known."""
    doc = load_project(SAMPLE_PROJECT)
    doc.issue.previous_date = "2021-09-22"
    project = tmp_path / "期刊" / "第28期.banmian"
    project.parent.mkdir()
    save_project(doc, project)
    return project


def test_next_writes_issue_29_beside_the_project_under_the_suggested_name(tmp_path):
    project = _issue_28(tmp_path)
    result = _run("next", str(project))
    assert result.returncode == 0, result.stderr
    made = project.parent / "中铝股份党群工作2021年第29期.banmian"
    doc = load_project(made)
    issue = doc.issue
    assert (issue.year, issue.number, issue.total_number, issue.date, issue.previous_date) == (
        2021, 29, 29, "2021-10-06", "2021-09-29")
    assert str(made) in result.stdout and "在此粘贴正文" in result.stdout
    assert doc.assets == {}
    assert load_project(project).issue.number == 28  # the old issue is left alone


def test_next_with_output_date_and_kept_articles(tmp_path):
    project = _issue_28(tmp_path)
    target = tmp_path / "新年 第一期.banmian"
    result = _run("next", str(project), "-o", str(target), "--date", "2022-01-05", "--keep-articles")
    assert result.returncode == 0, result.stderr
    doc, old = load_project(target), load_project(project)
    assert (doc.issue.year, doc.issue.number, doc.issue.total_number, doc.issue.date) == (2022, 1, 29, "2022-01-05")
    assert doc.stories == old.stories and doc.assets == old.assets


def test_next_never_overwrites_a_file_and_says_so_in_one_chinese_line(tmp_path):
    project = _issue_28(tmp_path)
    existing = tmp_path / "已有.banmian"
    existing.write_bytes(b"keep me")
    bad = {
        "existing output": ["next", str(project), "-o", str(existing)],
        "bad date": ["next", str(project), "-o", str(tmp_path / "x.banmian"), "--date", "2021-13-40"],
        "missing folder": ["next", str(project), "-o", str(tmp_path / "无" / "y.banmian")],
        "reserved name": ["next", str(project), "-o", str(tmp_path / "con.banmian")],
        "missing project": ["next", str(tmp_path / "没有.banmian")],
    }
    for label, args in bad.items():
        result = _run(*args)
        assert result.returncode == 2, (label, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and _has_chinese(lines[0]) and "Traceback" not in result.stderr, (label, result.stderr)
    assert existing.read_bytes() == b"keep me"
    assert "已存在" in _run(*bad["existing output"]).stderr


def test_next_help_says_it_does_not_overwrite():
    result = _run("next", "--help")
    assert result.returncode == 0
    assert "不会覆盖已有文件" in result.stdout
