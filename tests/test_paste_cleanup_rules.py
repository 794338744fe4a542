"""Paste clean-up rules checked on the pure functions, without Qt.

``tests/test_paste_cleanup.py`` pastes through the canvas; these pin the
rules of ``editor.model.paste_cleanup`` one at a time: where a pasted plain
text's paragraphs begin and end, and which HTML text stays bold.
"""

from __future__ import annotations

from editor.model.paste_cleanup import paragraphs_from_html, text_paragraphs

BOLD = "加粗"


def _html_runs(html: str) -> list[list[tuple[str, str | None]]]:
    return [[(run.text, run.char_style) for run in p.runs] for p in paragraphs_from_html(html, "正文", BOLD)]


def test_hard_wrapped_lines_without_final_punctuation_join_into_one_paragraph() -> None:
    assert text_paragraphs("公司坚持\n安全生产\n全年无事故") == ["公司坚持安全生产全年无事故"]


def test_each_line_ending_a_sentence_begins_the_next_paragraph() -> None:
    assert text_paragraphs("第一段。\n第二段！\n第三段") == ["第一段。", "第二段！", "第三段"]


def test_a_single_line_is_one_paragraph_and_blank_lines_separate_paragraphs() -> None:
    assert text_paragraphs("只有一行") == ["只有一行"]
    assert text_paragraphs("甲\n\n\n乙\n") == ["甲", "乙"]


def test_plain_html_text_is_one_run_with_its_white_space_collapsed_and_no_character_style() -> None:
    assert _html_runs("<p>The  plant\n was\topened</p>") == [[("The plant was opened", None)]]


def test_b_and_strong_make_bold_runs_between_plain_ones() -> None:
    html = "<p>前文<b>加粗的</b>中间<strong>强调</strong>后文</p>"
    assert _html_runs(html) == [[("前文", None), ("加粗的", BOLD), ("中间", None), ("强调", BOLD), ("后文", None)]]


def test_bold_inside_b_stays_bold_in_nested_elements_and_ends_with_it() -> None:
    html = "<div><b>标题<span>续</span></b>正文</div>"
    assert _html_runs(html) == [[("标题续", BOLD), ("正文", None)]]


def test_a_font_weight_in_the_style_decides_bold_over_the_tag() -> None:
    html = ('<p><span style="font-weight: bold">粗</span><b style="font-weight:normal">细</b>'
            '<span style="FONT-WEIGHT:600">六百</span><span style="font-weight:500">五百</span></p>')
    assert _html_runs(html) == [[("粗", BOLD), ("细", None), ("六百", BOLD), ("五百", None)]]
