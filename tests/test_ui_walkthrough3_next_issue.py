"""Walkthrough 3: 新建下一期 counts the photos it will clear, not every photo frame.

With 8 photo frames on the pages of which 3 hold a photo, the dialog said 清空 图片框中的图片：8 个.
The count is ``NextIssueSummary.photo_frames`` (editor/model/next_issue.py), which counts every
page photo frame, empty or not.
"""

from __future__ import annotations

import datetime

from editor.model import Document, ImageFrame, Page
from editor.ui.next_issue_dialog import NextIssueDialog


def _doc_with_8_photo_frames_3_filled() -> Document:
    frames = [ImageFrame(id=f"photo{index}", x_pt=40.0 + 60 * index, y_pt=100.0, width_pt=50.0, height_pt=40.0,
                         asset=f"a{index}.jpg" if index < 3 else None, source_name="")
              for index in range(8)]
    doc = Document(pages=[Page(id="p1", frames=frames)])
    for index in range(3):
        doc.assets[f"a{index}.jpg"] = b"\xff\xd8 not decoded here"
    return doc


def test_the_next_issue_dialog_counts_the_three_photos_it_clears_not_the_eight_frames(qtbot):
    dialog = NextIssueDialog(_doc_with_8_photo_frames_3_filled(), datetime.date(2026, 11, 26))
    qtbot.addWidget(dialog)
    lines = dialog.cleared.text().splitlines()
    assert "· 图片框中的图片：3 个" in lines
    assert "· 图片框中的图片：8 个" not in lines
