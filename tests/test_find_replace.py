"""Find and replace across stories (the model half of 查找和替换).

Documents are built in code with the text written out by hand, so every
expected hit and every expected story after a replacement is spelled in the
test, not computed by the search.
"""

from __future__ import annotations

import copy

import pytest

from editor.model import (
    Caption,
    CharacterStyle,
    Document,
    ImageFrame,
    MasterPage,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    Story,
    TextFrame,
)
from editor.model.find_replace import Hit, SearchError, SearchOptions, find_all, replace_hits
from tests.docbuilders import apply_changes


def _story(story_id: str, *paragraphs: list[Run] | str) -> Story:
    return Story(id=story_id, paragraphs=[
        Paragraph(style="正文", runs=[Run(text=p)] if isinstance(p, str) else p) for p in paragraphs])


def _doc(*stories: Story, caption: Story | None = None, master: Story | None = None) -> Document:
    """Stories each in a text frame of page 1 (in order), a photo with ``caption``, a master item
    showing ``master``."""
    frames = [TextFrame(id=f"f-{s.id}", story_id=s.id, x_pt=50.0, y_pt=60.0 + 100.0 * i, width_pt=300.0,
                        height_pt=90.0) for i, s in enumerate(stories)]
    if caption is not None:
        frames.append(ImageFrame(id="photo", x_pt=50.0, y_pt=400.0, width_pt=200.0, height_pt=100.0,
                                 caption=Caption(story_id=caption.id)))
    masters = []
    if master is not None:
        masters.append(MasterPage(id="A", name="A-主页", frames=[
            TextFrame(id="head", story_id=master.id, x_pt=50.0, y_pt=20.0, width_pt=300.0, height_pt=20.0)]))
    every = [*stories, *([caption] if caption else []), *([master] if master else [])]
    return Document(
        paragraph_styles={"正文": ParagraphStyle(name="正文", size_pt=10.0, leading_pt=16.0)},
        character_styles={"强调": CharacterStyle(name="强调", bold=True)},
        stories={s.id: s for s in every}, masters=masters,
        pages=[Page(id="p1", frames=frames, master_id="A" if master else None)])


def _texts(doc: Document, story_id: str) -> list[str]:
    return [p.plain_text() for p in doc.stories[story_id].paragraphs]


def _spans(hits: list[Hit]) -> list[tuple[str, int, int, int]]:
    return [(h.story_id, h.paragraph, h.start, h.end) for h in hits]


# ---------------------------------------------------------------- finding


def test_a_word_is_found_in_articles_captions_and_master_items_in_reading_order():
    doc = _doc(_story("a", "职工书屋开放了。", "书屋在三楼。"), _story("b", "欢迎来书屋"),
               caption=_story("cap", "▲书屋一角"), master=_story("m", "书屋简报"))
    hits = find_all(doc, SearchOptions("书屋"))
    assert _spans(hits) == [("a", 0, 2, 4), ("a", 1, 0, 2), ("b", 0, 3, 5), ("cap", 0, 1, 3), ("m", 0, 0, 2)]
    assert [h.master for h in hits] == [False, False, False, False, True]
    assert (hits[0].before, hits[0].matched, hits[0].after) == ("职工", "书屋", "开放了。")


def test_field_runs_are_neither_matched_nor_crossed_and_offsets_count_a_field_once():
    doc = _doc(_story("a", [Run(text="第"), Run(field="number"), Run(text="期 第期")]))
    assert _spans(find_all(doc, SearchOptions("第期"))) == [("a", 0, 4, 6)]
    assert _spans(find_all(doc, SearchOptions("期"))) == [("a", 0, 2, 3), ("a", 0, 5, 6)]


def test_a_hit_spans_runs_of_different_character_styles():
    doc = _doc(_story("a", [Run(text="中国"), Run(text="铝业", char_style="强调"), Run(text="公司")]))
    assert _spans(find_all(doc, SearchOptions("国铝业公"))) == [("a", 0, 1, 5)]


def test_case_is_ignored_unless_asked():
    doc = _doc(_story("a", "PDF 与 pdf"))
    assert _spans(find_all(doc, SearchOptions("pdf"))) == [("a", 0, 0, 3), ("a", 0, 6, 9)]
    assert _spans(find_all(doc, SearchOptions("pdf", match_case=True))) == [("a", 0, 6, 9)]


def test_full_and_half_width_match_each_other_unless_widths_are_told_apart():
    doc = _doc(_story("a", "ＡＢＣ１２３和ABC123"))
    assert _spans(find_all(doc, SearchOptions("abc123"))) == [("a", 0, 0, 6), ("a", 0, 7, 13)]
    assert _spans(find_all(doc, SearchOptions("ＡＢＣ１２３"))) == [("a", 0, 0, 6), ("a", 0, 7, 13)]
    assert _spans(find_all(doc, SearchOptions("ABC123", match_width=True))) == [("a", 0, 7, 13)]
    assert _spans(find_all(doc, SearchOptions("ＡＢＣ１２３", match_width=True))) == [("a", 0, 0, 6)]


def test_a_full_width_bracket_in_a_regex_is_a_literal_that_also_finds_the_half_width_one():
    doc = _doc(_story("a", "（一）和(二)"))
    assert _spans(find_all(doc, SearchOptions("（.）", regex=True))) == [("a", 0, 0, 3), ("a", 0, 4, 7)]


def test_whole_word_skips_latin_words_that_only_contain_the_word_but_not_chinese_neighbours():
    doc = _doc(_story("a", "用AI写作，AIDS 宣传，SAIC 与 AI。"))
    assert _spans(find_all(doc, SearchOptions("AI", whole_word=True))) == [("a", 0, 1, 3), ("a", 0, 21, 23)]


