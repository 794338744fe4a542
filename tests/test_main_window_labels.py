"""Stories and frames are named in the user's words everywhere, never by internal id:
the 属性 panel, the status bar, export notes, recovery summaries and ``banmian info``."""

from __future__ import annotations

import dataclasses
import io
import re
from contextlib import redirect_stdout

from editor import SAMPLE_PROJECT
from editor.cli import main as cli_main
from editor.io.project import document_json_bytes, load_project, save_project
from editor.io.recovery import summarize
from editor.model import Paragraph, Run, Story, TextFrame, edits
from editor.model.labels import describe_story, frame_label, story_label

#: What an internal id looks like (lead, p2-lead-right, story-3, frame-7 …): ASCII words with hyphens.
INTERNAL_ID = re.compile(r"\b[a-z]+(?:-[a-z0-9]+)+\b|\b(?:story|frame|photo)-\d+\b")


def _unnamed_lead(doc):
    """The sample with its threaded story ``lead`` unnamed (as a story drawn in the editor is)."""
    doc.stories["lead"] = dataclasses.replace(doc.stories["lead"], name="")
    return doc


def test_labels_use_name_then_first_words_then_page():
    doc = _unnamed_lead(load_project(SAMPLE_PROJECT))
    assert story_label(doc, "quotes") == "习近平总书记论新发展理念"
    assert story_label(doc, "lead") == "一是坚定主心骨，…"
    empty = Story(id="story-3", name="", paragraphs=[Paragraph(style="正文", runs=[Run(text="  ")])])
    doc.stories[empty.id] = empty
    doc.pages[1].frames.append(TextFrame(id="frame-7", x_pt=0, y_pt=0, width_pt=50, height_pt=50, story_id=empty.id))
    # the second unnamed story starting on page 2: the unnamed lead starts there too
    assert story_label(doc, "story-3") == "未命名文章（第 2 页，2）"
    assert frame_label(doc, "frame-7") == "第 2 页的文本框"
    assert describe_story("", "", None, caption=True) == "未命名图片说明"


def test_the_properties_panel_names_the_story_and_the_next_frame_in_words(make_window):
    window = make_window()
    controller = window.controller
    story = controller.doc.stories["lead"]
    assert controller.edit("改名", edits.set_story(controller.doc, dataclasses.replace(story, name="")))
    first = controller.doc.story_frames("lead")[0]
    controller.select([first.id])
    section = window.properties_panel.link_section
    text = section.state.text()
    assert "文章“一是坚定主心骨，…”" in text and "文字接着流入：第 2 页的文本框" in text
    heading = window.properties_panel.heading.text()
    for shown in (text, heading):
        assert not INTERNAL_ID.search(shown), shown


def test_overset_names_in_status_bar_and_export_notes_are_words(make_window):
    window = make_window()
    controller = window.controller
    doc = controller.doc
    story = doc.stories["lead"]
    controller.edit("改名", edits.set_story(doc, dataclasses.replace(story, name="")))
    lead = doc.story_frames("lead")[-1]
    controller.edit("缩小", edits.set_geometry(doc, lead.id, lead.x_pt, lead.y_pt, lead.width_pt, 30.0))
    tip = window.status.overset_label.toolTip()
    notes = window.exporter.notes(controller.layout)
    assert "一是坚定主心骨，…" in tip and "“一是坚定主心骨，…”" in notes
    assert not INTERNAL_ID.search(tip) and not INTERNAL_ID.search(notes)


def test_the_recovery_summary_names_an_unnamed_story_by_its_words():
    doc = _unnamed_lead(load_project(SAMPLE_PROJECT))
    baseline = document_json_bytes(doc)
    paragraphs = [dataclasses.replace(p, runs=list(p.runs)) for p in doc.stories["lead"].paragraphs]
    paragraphs[0].runs.append(Run(text="新加的一句。"))
    doc.stories["lead"] = dataclasses.replace(doc.stories["lead"], paragraphs=paragraphs)
    summary = summarize(document_json_bytes(doc), baseline)
    assert "改动了 1 篇文章：一是坚定主心骨，…" in summary
    assert "lead" not in summary


def test_banmian_info_lists_stories_by_name_without_ids_or_stray_spaces(tmp_path):
    project = tmp_path / "无名.banmian"
    save_project(_unnamed_lead(load_project(SAMPLE_PROJECT)), project)
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["info", str(project)]) == 0
    lines = out.getvalue().splitlines()[1:]
    assert "  一是坚定主心骨，…：" in "\n".join(lines)
    for line in lines:
        assert line.startswith("  ") and not line.startswith("   ") and "  ：" not in line, line
        assert not INTERNAL_ID.search(line), line
