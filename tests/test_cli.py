"""The ``banmian`` command: export and info, and how it fails (issue #2, item 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor import PROJECT_ROOT, SAMPLE_PROJECT
from editor.io.project import load_project, save_project


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or PROJECT_ROOT, env=env, timeout=300)


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_export_writes_the_pdf_into_a_path_with_chinese_and_spaces(tmp_path):
    target = tmp_path / "导出 文件夹" / "第 28 期.pdf"
    target.parent.mkdir()
    result = _run("export", str(SAMPLE_PROJECT), "--pdf", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert not list(target.parent.glob(".*.tmp")), "no temporary file left behind"


def test_export_of_a_zipped_project_matches_the_folder(tmp_path):
    zipped = tmp_path / "样刊.banmian"
    save_project(load_project(SAMPLE_PROJECT), zipped)
    result = _run("export", str(zipped), "--pdf", str(tmp_path / "a.pdf"))
    assert result.returncode == 0, result.stderr


def test_info_json_lists_pages_frames_in_mm_and_stories(tmp_path):
    result = _run("info", str(SAMPLE_PROJECT), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    doc = load_project(SAMPLE_PROJECT)
    assert info["pages"] == 5
    assert info["page_size_mm"] == [210.0, 297.0]
    assert len(info["frames"]) == sum(len(page.frames) for page in doc.pages)
    for frame in info["frames"]:
        assert set(frame) >= {"id", "kind", "page", "x_mm", "y_mm", "w_mm", "h_mm"}
        assert frame["kind"] in {"text", "image", "rule", "box"}
        assert 1 <= frame["page"] <= 5
    kinds = {frame["kind"] for frame in info["frames"]}
    assert {"text", "image", "rule"} <= kinds
    stories = {story["id"]: story for story in info["stories"]}
    assert set(stories) == set(doc.stories)
    assert all(story["overset"] is False and story["chars"] > 0 for story in stories.values())
    lead = stories["lead"]
    assert lead["chars"] == sum(len(p.plain_text()) for p in doc.stories["lead"].paragraphs)


def test_info_reports_an_overset_story(tmp_path):
    doc = load_project(SAMPLE_PROJECT)
    frame = next(f for _, f in doc.frames_with_pages() if getattr(f, "story_id", None) == "lead")
    frame.height_pt = 40.0
    path = tmp_path / "溢出.banmian"
    save_project(doc, path)
    info = json.loads(_run("info", str(path), "--json").stdout)
    assert next(s for s in info["stories"] if s["id"] == "lead")["overset"] is True
    export = _run("export", str(path), "--pdf", str(tmp_path / "o.pdf"))
    assert export.returncode == 0 and "溢出" in export.stderr


def test_python_dash_m_editor_and_the_console_script_agree():
    script = Path(sys.executable).with_name("banmian")
    if not script.exists():
        pytest.skip("the banmian console script is not installed next to this Python")
    by_module = _run("info", str(SAMPLE_PROJECT), "--json").stdout
    by_script = subprocess.run([str(script), "info", str(SAMPLE_PROJECT), "--json"], capture_output=True,
                               text=True, encoding="utf-8", timeout=300).stdout
    assert json.loads(by_module) == json.loads(by_script)


def _bad_inputs(tmp_path: Path) -> dict[str, list[str]]:
    empty = tmp_path / "空.banmian"
    empty.write_bytes(b"")
    text = tmp_path / "不是项目.banmian"
    text.write_text("这不是 zip", encoding="utf-8")
    truncated = tmp_path / "截断.banmian"
    save_project(load_project(SAMPLE_PROJECT), truncated)
    truncated.write_bytes(truncated.read_bytes()[:5000])
    locked_dir = tmp_path / "输出是文件夹.pdf"
    locked_dir.mkdir()
    return {
        "missing project": ["export", str(tmp_path / "没有.banmian"), "--pdf", str(tmp_path / "x.pdf")],
        "empty project": ["info", str(empty)],
        "not a zip": ["info", str(text), "--json"],
        "truncated": ["export", str(truncated), "--pdf", str(tmp_path / "y.pdf")],
        "no output given": ["export", str(SAMPLE_PROJECT)],
        "unknown option": ["export", str(SAMPLE_PROJECT), "--bogus"],
        "missing argument": ["info"],
        "output is a folder": ["export", str(SAMPLE_PROJECT), "--pdf", str(locked_dir)],
        "output folder missing": ["export", str(SAMPLE_PROJECT), "--pdf", str(tmp_path / "无" / "z.pdf")],
    }


def test_bad_input_gives_one_chinese_line_and_exit_status_2(tmp_path):
    for label, args in _bad_inputs(tmp_path).items():
        result = _run(*args)
        assert result.returncode == 2, (label, result.returncode, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (label, result.stderr)
        assert _has_chinese(lines[0]), (label, lines[0])
        assert "Traceback" not in result.stderr and "Error" not in result.stderr, (label, result.stderr)


def test_info_lists_a_master_story_once_under_its_own_id(tmp_path):
    from tests.test_masters_model import _running_head_doc

    doc = _running_head_doc(pages=3)
    project = tmp_path / "母版.banmian"
    save_project(doc, project)
    result = _run("info", str(project), "--json")
    assert result.returncode == 0, result.stderr
    ids = [story["id"] for story in json.loads(result.stdout)["stories"]]
    assert sorted(ids) == sorted(doc.stories)