def test_a_bad_regular_expression_gives_a_chinese_message():
    doc = _doc(_story("a", "text"))
    with pytest.raises(SearchError) as caught:
        find_all(doc, SearchOptions("第(一", regex=True))
    assert "正则表达式有误" in caught.value.message
    assert "缺少右括号" in caught.value.message


def test_an_empty_pattern_or_an_empty_match_finds_nothing():
    doc = _doc(_story("a", "abc"))
    assert find_all(doc, SearchOptions("")) == []
    assert find_all(doc, SearchOptions("x*", regex=True)) == []


# ---------------------------------------------------------------- replacing


def test_replacing_a_word_in_three_stories_is_one_list_of_changes_that_undoes_exactly():
    doc = _doc(_story("a", "登陆系统后，请登陆。"), _story("b", "重新登陆"), caption=_story("cap", "▲登陆页面"))
    before = copy.deepcopy(doc)
    options = SearchOptions("登陆")
    changes, count = replace_hits(doc, options, find_all(doc, options), "登录")
    assert count == 4
    apply_changes(changes)
    assert (_texts(doc, "a"), _texts(doc, "b"), _texts(doc, "cap")) == (
        ["登录系统后，请登录。"], ["重新登录"], ["▲登录页面"])
    apply_changes(changes, forward=False)
    assert doc == before
    apply_changes(changes)
    assert _texts(doc, "b") == ["重新登录"]


def test_regex_groups_take_the_story_own_characters_even_when_widths_were_folded():
    doc = _doc(_story("a", "第１２期，第34期"))
    options = SearchOptions(r"第(\d+)期", regex=True)
    changes, count = replace_hits(doc, options, find_all(doc, options), r"（\1）")
    apply_changes(changes)
    assert count == 2
    assert _texts(doc, "a") == ["（１２），（34）"]


def test_named_groups_and_a_line_break_in_a_regex_replacement():
    doc = _doc(_story("a", "作者：张三"))
    options = SearchOptions(r"(?P<key>作者)：(?P<name>\S+)", regex=True)
    changes, _ = replace_hits(doc, options, find_all(doc, options), r"\g<name>\n\g<key>")
    apply_changes(changes)
    assert doc.stories["a"].paragraphs[0].runs == [Run(text="张三\n作者")]


def test_a_replacement_naming_a_missing_group_is_refused_in_chinese():
    doc = _doc(_story("a", "abc"))
    options = SearchOptions("(b)", regex=True)
    with pytest.raises(SearchError) as caught:
        replace_hits(doc, options, find_all(doc, options), r"\2")
    assert caught.value.message == "替换内容引用了第 2 组，但查找内容只有 1 组括号。"


def test_plain_mode_replacement_is_literal_text():
    doc = _doc(_story("a", "a.b"))
    options = SearchOptions(".")
    changes, _ = replace_hits(doc, options, find_all(doc, options), r"\1")
    apply_changes(changes)
    assert _texts(doc, "a") == ["a\\1b"]


def test_a_hit_across_two_runs_is_replaced_in_the_style_of_its_first_run():
    doc = _doc(_story("a", [Run(text="中国"), Run(text="铝业", char_style="强调"), Run(text="公司")]))
    options = SearchOptions("国铝")
    changes, _ = replace_hits(doc, options, find_all(doc, options), "华")
    apply_changes(changes)
    assert doc.stories["a"].paragraphs[0].runs == [Run(text="中华"), Run(text="业", char_style="强调"), Run(text="公司")]
    options = SearchOptions("业公")
    changes, _ = replace_hits(doc, options, find_all(doc, options), "ＸＹ")
    apply_changes(changes)
    assert doc.stories["a"].paragraphs[0].runs == [Run(text="中华"), Run(text="ＸＹ", char_style="强调"), Run(text="司")]


def test_fields_stay_untouched_when_the_text_around_them_is_replaced():
    doc = _doc(_story("a", [Run(text="期刊第"), Run(field="number", char_style="强调"), Run(text="期刊")]))
    options = SearchOptions("期刊")
    changes, count = replace_hits(doc, options, find_all(doc, options), "报")
    apply_changes(changes)
    assert count == 2
    assert doc.stories["a"].paragraphs[0].runs == [
        Run(text="报第"), Run(field="number", char_style="强调"), Run(text="报")]


def test_replacing_one_hit_leaves_the_others():
    doc = _doc(_story("a", "甲乙甲"))
    options = SearchOptions("甲")
    hits = find_all(doc, options)
    changes, count = replace_hits(doc, options, hits[1:], "丙")
    apply_changes(changes)
    assert (count, _texts(doc, "a")) == (1, ["甲乙丙"])


def test_a_hit_whose_text_changed_since_it_was_found_is_left_alone():
    doc = _doc(_story("a", "甲乙甲"))
    options = SearchOptions("甲")
    hits = find_all(doc, options)
    doc.stories["a"] = _story("a", "乙乙甲")
    changes, count = replace_hits(doc, options, hits, "丙")
    apply_changes(changes)
    assert (count, _texts(doc, "a")) == (1, ["乙乙丙"])


def test_a_master_item_text_is_replaced_too():
    doc = _doc(_story("a", "简报"), master=_story("m", "党群简报"))
    options = SearchOptions("简报")
    changes, count = replace_hits(doc, options, find_all(doc, options), "快讯")
    apply_changes(changes)
    assert (count, _texts(doc, "a"), _texts(doc, "m")) == (2, ["快讯"], ["党群快讯"])
