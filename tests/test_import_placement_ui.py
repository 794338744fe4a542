"""导入文章 → 放入所选文本框 through the real window on the walkthrough's page: 新建下一期 from the
sample, page 2's body frame selected, a Word article with a title and a captioned photo."""

from __future__ import annotations

from editor.io.project import save_project
from editor.model.frames import ImageFrame
from editor.ui.article_import_dialog import ArticleImportDialog, import_articles
from tests.import_placement_files import TITLE, next_sample_issue, write_article


def _into_thread(dialog: ArticleImportDialog) -> bool:
    assert dialog.into_thread.isEnabled()
    dialog.into_thread.setChecked(True)
    return True


def test_importing_into_the_body_frame_fills_the_title_frame_and_wraps_the_photo(make_window, tmp_path):
    project = tmp_path / "第1期.banmian"
    save_project(next_sample_issue(), project)
    window = make_window(open=project)
    window.controller.select(["p2-lead-left"])
    assert import_articles(window, [write_article(tmp_path / "稿件一_学习会.docx")], ask=_into_thread)
    doc = window.controller.doc
    assert [p.plain_text() for p in doc.stories["lead-head"].paragraphs] == [TITLE]
    [photo] = [doc.frame_by_id(frame_id) for frame_id in window.controller.selection]
    right = doc.frame_by_id("p2-lead-right")
    assert isinstance(photo, ImageFrame) and photo.wrap.mode == "around"
    assert (photo.x_pt, photo.y_pt, photo.width_pt) == (right.x_pt, right.y_pt, right.width_pt)
    assert window.status.currentMessage() == (
        "已导入 1 篇文章。标题已放入第 2 页的标题框；其中未用的占位文字（在此输入副标题、在此输入导语）已删除。")
    window.controller.undo_stack.undo()
    assert [p.plain_text() for p in doc.stories["lead-head"].paragraphs] == ["在此输入标题", "在此输入副标题", "在此输入导语"]
