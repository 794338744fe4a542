"""The Chinese summary of a recovery snapshot, read straight from document JSON.

``summarize`` runs on the autosave worker on the JSON a project stores (``{"document":
{"stories": …, "pages": …}}``), so these documents are written out by hand: a story is named
by its name, else by its first eight characters of text (fields left out, paragraphs joined by
a space, ``…`` when cut), else as an unnamed story or caption on the page it starts on.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from editor.io.recovery import summarize


def _story(name: str = "", *paragraphs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "paragraphs": [{"style": "正文", "runs": runs} for runs in paragraphs]}


def _text(text: str) -> dict[str, Any]:
    return {"text": text, "char_style": None, "field": None}


def _doc(stories: dict[str, Any], pages: list[Any]) -> bytes:
    return json.dumps({"format_version": 1, "document": {"stories": stories, "pages": pages}},
                      ensure_ascii=False).encode("utf-8")


def _page(*story_ids: str, captions: tuple[str, ...] = ()) -> dict[str, Any]:
    frames: list[Any] = [{"type": "text", "story_id": story_id} for story_id in story_ids]
    frames += [{"type": "image", "caption": {"story_id": story_id}} for story_id in captions]
    return {"frames": frames}


def _changed(story_new: Any, story_old: Any, pages: list[Any]) -> str:
    """The summary when the one story ``s`` changed from ``story_old`` to ``story_new``."""
    return summarize(_doc({"s": story_new}, pages), _doc({"s": story_old}, pages))


# ------------------------------------------------------------ totals


def test_without_a_baseline_the_summary_counts_pages_and_stories() -> None:
    doc = _doc({"a": _story("甲"), "b": _story("乙"), "c": _story("丙")}, [_page("a"), _page("b")])
    assert summarize(doc, None) == "共 2 页，3 篇文章"


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"[]"])
def test_a_snapshot_that_is_not_a_document_is_summarised_as_unknown_or_empty(raw: bytes) -> None:
    expected = "共 0 页，0 篇文章" if raw == b"[]" else "内容不详"
    assert summarize(raw, None) == expected


def test_a_document_whose_parts_have_the_wrong_shape_counts_as_empty() -> None:
    assert summarize(b'{"document": []}', None) == "共 0 页，0 篇文章"
    assert summarize(b'{"document": {"stories": [], "pages": {}}}', None) == "共 0 页，0 篇文章"


@pytest.mark.parametrize("baseline", [b"{not json", b"\xff\xfe"])
def test_an_unreadable_baseline_gives_only_the_page_count(baseline: bytes) -> None:
    assert summarize(_doc({"a": _story("甲")}, [_page("a")]), baseline) == "共 1 页"


def test_a_snapshot_equal_to_its_baseline_says_nothing_changed() -> None:
    doc = _doc({"a": _story("甲", [_text("正文")])}, [_page("a")])
    assert summarize(doc, doc) == "共 1 页；文字与版面未改动"


# ------------------------------------------------------------ what changed


def test_a_moved_frame_is_a_layout_change_only() -> None:
    stories = {"a": _story("甲")}
    assert summarize(_doc(stories, [_page("a"), _page()]), _doc(stories, [_page(), _page("a")])) == (
        "共 2 页；版面有改动")


def test_a_removed_story_is_counted_by_itself() -> None:
    pages = [_page()]
    old = _doc({"a": _story("甲"), "b": _story("乙")}, pages)
    assert summarize(_doc({"a": _story("甲")}, pages), old) == "共 1 页；删除了 1 篇文章"


def test_a_new_story_counts_as_changed() -> None:
    pages = [_page("a", "b")]
    assert summarize(_doc({"a": _story("甲"), "b": _story("乙")}, pages), _doc({"a": _story("甲")}, pages)) == (
        "共 1 页；改动了 1 篇文章：乙")


def test_three_changed_stories_are_all_named() -> None:
    pages = [_page("a", "b", "c")]
    old = _doc({key: _story(key, [_text("旧")]) for key in "abc"}, pages)
    new = _doc({key: _story(key, [_text("新")]) for key in "abc"}, pages)
    assert summarize(new, old) == "共 1 页；改动了 3 篇文章：a、b、c"


def test_of_four_changed_stories_three_are_named_and_the_rest_is_etc() -> None:
    pages = [_page("a", "b", "c", "d")]
    old = _doc({key: _story(key, [_text("旧")]) for key in "abcd"}, pages)
    new = _doc({key: _story(key, [_text("新")]) for key in "abcd"}, pages)
    assert summarize(new, old) == "共 1 页；改动了 4 篇文章：a、b、c等"
    assert summarize(new, old, max_names=1) == "共 1 页；改动了 4 篇文章：a等"


def test_changes_deletions_and_layout_are_listed_in_that_order() -> None:
    old = _doc({"a": _story("甲"), "b": _story("乙")}, [_page("a", "b")])
    new = _doc({"a": _story("甲改")}, [_page("a"), _page()])
    assert summarize(new, old) == "共 2 页；改动了 1 篇文章：甲改；删除了 1 篇文章；版面有改动"


# ------------------------------------------------------------ how a story is named


def test_a_named_story_is_called_by_its_name_trimmed() -> None:
    assert _changed(_story("  头条 ", [_text("新")]), _story("头条"), [_page("s")]) == "共 1 页；改动了 1 篇文章：头条"


def test_an_unnamed_story_is_called_by_its_first_eight_characters() -> None:
    assert _changed(_story("", [_text("党群工作在新时代展开")]), _story(), [_page("s")]) == (
        "共 1 页；改动了 1 篇文章：党群工作在新时代…")
    assert _changed(_story("", [_text("党群工作在新时代")]), _story(), [_page("s")]) == (
        "共 1 页；改动了 1 篇文章：党群工作在新时代")


def test_an_unnamed_storys_paragraphs_are_joined_by_a_space_and_fields_left_out() -> None:
    runs_1 = [_text("第"), {"text": "28", "char_style": None, "field": "number"}, _text("期")]
    runs_2 = [_text("简讯"), {"text": 5}, "not a run"]
    story = {"name": "", "paragraphs": [{"style": "正文", "runs": runs_1}, {"style": "正文", "runs": runs_2},
                                        "not a paragraph", {"runs": "not a list"}]}
    assert _changed(story, _story(), [_page("s")]) == "共 1 页；改动了 1 篇文章：第期 简讯"


def test_an_unnamed_empty_story_is_called_by_the_page_it_starts_on() -> None:
    pages = [_page("x"), "not a page", {"frames": ["not a frame"]}, {"frames": "no list"}, _page("y", "s")]
    assert _changed(_story("", [_text("")]), _story("旧名"), pages) == (
        "共 5 页；改动了 1 篇文章：未命名文章（第 5 页）")


def test_an_unnamed_empty_caption_is_called_a_caption_on_its_page() -> None:
    pages = [_page(), _page(captions=("x",)), _page(captions=("s",))]
    assert _changed(_story(), _story("旧名"), pages) == "共 3 页；改动了 1 篇文章：未命名图片说明（第 3 页）"


def test_a_story_on_no_page_is_called_unnamed_without_a_page() -> None:
    assert _changed(_story(), _story("旧名"), [_page("x")]) == "共 1 页；改动了 1 篇文章：未命名文章"


def test_a_story_that_is_not_an_object_is_called_unnamed() -> None:
    assert _changed("damaged", _story("旧名"), [_page("s")]) == "共 1 页；改动了 1 篇文章：未命名文章"


def test_a_story_with_a_name_that_is_not_text_is_called_by_its_text() -> None:
    assert _changed({"name": 7, "paragraphs": [{"runs": [_text("文字")]}]}, _story("旧名"), [_page("s")]) == (
        "共 1 页；改动了 1 篇文章：文字")


def test_a_removed_story_is_named_from_the_baseline_pages() -> None:
    old = _doc({"s": _story(), "k": _story("留")}, [_page("k"), _page("s")])
    new = _doc({"k": _story("留")}, [_page("k"), _page("s")])
    assert summarize(new, old) == "共 2 页；删除了 1 篇文章"
