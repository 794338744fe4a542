"""The house templates' articles say what goes in each paragraph, as 新建下一期's placeholders do.

They put 在此输入标题 in 引题 and 副标题 paragraphs too, and （通讯员 姓名） under the body: a new issue
from 通讯 or 小报 asked three times for a title. Now each paragraph holds its style's placeholder
(``placeholder_text``): 在此输入引题, 在此输入副标题, 在此输入作者 … — written out here — so a template
is already what 新建下一期 makes of it. layouts/make_templates.py builds them; that the committed
files are what it makes now is tests/test_house_templates.py::test_scripts_make_the_committed_blank_and_generic_templates.
"""

from __future__ import annotations

import copy

import pytest

from editor import LAYOUTS_DIR
from editor.io.project import load_project
from editor.model import Document
from editor.model.next_issue import make_next_issue

TEMPLATES = ["newsletter-a4.banmian", "tabloid-a3.banmian"]
#: What each style's paragraph in a template article says.
EXPECTED = {
    "引题": "在此输入引题",
    "大标题": "在此输入标题",
    "文章标题": "在此输入标题",
    "副标题": "在此输入副标题",
    "正文": "在此粘贴正文",
    "署名": "在此输入作者",
    "图注": "▲图为……",
}


def _article_paragraphs(doc: Document) -> list[tuple[str, str, str]]:
    """(story id, style, text) of every paragraph outside the masters and the fixed banners."""
    masters = doc.master_story_ids()
    return [(story_id, paragraph.style, paragraph.plain_text()) for story_id, story in doc.stories.items()
            if story_id not in masters and not story.fixed for paragraph in story.paragraphs]


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_kicker_or_subtitle_in_a_template_asks_for_a_title(name: str) -> None:
    paragraphs = _article_paragraphs(load_project(LAYOUTS_DIR / name))
    asking = [(story_id, style) for story_id, style, text in paragraphs
              if style in {"引题", "副标题"} and text == "在此输入标题"]
    assert {style for _, style, _ in paragraphs} >= {"引题", "副标题"}
    assert asking == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_paragraph_holds_its_styles_placeholder(name: str) -> None:
    paragraphs = _article_paragraphs(load_project(LAYOUTS_DIR / name))
    assert {style for _, style, _ in paragraphs} == set(EXPECTED)
    assert [(story_id, style, text) for story_id, style, text in paragraphs if EXPECTED[style] != text] == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_next_issue_of_a_template_shows_the_same_placeholders(name: str) -> None:
    template = load_project(LAYOUTS_DIR / name)
    issue = copy.deepcopy(template.issue)
    assert _article_paragraphs(make_next_issue(template, issue).document) == _article_paragraphs(template)
