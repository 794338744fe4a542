"""Walkthrough 3: right after 串接, the 属性 panel's 串接 section says what happened, not 无法串接.

The two frames stay selected after the button is pressed; the section, asked again whether they
could be threaded, answered 这两个文本框无法串接（已在同一串接中…）, which read like an error.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from editor.io.project import save_project
from editor.model import Paragraph, Run, Story, TextFrame
from tests.docbuilders import one_frame_doc


def _two_articles(tmp_path):
    doc = one_frame_doc(["第一篇文章的文字。"], height_pt=100.0)
    doc.stories["t"] = Story(id="t", name="第二篇", paragraphs=[Paragraph(style="正文", runs=[Run(text="第二篇的文字。")])])
    doc.pages[0].frames.append(TextFrame(id="g", story_id="t", x_pt=300.0, y_pt=400.0, width_pt=200.0, height_pt=100.0))
    path = tmp_path / "两篇.banmian"
    save_project(doc, path)
    return path


def test_after_threading_the_section_says_the_text_now_flows_into_the_second_frame(make_window, tmp_path):
    window = make_window(open=_two_articles(tmp_path))
    first_id = window.controller.doc.pages[0].frames[0].id
    window.controller.select([first_id, "g"])
    section = window.properties_panel.link_section
    assert section.state.text() == "可以把这两个文本框串接起来。"
    QTest.mouseClick(section.link_button, Qt.MouseButton.LeftButton)
    assert window.controller.doc.frame_by_id(first_id).next_frame_id == "g"
    text = section.state.text()
    assert "无法" not in text
    assert text.startswith("已串接：文字从第一个框流入第二个框")
    assert not section.link_button.isEnabled()


def test_two_frames_of_one_thread_not_next_to_each_other_are_named_as_such(make_window, tmp_path):
    window = make_window(open=_two_articles(tmp_path))
    first_id = window.controller.doc.pages[0].frames[0].id
    window.controller.select([first_id, "g"])
    QTest.mouseClick(window.properties_panel.link_section.link_button, Qt.MouseButton.LeftButton)
    window.controller.select(["g", first_id])  # the second frame first: text does not flow that way
    text = window.properties_panel.link_section.state.text()
    assert text.startswith("这两个框已在同一串接中")
    assert "无法" not in text
