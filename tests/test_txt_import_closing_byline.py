"""A byline closing a submission (作者：赵六 as its last line) is a byline, as the user guide
(docs/使用说明.md §十) says of every line starting 作者：, 来源：, 通讯员, 记者 … — not only of one
under the title. A short last sentence that merely names 通讯员 stays body text."""

from __future__ import annotations

from pathlib import Path

from editor.io.article_import import article_from_text, read_article

TITLE = "党建引领促发展"
BODY = "本报讯　近日，公司召开会议。"


def _styles(text: str) -> list[tuple[str, str]]:
    return [(p.style, p.plain_text()) for p in article_from_text(text, "稿件.txt").paragraphs]


def test_a_gbk_text_file_ending_with_an_author_line_imports_it_as_the_byline(tmp_path: Path) -> None:
    path = tmp_path / "gbk稿件.txt"
    path.write_bytes(f"{TITLE}\r\n\r\n\u3000\u3000{BODY}\r\n作者：赵六\r\n".encode("gbk"))
    article = read_article(path)
    assert [(p.style, p.plain_text()) for p in article.paragraphs] == [
        ("大标题", TITLE), ("正文", BODY), ("署名", "作者：赵六")]


def test_closing_source_and_photographer_lines_in_brackets_are_bylines() -> None:
    assert _styles(f"{TITLE}\n{BODY}\n\n（来源：党群工作部）\n（摄影：王五）\n") == [
        ("大标题", TITLE), ("正文", BODY), ("署名", "（来源：党群工作部）"), ("署名", "（摄影：王五）")]


def test_an_author_line_in_the_middle_of_the_body_stays_body_text() -> None:
    assert _styles(f"{TITLE}\n{BODY}\n作者：赵六\n{BODY}") == [
        ("大标题", TITLE), ("正文", BODY), ("正文", "作者：赵六"), ("正文", BODY)]


def test_a_closing_sentence_thanking_the_correspondents_stays_body_text() -> None:
    assert _styles(f"{TITLE}\n{BODY}\n感谢各位通讯员。") == [
        ("大标题", TITLE), ("正文", BODY), ("正文", "感谢各位通讯员。")]
