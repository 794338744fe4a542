"""Every public edit of the model undoes exactly — found by introspection, not listed by hand.

An edit is any public function of an ``editor.model`` module whose return annotation holds a
``list[Change]`` (or a ``Placement``, which carries one). Each needs a recipe here: arguments on
the sample issue that make it change something. A new edit without a recipe fails
``test_every_edit_undoes_exactly`` by name, so nobody has to remember to add it.

For each recipe: building the changes leaves the document as it was (edits are pure), the
changes make a valid, different document, and applying them backward gives back exactly the
document before (compared field by field, every story and photo included).
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest

import editor.model
from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.model import (
    ImageFrame,
    Insets,
    PageGrid,
    Paragraph,
    Run,
    Story,
    TextFrame,
    arrange,
    article_placement,
    document_edits,
    edits,
    find_replace,
    master_edits,
    snippets,
    totals,
)
from editor.model.codec import _check_references
from editor.model.document import Document
from editor.model.geometry import Rect
from editor.model.imported_article import ImportedArticle, ImportedPhoto
from tests.docbuilders import apply_changes


def edit_functions() -> dict[str, Callable]:
    """Every public function of ``editor.model`` that returns changes, by qualified name."""
    found: dict[str, Callable] = {}
    for info in pkgutil.iter_modules(editor.model.__path__):
        module = importlib.import_module(f"editor.model.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "__mutmut_" in name:  # a mutant's copy, in bench/bench_mutation.py's work folder
                continue
            returns = str(function.__annotations__.get("return", ""))
            if "list[Change]" in returns or "Placement" in returns:
                found[f"{info.name}.{name}"] = function
    return found


@dataclass(frozen=True)
class Recipe:
    """How to call one edit on the sample issue: ``make(doc)`` returns its changes (a
    ``Placement`` or a tuple holding them is unpacked); ``prepare`` sets the stage first."""

    make: Callable[[Document], object]
    prepare: Callable[[Document], None] | None = None


def _changes(result: object) -> list:
    if isinstance(result, article_placement.Placement):
        return result.changes
    if isinstance(result, tuple):
        return result[0]
    return result


def _photo_bytes(doc: Document) -> bytes:
    return next(iter(doc.assets.values()))


def _article(doc: Document, with_photo: bool = True) -> ImportedArticle:
    photos = [ImportedPhoto(asset="imported.jpg", data=_photo_bytes(doc), source_name="来稿.jpg", width_px=640,
                            height_px=480, caption="来稿照片")] if with_photo else []
    return ImportedArticle(source_name="来稿.docx", paragraphs=[
        Paragraph(style="文章标题", runs=[Run(text="来稿标题")]),
        Paragraph(style="正文", runs=[Run(text="来稿正文，一段文字。" * 8)]),
    ], photos=photos)


def _detach_head(doc: Document) -> None:
    apply_changes(master_edits.detach_item(doc, 1, "m-head-2-head"))


def _detached_head_id(doc: Document) -> str:
    return edits.detached_copy_id(doc, "m-head-2-head", doc.pages[1])


def _new_text_frame() -> TextFrame:
    return TextFrame(id="new-frame", story_id="new-story", x_pt=60.0, y_pt=400.0, width_pt=120.0, height_pt=80.0)


def _new_photo_frame() -> ImageFrame:
    return ImageFrame(id="new-photo", asset="new.jpg", x_pt=60.0, y_pt=400.0, width_pt=120.0, height_pt=80.0)


_SEARCH = find_replace.SearchOptions(pattern="宣传")
_P4 = ["p4-brief-guangxi", "p4-photo-guangxi", "p4-brief-guizhou"]

#: One recipe (or several) per edit; keys are ``module.function``.
RECIPES: dict[str, list[Recipe]] = {
    "arrange.align_frames": [Recipe(lambda d: arrange.align_frames(d, _P4, "left"))],
    "arrange.distribute_frames": [Recipe(lambda d: arrange.distribute_frames(d, _P4, "vertical"))],
    "arrange.update_frames": [Recipe(lambda d: arrange.update_frames(d, _P4, locked=True))],
    "arrange.restack_frames": [Recipe(lambda d: arrange.restack_frames(d, _P4[1:], -1000))],
    "article_placement.place_article_on_page": [Recipe(lambda d: article_placement.place_article_on_page(
        d, 0, _article(d)))],
    "article_placement.place_article_in_rects": [Recipe(lambda d: article_placement.place_article_in_rects(
        d, 0, _article(d), Rect(60.0, 500.0, 200.0, 200.0), Rect(300.0, 500.0, 200.0, 150.0)))],
    "article_placement.place_article_in_thread": [Recipe(lambda d: article_placement.place_article_in_thread(
        d, "p2-lead-left", _article(d)))],
    "article_placement.place_articles_on_page": [Recipe(lambda d: article_placement.place_articles_on_page(
        d, 0, [_article(d, with_photo=False), _article(d)]))],
    "document_edits.set_issue_fields": [Recipe(lambda d: document_edits.set_issue_fields(d, number=29))],
    "document_edits.define_paragraph_style": [Recipe(lambda d: document_edits.define_paragraph_style(
        d, dataclasses.replace(d.paragraph_styles["正文"], name="新样式", size_pt=12.0)))],
    "document_edits.apply_paragraph_style": [Recipe(lambda d: document_edits.apply_paragraph_style(
        d, ["lead"], "正文"))],
    "document_edits.set_caption_text": [Recipe(lambda d: document_edits.set_caption_text(
        d, "p3-photo-party", "新的说明\n第二行"))],
    "document_edits.set_caption_layout": [
        Recipe(lambda d: document_edits.set_caption_layout(d, "p3-photo-party", placement="right"),
               prepare=lambda d: apply_changes(document_edits.set_caption_text(d, "p3-photo-party", "说明")))],
    "edits.replace_frames": [Recipe(lambda d: edits.replace_frames(
        d, [dataclasses.replace(d.frame_by_id("p1-quotes"), columns=2)]))],
    "edits.move_frames": [Recipe(lambda d: edits.move_frames(d, {"p3-contest": (10.0, -5.0)}))],
    "edits.set_geometry": [Recipe(lambda d: edits.set_geometry(d, "p3-contest", 60.0, 70.0, 200.0, 100.0))],
    "edits.update_frame": [Recipe(lambda d: edits.update_frame(d, "p3-contest", columns=3, gutter_pt=9.0))],
    "edits.add_frame": [
        Recipe(lambda d: edits.add_frame(d, 0, _new_text_frame(), Story(id="new-story"))),
        Recipe(lambda d: edits.add_frame(d, 0, _new_photo_frame(), assets={"new.jpg": _photo_bytes(d)})),
    ],
    "edits.delete_frames": [
        Recipe(lambda d: edits.delete_frames(d, ["p2-lead-left"])),
        Recipe(lambda d: edits.delete_frames(d, ["p3-photo-talk"])),  # the photo leaves the file
        Recipe(lambda d: edits.delete_frames(d, [f.id for f in d.pages[2].frames])),
    ],
    "edits.set_story": [Recipe(lambda d: edits.set_story(
        d, Story(id="quotes", paragraphs=[Paragraph(style="正文", runs=[Run(text="新的文字")])])))],
    "edits.restack": [Recipe(lambda d: edits.restack(d, "p3-contest", 1000))],
    "edits.link_frames": [Recipe(lambda d: edits.link_frames(d, "p5-youth", "p5-skills"))],
    "edits.unlink_after": [Recipe(lambda d: edits.unlink_after(d, "p2-lead-left"))],
    "edits.add_page": [Recipe(lambda d: edits.add_page(d, 2))],
    "edits.delete_page": [Recipe(lambda d: edits.delete_page(d, 1))],
    "edits.move_page": [Recipe(lambda d: edits.move_page(d, 0, 4))],
    "edits.duplicate_page": [Recipe(lambda d: edits.duplicate_page(d, 2))],
    "edits.replace_photo": [Recipe(lambda d: edits.replace_photo(d, "p3-photo-talk", "new.jpg", b"\xff\xd8new"))],
    "edits.move_frame_to_page": [Recipe(lambda d: edits.move_frame_to_page(d, "p3-photo-talk", 0, 50.0, 60.0))],
    "find_replace.replace_hits": [Recipe(lambda d: find_replace.replace_hits(
        d, _SEARCH, find_replace.find_all(d, _SEARCH), "宣教"))],
    "master_edits.set_page_master": [Recipe(lambda d: master_edits.set_page_master(d, 0, None))],
    "master_edits.add_master": [Recipe(lambda d: master_edits.add_master(d, "C-封底"))],
    "master_edits.rename_master": [Recipe(lambda d: master_edits.rename_master(d, "m-head-2", "B-正文页"))],
    "master_edits.set_master_margins": [Recipe(lambda d: master_edits.set_master_margins(
        d, "m-head-2", Insets(top_pt=30.0, right_pt=30.0, bottom_pt=30.0, left_pt=30.0)))],
    "master_edits.set_master_grid": [Recipe(lambda d: master_edits.set_master_grid(
        d, "m-head-2", PageGrid(columns=5, gutter_pt=12.0, baseline_pt=18.0)))],
    "master_edits.delete_master": [Recipe(lambda d: master_edits.delete_master(d, "m-head-3"))],
    "master_edits.add_master_frame": [Recipe(lambda d: master_edits.add_master_frame(
        d, "m-head-2", _new_text_frame(), Story(id="new-story")))],
    "master_edits.delete_master_frames": [Recipe(lambda d: master_edits.delete_master_frames(d, ["m-head-2-rule"]))],
    "master_edits.detach_item": [Recipe(lambda d: master_edits.detach_item(d, 1, "m-head-2-head"))],
    "master_edits.reattach_item": [Recipe(lambda d: master_edits.reattach_item(d, 1, _detached_head_id(d)),
                                          prepare=_detach_head)],
    "snippets.paste_snippet": [Recipe(lambda d: snippets.paste_snippet(
        d, 0, snippets.extract_snippet(d, [f.id for f in d.pages[2].frames]), (10.0, 10.0)))],
    "totals.within_limits": [Recipe(lambda d: totals.within_limits(d, edits.add_page(d, 1)))],
}


@pytest.fixture(scope="module")
def sample() -> Document:
    return load_project(SAMPLE_PROJECT)


def test_the_introspection_finds_the_edits_everyone_knows():
    # If this shrinks, the search above went blind (a renamed annotation, a moved module).
    found = edit_functions()
    assert {"edits.link_frames", "edits.delete_frames", "master_edits.detach_item", "arrange.align_frames",
            "document_edits.set_caption_text", "snippets.paste_snippet"} <= set(found)
    assert len(found) >= 40


def test_every_recipe_names_an_edit_that_exists():
    assert set(RECIPES) - set(edit_functions()) == set()


@pytest.mark.parametrize("name", sorted(edit_functions()))
def test_every_edit_undoes_exactly(sample: Document, name: str):
    assert name in RECIPES, f"{name} is a public edit with no recipe in tests/test_every_edit_undoes.py"
    for recipe in RECIPES[name]:
        doc = copy.deepcopy(sample)
        if recipe.prepare is not None:
            recipe.prepare(doc)
        before = copy.deepcopy(doc)
        changes = _changes(recipe.make(doc))
        assert doc == before, f"{name} changed the document before its changes were applied"
        assert changes, f"{name}: the recipe changes nothing"
        apply_changes(changes)
        _check_references(doc)
        assert doc != before
        apply_changes(changes, forward=False)
        assert doc == before, f"{name}: undo did not give back the document"
        assert doc.assets == before.assets and doc.stories == before.stories

