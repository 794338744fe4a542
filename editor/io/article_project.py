"""``banmian import``: read submitted articles and place them in a project file, then save it.

All files are read first (a folder gives one article per .docx/.txt in it);
when any of them cannot be imported, or the page does not exist, the
project is left exactly as it was and the reasons are given together. Each
article is then placed on the chosen page as new frames on its grid
(``editor.model.article_placement``), one after another, and the project
is saved atomically.
"""

from __future__ import annotations

from pathlib import Path

from editor.errors import BanmianError, display_name
from editor.io.article_import import article_files_in, is_folder, read_article
from editor.io.docx_reader import ArticleImportError
from editor.io.os_errors import os_error_reason
from editor.io.project import load_project, save_project
from editor.model.article_placement import place_articles_on_page
from editor.model.imported_article import ImportedArticle


def _article_paths(targets: list[Path]) -> list[Path]:
    """The files named, a folder standing for the submissions in it."""
    paths: list[Path] = []
    for target in targets:
        if is_folder(target):
            try:
                found = article_files_in(target)
            except OSError as problem:
                raise BanmianError(f"无法读取文件夹“{display_name(target)}”：{os_error_reason(problem)}。") from problem
            if not found:
                raise BanmianError(f"文件夹“{display_name(target)}”中没有 .docx 或 .txt 文件。")
            paths += found
        else:
            paths.append(target)
    return paths


def read_articles(targets: list[Path]) -> list[ImportedArticle]:
    """Every article named, or one ``ArticleImportError`` listing every file that failed."""
    articles: list[ImportedArticle] = []
    problems: list[str] = []
    for path in _article_paths(targets):
        try:
            articles.append(read_article(path))
        except ArticleImportError as problem:
            problems.append(problem.message)
    if problems:
        raise ArticleImportError("；".join(problems) + ("" if len(problems) == 1 else "（项目未作改动）"))
    return articles


def import_articles_into_project(project: str | Path, targets: list[Path], page_number: int | None) -> list[str]:
    """Place the articles on page ``page_number`` (1-based; default the last) and save.

    Returns the lines to print: what each article became, and notes.
    """
    doc = load_project(project)
    page_count = len(doc.pages)
    if page_count == 0:
        raise BanmianError("项目中没有页面，无法放入文章。")
    number = page_count if page_number is None else page_number
    if not 1 <= number <= page_count:
        raise BanmianError(f"没有第 {number} 页（项目共 {page_count} 页）。")
    articles = read_articles(targets)
    placement = place_articles_on_page(doc, number - 1, articles)
    if not placement.changes:
        # The placement's last note says why, starting "文章未能放入：" itself.
        raise BanmianError(placement.notes[-1] if placement.notes else "文章未能放入。")
    for change in placement.changes:
        change.apply(True)
    lines: list[str] = []
    for article in articles:
        lines.append(f"已导入“{display_name(article.title)}”（{display_name(article.source_name)}）："
                     f"{article.summary()}，放在第 {number} 页。")
        lines += [f"  注意：{note}" for note in article.notes]
    lines += [f"注意：{note}" for note in dict.fromkeys(placement.notes)]
    try:
        save_project(doc, project)
    except OSError as problem:
        raise BanmianError(f"无法保存到“{display_name(project)}”：{os_error_reason(problem)}。") from problem
    return lines
