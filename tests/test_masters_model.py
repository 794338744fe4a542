"""Master pages in the model and the layout: every page shows its master's items, with its own
page number, and files of the format before masters open unchanged."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest

from editor.errors import ProjectFileError
from editor.io.project import document_json_bytes, load_project
from editor.layout.display import GlyphRun
from editor.layout.engine import layout_document
from editor.layout.masters import expand_masters, instance_id, is_instance, master_item
from editor.model import (
    Document,
    MasterPage,
    Page,
    PageGrid,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
)
from editor.model.codec import decode_document, encode_document

FIXTURE = Path(__file__).parent / "fixtures" / "sample-2021-28-format2.banmian"


def _running_head_doc(pages: int = 3) -> Document:
    """Pages on a master whose running head reads 「中铝股份党群工作 · 第N版」 and a rule under it."""
    head = Story(id="head", paragraphs=[Paragraph(style="版头", runs=[
        Run(field="title"), Run(text=" · "), Run(field="edition")])])
    master = MasterPage(id="M", name="B-内页", grid=PageGrid(columns=3), frames=[
        TextFrame(id="head-frame", story_id="head", x_pt=56.0, y_pt=30.0, width_pt=480.0, height_pt=20.0),
        ShapeFrame(id="head-rule", shape="rule", x_pt=56.0, y_pt=52.0, width_pt=480.0, height_pt=0.0),
    ])
    body = {f"a{i}": Story(id=f"a{i}", paragraphs=[Paragraph(style="正文", runs=[Run(text=f"第{i}页的文章。")])])
            for i in range(1, pages + 1)}
    return Document(
        paragraph_styles={"版头": ParagraphStyle(name="版头", size_pt=9.0, leading_pt=12.0, first_line_indent_chars=0),
                          "正文": ParagraphStyle(name="正文", size_pt=10.5, leading_pt=18.0)},
        stories={"head": head, **body}, masters=[master],
        pages=[Page(id=f"p{i}", master_id="M", frames=[
            TextFrame(id=f"f{i}", story_id=f"a{i}", x_pt=56.0, y_pt=80.0, width_pt=480.0, height_pt=200.0)])
            for i in range(1, pages + 1)])


def _page_texts(doc: Document) -> list[str]:
    layout = layout_document(doc)
    return ["".join(item.text for item in page.items if isinstance(item, GlyphRun)) for page in layout.pages]


def test_every_page_shows_its_masters_running_head_with_its_own_edition_number() -> None:
    texts = _page_texts(_running_head_doc())
    assert [text.split("版")[0] + "版" for text in texts] == [
        "中铝股份党群工作 · 第1版", "中铝股份党群工作 · 第2版", "中铝股份党群工作 · 第3版"]
    assert all(f"第{n}页的文章。" in texts[n - 1] for n in (1, 2, 3))


def test_master_items_are_drawn_behind_the_pages_own_frames_as_instances() -> None:
    doc = _running_head_doc()
    expanded = expand_masters(doc)
    ids = [frame.id for frame in expanded.pages[1].frames]
    assert ids == ["head-frame@p2", "head-rule@p2", "f2"]
    assert is_instance(ids[0]) and not is_instance("f2") and master_item(ids[0]) == "head-frame"
    assert "head" not in expanded.stories and expanded.stories[instance_id("head", "p2")].paragraphs
    assert doc.pages[1].frames[0].id == "f2"  # the user's document is not changed


def test_a_detached_master_item_is_not_drawn_on_that_page_only() -> None:
    doc = _running_head_doc()
    doc.pages[1].detached.append("head-rule")
    layouts = layout_document(doc).pages
    rules = [sum(1 for item in page.items if type(item).__name__ == "RuleItem") for page in layouts]
    assert rules == [1, 0, 1]


def test_a_page_without_a_master_and_a_document_without_masters_are_laid_out_as_before() -> None:
    doc = _running_head_doc()
    doc.pages[2].master_id = None
    assert [frame.id for frame in expand_masters(doc).pages[2].frames] == ["f3"]
    plain = Document(pages=[Page(id="p")])
    assert expand_masters(plain) is plain


def test_masters_survive_a_save_and_load_round_trip() -> None:
    doc = _running_head_doc()
    doc.pages[0].detached.append("head-rule")
    again = decode_document(json.loads(document_json_bytes(doc)), {})
    assert encode_document(again) == encode_document(doc)
    assert again.masters[0].grid.columns == 3 and again.pages[0].master_id == "M"


@pytest.mark.parametrize("damage, words", [
    (lambda d: d["document"]["pages"][0].__setitem__("master_id", "nope"), "母版“nope”不存在"),
    (lambda d: d["document"]["masters"].append(copy.deepcopy(d["document"]["masters"][0])), "母版 ID“M”重复"),
    (lambda d: d["document"]["pages"][0]["frames"][0].__setitem__("id", "head-frame"), "框 ID“head-frame”重复"),
    (lambda d: d["document"]["pages"][0]["frames"][0].__setitem__("story_id", "head"), "母版的文章只能在母版上"),
    (lambda d: d["document"]["masters"][0]["grid"].__setitem__("columns", 40), "columns"),
])
def test_a_damaged_master_is_refused_with_a_chinese_message_naming_the_place(damage, words: str) -> None:
    data = json.loads(document_json_bytes(_running_head_doc()))
    damage(data)
    with pytest.raises(ProjectFileError) as refused:
        decode_document(data, {})
    assert words in refused.value.message


def test_the_sample_saved_before_masters_opens_unchanged() -> None:
    """Format 2 → 3: no masters, every page keeps its frames, the same text on every page."""
    raw = json.loads((FIXTURE / "document.json").read_text(encoding="utf-8"))
    assert raw["format_version"] == 2
    doc = load_project(FIXTURE)
    assert doc.masters == [] and all(page.master_id is None and page.detached == [] for page in doc.pages)
    encoded = encode_document(doc)["document"]
    old = raw["document"]
    for page_old, page_new in zip(old["pages"], encoded["pages"], strict=True):
        assert [f["id"] for f in page_old["frames"]] == [f["id"] for f in page_new["frames"]]
        assert all({**frame, **{k: v for k, v in new.items() if k not in frame}} == new
                   for frame, new in zip(page_old["frames"], page_new["frames"], strict=True))
    assert {k: v for k, v in encoded["stories"].items()} == {
        k: {**v, "fixed": False, "jump_lines": False} for k, v in old["stories"].items()}
    texts = _page_texts(doc)
    assert "2021年第28期" in texts[0] and len(texts) == len(old["pages"])


def test_the_totals_count_a_masters_frames_on_every_page_that_shows_them() -> None:
    from editor.model.limits import MAX_FRAMES_PER_PAGE
    from editor.model.totals import limit_problem

    doc = _running_head_doc(pages=1)
    filler = [dataclasses.replace(doc.masters[0].frames[1], id=f"r{i}") for i in range(MAX_FRAMES_PER_PAGE - 2)]
    doc.masters[0].frames.extend(filler)  # 200 master frames + 1 of the page's own
    problem = limit_problem(doc)
    assert problem is not None and problem[0] == "document.pages[0].frames" and "含母版" in problem[1]
