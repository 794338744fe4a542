"""Take the screenshots of the user guide (``docs/images/``) and of the README (``docs/screenshot-editor.png``).

Every picture in ``docs/使用说明.md`` is the real editor window driven to the
state the guide describes: the sample opened as a new issue, a new issue from
the blank template (从模板新建…), frames drawn with the mouse, text pasted, frames threaded,
a photo dropped with a caption and text wrap, a project a colleague has open,
the export dialogs, 期刊信息, the offers made after a crash, 新建下一期 from
the sample saved as issue 28, and the sample's 版头·三栏 master being edited
(母版 panel, 母版设置, 插入 → 字段, the field shading); with
``--installer``, also the installer's pages (``screenshot_installer``). Run
under a real X server so fonts, DPI and styles are the desktop's::

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb python docs/make_screenshots.py \
        [--installer .ci/out/windows/banmian-setup.exe]

How the window is driven and photographed is in ``screenshot_tools``; this
file holds the scenes, in the guide's order. Projects, recovery data and
settings go to a scratch folder (``版面使用说明`` in the temporary folder),
never the user's; it is emptied at the start of each run.
"""

from __future__ import annotations

import argparse
import dataclasses
import faulthandler
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QDate, QPoint, QRect, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QCheckBox, QWidget  # noqa: E402
from screenshot_installer import shoot_installer  # noqa: E402
from screenshot_tools import (  # noqa: E402
    Camera,
    Reply,
    answering,
    button,
    click_frame,
    close_window,
    drag,
    drop_files,
    frame_screen_rect,
    global_rect,
    item_rect,
    menus_rect,
    open_menu,
    open_submenu,
    open_window,
    overset_marker,
    page_frames,
    page_left,
    plain,
    press,
    right_of,
    select_frame,
    settle,
    status_message,
    tool_button,
    type_with_input_method,
    view_point,
)

from editor import SAMPLE_PROJECT, __version__  # noqa: E402
from editor.io import recovery  # noqa: E402
from editor.io.file_identity import FileIdentity, identify  # noqa: E402
from editor.io.lockfile import LockOwner, lock_path_for  # noqa: E402
from editor.io.project import document_json_bytes, load_project, save_project  # noqa: E402
from editor.io.recovery import RecoveryStore, summarize  # noqa: E402
from editor.model.document import Document  # noqa: E402
from editor.model.document_edits import plain_story_text, set_caption_text  # noqa: E402
from editor.model.frames import Frame, ImageFrame, TextFrame  # noqa: E402
from editor.ui.app import create_application  # noqa: E402
from editor.ui.issue_dialog import IssueDialog  # noqa: E402
from editor.ui.main_window import MainWindow  # noqa: E402
from editor.ui.master_menus import canvas_context_menu  # noqa: E402
from editor.ui.next_issue_dialog import NextIssueDialog  # noqa: E402
from editor.ui.template_dialogs import TemplatePicker  # noqa: E402

DOCS = ROOT / "docs"
IMAGES = DOCS / "images"
README_SHOT = DOCS / "screenshot-editor.png"
#: The whole run takes about a minute (three with the installer); longer means a dialog hangs.
TIMEOUT_S = 600
#: Where the guide's projects live (a fixed name: the paths in the pictures stay the same).
SCRATCH = Path(tempfile.gettempdir()) / "版面使用说明"
FOLDER = SCRATCH / "文档" / "党群工作"
FIRST_ISSUE = FOLDER / "中铝股份党群工作2025年第1期.banmian"
NEXT_ISSUE = FOLDER / "中铝股份党群工作2025年第2期.banmian"
#: The photo's caption frame, high enough for two lines of 图注.
CAPTION_HEIGHT_MM = 13.0
#: The sample saved as the issue 第29期 is made from (第28期 was itself made from 第27期 a week before).
ISSUE_28 = FOLDER / "中铝股份党群工作2021年第28期.banmian"
PREVIOUS_DATE_28 = "2021-09-22"
#: The sample's page that shows the 版头·三栏 master, and that master.
MASTER_PAGE = 2
MASTER_ID = "m-head-3"
#: The zoom of the close-up of a running head's field text.
FIELD_ZOOM = 1.6


# ------------------------------------------------------------------ scenes


def sample_photo_file() -> Path:
    """A photo file to drop, taken from the sample's stand-in pictures."""
    doc = load_project(SAMPLE_PROJECT)
    skills = next(f for _, f in doc.frames_with_pages() if isinstance(f, ImageFrame) and f.id == "p5-photo-skills")
    target = SCRATCH / "照片" / "青工技能大赛.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(doc.assets[skills.asset])
    return target


def article() -> tuple[str, str]:
    """An article's title and body, as an editor would copy it from Word."""
    doc = load_project(SAMPLE_PROJECT)
    return "守正创新 凝心聚力", plain_story_text(doc.stories["lead"])


def shoot_overview(camera: Camera) -> None:
    """The README's picture and the guide's tour of the window: the sample, page 3, a photo selected."""
    window = open_window()
    window.files.new_from_template(SAMPLE_PROJECT, ask=False)
    settle()
    window.go_to_page(2)
    window.canvas.zoom_fit_page()
    photo = next(f for f in page_frames(window, 2) if isinstance(f, ImageFrame))
    select_frame(window, photo.id)
    window.pages_panel.thumbnails.render_now()
    settle(1.0)
    camera.shoot("", target=README_SHOT)
    camera.shoot("overview", labels=overview_labels(window))
    close_window(window)


def overview_labels(window: MainWindow) -> list[tuple[QPoint, str]]:
    """Numbered marks on the parts of the window the guide names (in empty spots of each)."""
    def at(widget: QWidget, x_px: int, y_px: int | None = None) -> QPoint:
        area = global_rect(widget)
        x = area.right() + x_px if x_px < 0 else area.left() + x_px
        return QPoint(x, area.center().y() if y_px is None else area.top() + y_px)

    return [
        (at(window.menuBar(), -40), "1"),
        (at(window.toolbar, -40), "2"),
        (at(window.pages_dock, 70, 11), "3"),
        (at(window.canvas, 40, 40), "4"),
        (at(window.properties_dock, 70, 11), "5"),
        (at(window.styles_dock, 70, 11), "6"),
        (at(window.statusBar(), 40), "7"),
    ]


def fill_issue(year: int, number: int, total: int, day: QDate) -> Callable[[QWidget], None]:
    """Type new values into the 期刊信息 dialog."""
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IssueDialog)
        dialog.year.setValue(year)
        dialog.number.setValue(number)
        dialog.total.setValue(total)
        dialog.date.setDate(day)
    return fill


def issue_fields(dialog: QWidget) -> list[QRect]:
    assert isinstance(dialog, IssueDialog)
    return [global_rect(dialog.number).united(global_rect(dialog.date))]


def choose_blank(dialog: QWidget) -> None:
    """Pick 空白期刊 in the 从模板新建 dialog."""
    assert isinstance(dialog, TemplatePicker)
    dialog.house_list.setCurrentRow(0)


def template_list(dialog: QWidget) -> list[QRect]:
    assert isinstance(dialog, TemplatePicker)
    return [global_rect(dialog.house_list)]


def masthead_frame(window: MainWindow) -> Frame:
    """The masthead's text frame: an item of page 1's 刊头 master."""
    doc = window.controller.doc
    return next(f for f in doc.master_of(doc.pages[0]).frames if f.id.endswith("-masthead"))


def shoot_first_issue(camera: Camera) -> MainWindow:
    """文件 → 从模板新建… → 空白期刊, its 期刊信息, its first 保存."""
    window = open_window()
    window.files.new_from_template(SAMPLE_PROJECT, ask=False)  # what the editor shows when it starts
    with answering(camera, Reply("新建", shot="template-dialog", fill=choose_blank, marks=template_list),
                   Reply("确定", fill=fill_issue(2025, 1, 41, QDate(2025, 1, 15)))):  # 期刊信息 opens by itself
        window.menu_actions.actions["new_from_template"].trigger()
    settle()
    window.files.dialogs.save_path = lambda suggested: FIRST_ISSUE
    window.menu_actions.actions["save"].trigger()
    window.pages_panel.thumbnails.render_now()
    settle()
    camera.shoot("first-issue", marks=[frame_screen_rect(window, 0, masthead_frame(window)), status_message(window)])
    return window


def draw_text_frame(window: MainWindow, page: int, left_pt: float, right_pt: float) -> TextFrame:
    """Choose 文本框 and drag a frame from the top margin to the bottom margin; typing starts in it."""
    area = window.canvas.grid(page).margin_rect
    window.menu_actions.actions["tool_text"].trigger()
    drag(window, view_point(window, page, left_pt, area.y_pt), view_point(window, page, right_pt, area.bottom_pt))
    frame = window.controller.selected_frames()[0]
    assert isinstance(frame, TextFrame)
    return frame


def apply_style(window: MainWindow, name: str) -> None:
    """Pick a style in the 样式 panel and press 应用."""
    panel = window.styles_panel
    panel.list.setCurrentItem(panel.list.findItems(name, Qt.MatchFlag.MatchExactly)[0])
    QTest.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    settle(0.2)


def shoot_articles(camera: Camera, window: MainWindow) -> None:
    """Page 2: draw a text frame, type the title, paste the article, style the title; then thread."""
    window.go_to_page(1)
    window.canvas.zoom_fit_page()
    settle()
    columns = window.canvas.grid(1).columns
    canvas = window.canvas
    (left_1, right_1), column_2 = columns[0], columns[1]
    first = draw_text_frame(window, 1, left_1, right_1)
    title, body = article()
    type_with_input_method(canvas, title)
    press(canvas, Qt.Key.Key_Return)
    QGuiApplication.clipboard().setText(body)
    press(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    press(canvas, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    apply_style(window, "文章标题")
    press(canvas, Qt.Key.Key_Escape)
    settle()
    status = window.status
    marker = overset_marker(window, 1, first)
    camera.shoot("text-frame", right_of(window, tool_button(window, "tool_select").left(), 8),
                 [tool_button(window, "tool_text"), marker, global_rect(status.overset_label)])
    camera.shoot("overset", marker.adjusted(-260, -170, 120, 50), [marker])
    second = draw_text_frame(window, 1, *column_2)
    press(canvas, Qt.Key.Key_Escape)
    click_frame(window, 1, first)
    click_frame(window, 1, second, shift=True)
    link = window.properties_panel.link_section.link_button
    camera.shoot("thread", right_of(window, page_left(window, 1)), [global_rect(link)])
    QTest.mouseClick(link, Qt.MouseButton.LeftButton)
    window.menu_actions.actions["deselect"].trigger()
    click_frame(window, 1, first)
    settle()
    thread_state = window.properties_panel.link_section.state
    window.properties_panel.ensureWidgetVisible(window.properties_panel.link_section)
    settle(0.3)
    camera.shoot("threaded", right_of(window, page_left(window, 1)),
                 [global_rect(thread_state), global_rect(status.overset_label)])


def shoot_photo(camera: Camera, window: MainWindow) -> None:
    """Drop a photo at the top of the second column, write its caption, let the text wrap around it."""
    left, right = window.canvas.grid(1).columns[1]
    area = window.canvas.grid(1).margin_rect
    drop_files(window, 1, (left + right) / 2, area.y_pt + 10.0, [sample_photo_file()])
    panel = window.properties_panel
    caption = panel.caption_section.text
    QTest.mouseClick(caption.viewport(), Qt.MouseButton.LeftButton)
    type_with_input_method(caption, "▲图为云铝股份青工技术技能大赛现场。")
    settle(0.8)  # the caption is stored a moment after the last keystroke
    extent = panel.caption_section.extent
    extent.setValue(CAPTION_HEIGHT_MM)  # one line of 图注 is too short for the caption: made two lines high
    settle()
    wrap = panel.options_section.wrap
    panel.ensureWidgetVisible(panel.options_section)
    settle(0.2)
    QTest.mouseClick(wrap, Qt.MouseButton.LeftButton, pos=QPoint(8, wrap.height() // 2))
    settle()
    camera.shoot("photo", right_of(window, page_left(window, 1)),
                 [global_rect(caption), global_rect(extent), global_rect(wrap)])
    window.menu_actions.actions["save"].trigger()
    settle()


def foreign_lock(project: Path) -> Path:
    """A lock as a colleague's editor on another computer writes it."""
    owner = LockOwner(user="李明", host="DQB-PC02", pid=4242, process_started=None,
                      opened_at=(datetime.now() - timedelta(minutes=25)).astimezone().replace(microsecond=0),
                      app_version=__version__, token="5eb63bbbe01eeed0")
    path = lock_path_for(project)
    path.write_bytes(owner.to_json())
    return path


def shoot_read_only(camera: Camera) -> None:
    """A project a colleague has open: the warning, then the 只读 mark in the status bar."""
    lock = foreign_lock(FIRST_ISSUE)
    window = open_window()
    with answering(camera, Reply("确定", shot="read-only")):
        window.files.open_path(FIRST_ISSUE, ask=False)
    settle()
    bar = global_rect(window.statusBar())
    camera.shoot("read-only-status", QRect(bar.right() - 520, bar.top() - 4, 521, bar.height() + 8),
                 [global_rect(window.status.read_only_label)])
    close_window(window)
    lock.unlink()


def shoot_exports(camera: Camera, window: MainWindow) -> None:
    """导出 PDF with its dialog and its 已导出 message; 导出 Word the same way, unphotographed."""
    def bleed(dialog: QWidget) -> list[QRect]:
        return [global_rect(dialog.findChild(QCheckBox))]

    def open_folder(box: QWidget) -> list[QRect]:
        return [global_rect(button(box, "打开所在文件夹"))]

    with answering(camera, Reply("导出", shot="export-pdf", marks=bleed),
                   Reply("关闭", shot="export-done", marks=open_folder)):
        window.menu_actions.actions["export_pdf"].trigger()
    with answering(camera, Reply("导出"), Reply("关闭")):
        window.menu_actions.actions["export_docx"].trigger()


def shoot_next_issue(camera: Camera, window: MainWindow) -> None:
    """另存为 the next issue's name, then 版面 → 期刊信息… with the new 期号."""
    window.files.dialogs.save_path = lambda suggested: NEXT_ISSUE
    window.menu_actions.actions["save_as"].trigger()
    menu = open_menu(window, "layout")
    camera.shoot("layout-menu", menus_rect(window, menu), [item_rect(menu, "期刊信息…")])
    info = next(a for a in menu.actions() if plain(a.text()) == "期刊信息…")
    with answering(camera, Reply("确定", shot="issue-info", fill=fill_issue(2025, 2, 42, QDate(2025, 2, 15)),
                                 marks=issue_fields)):
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         menu.actionGeometry(info).center())
    window.go_to_page(0)
    settle()
    camera.shoot("masthead", frame_screen_rect(window, 0, masthead_frame(window)).adjusted(-12, -12, 12, 12))
    window.menu_actions.actions["save"].trigger()
    settle()


def crashed_slot(project: Path, doc: Document, base: FileIdentity | None) -> None:
    """Recovery data for ``project`` as an editor that died after editing ``doc`` leaves it."""
    store = RecoveryStore()
    data = document_json_bytes(doc)
    session = store.start_session(project, project.name)
    session.write_snapshot(data, doc.assets, title=project.name, project_path=project, edit_count=7,
                           summary=summarize(data, document_json_bytes(load_project(project))), base=base)
    recovery._OPEN_SLOTS.discard(session.session_id)  # its editor is gone


def edited_caption(project: Path) -> Document:
    """The project with a caption rewritten: the work a crash interrupted."""
    doc = load_project(project)
    photo = next(f for _, f in doc.frames_with_pages() if isinstance(f, ImageFrame) and f.caption)
    caption = "▲图为云铝股份第十一届青工技术技能大赛总决赛现场。"
    for change in set_caption_text(doc, photo.id, caption):
        change.apply(True)
    return doc


def shoot_recovery(camera: Camera) -> None:
    """The offer at start after a crash; then the copy offered when the file was saved since."""
    base = identify(NEXT_ISSUE)
    crashed_slot(NEXT_ISSUE, edited_caption(NEXT_ISSUE), base)
    window = open_window()
    with answering(camera, Reply("恢复", shot="recovery-offer")):
        window.files.offer_recovery()
    settle()
    window.menu_actions.actions["save"].trigger()
    close_window(window)

    base = identify(NEXT_ISSUE)
    crashed_slot(NEXT_ISSUE, edited_caption(NEXT_ISSUE), base)
    colleague = load_project(NEXT_ISSUE)
    colleague.issue.publisher = "党群工作部（宣传科）"
    time.sleep(1.1)  # a visibly later save
    save_project(colleague, NEXT_ISSUE)
    window = open_window()
    window.files.dialogs.save_path = lambda suggested: suggested
    with answering(camera, Reply("恢复"), Reply("另存为副本…", shot="recovered-copy")):
        window.files.offer_recovery()
    close_window(window)


def shoot_style_font(camera: Camera, window: MainWindow) -> None:
    """样式 → 修改… on 正文: where the font is chosen."""
    panel = window.styles_panel
    panel.list.setCurrentItem(panel.list.findItems("正文", Qt.MatchFlag.MatchExactly)[0])
    with answering(camera, Reply("取消", shot="style-font",
                                 marks=lambda dialog: [global_rect(dialog.family)])):
        QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)


def next_issue_fields(dialog: QWidget) -> list[QRect]:
    assert isinstance(dialog, NextIssueDialog)
    return [global_rect(dialog.date).united(global_rect(dialog.file_name))]


def shoot_next_issue_dialog(camera: Camera) -> None:
    """Issue 28 (the sample, saved) opened; 文件 → 新建下一期… and the new issue's page 2 of placeholders."""
    doc = load_project(SAMPLE_PROJECT)
    doc.issue = dataclasses.replace(doc.issue, previous_date=PREVIOUS_DATE_28)  # as 新建下一期 from 第27期 left it
    save_project(doc, ISSUE_28)
    window = open_window()
    window.files.open_path(ISSUE_28, ask=False)
    settle()
    with answering(camera, Reply("确定", shot="next-issue", marks=next_issue_fields)):
        window.menu_actions.actions["new_next_issue"].trigger()
    settle()
    window.go_to_page(1)
    window.canvas.zoom_fit_page()
    window.pages_panel.thumbnails.render_now()
    settle(1.0)
    head = next(f for f in page_frames(window, 1) if f.id.endswith("-head"))
    camera.shoot("next-issue-new", marks=[frame_screen_rect(window, 1, head), status_message(window)])
    close_window(window)


def master_item(window: MainWindow, suffix: str) -> Frame:
    """An item of the master the scenes edit, by the end of its id (``-head``: the running head)."""
    master = window.controller.doc.master_by_id(MASTER_ID)
    return next(f for f in master.frames if f.id.endswith(suffix))


def shoot_masters(camera: Camera) -> None:
    """Page 3 of the sample: the 母版 panel, 编辑 its 版头·三栏 master, 设置…; then 插入 → 字段 and the shading."""
    window = open_window()
    window.files.new_from_template(SAMPLE_PROJECT, ask=False)
    settle()
    window.go_to_page(MASTER_PAGE)
    window.canvas.zoom_fit_page()
    window.masters_dock.raise_()
    panel = window.masters_panel
    panel.select_master(MASTER_ID)
    QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    settle()
    head = master_item(window, "-head")
    select_frame(window, head.id)
    window.pages_panel.thumbnails.render_now()
    settle(1.0)
    camera.shoot("master-edit", marks=[global_rect(window.masters_dock), frame_screen_rect(window, MASTER_PAGE, head)])
    with answering(camera, Reply("取消", shot="master-settings")):
        QTest.mouseClick(panel.settings_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)  # 完成
    settle()
    shoot_master_item_menu(camera, window, head)
    menu = open_menu(window, "insert")
    fields = open_submenu(menu, "字段")
    camera.shoot("insert-field", menus_rect(window, menu, fields), [item_rect(menu, "字段")])
    menu.close()
    settle()
    shoot_field_shading(camera, window, head)
    close_window(window)


def shoot_master_item_menu(camera: Camera, window: MainWindow, head: Frame) -> None:
    """A right click on page 3's running head (a master item): 覆盖母版项目 and 编辑母版."""
    x_pt, y_pt = head.x_pt + head.width_pt - 20.0, head.y_pt + head.height_pt / 2  # right of the centred text
    menu = canvas_context_menu(window.canvas, MASTER_PAGE, x_pt, y_pt)
    assert menu is not None
    menu.popup(window.canvas.viewport().mapToGlobal(view_point(window, MASTER_PAGE, x_pt, y_pt)))
    settle()
    detach = next(a for a in menu.actions() if a.text() == "覆盖母版项目")
    area = frame_screen_rect(window, MASTER_PAGE, head).united(menu.geometry()).adjusted(-12, -12, 12, 40)
    camera.shoot("master-item-menu", area, [item_rect(menu, detach.text())])
    menu.close()
    settle()


def shoot_field_shading(camera: Camera, window: MainWindow, head: Frame) -> None:
    """A close-up of page 3's running head: its field text (刊名, 年, 期号, 版次) shaded grey."""
    canvas = window.canvas
    canvas.set_zoom(FIELD_ZOOM)
    origin = canvas.page_origin(MASTER_PAGE)
    canvas.ensure_scene_rect_visible(QRectF(origin.x() + head.x_pt, origin.y() + head.y_pt,
                                            head.width_pt, head.height_pt))
    settle()
    shown = frame_screen_rect(window, MASTER_PAGE, head).adjusted(-16, -16, 16, 16)
    camera.shoot("field-shading", shown.intersected(global_rect(canvas.viewport())))


# ------------------------------------------------------------------- main


def prepare_scratch() -> None:
    """An empty scratch folder as the user's 文档, data and settings folders."""
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    FOLDER.mkdir(parents=True)
    config = SCRATCH / "config"
    config.mkdir()
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{SCRATCH / "文档"}"\n', encoding="utf-8")
    os.environ.update(BANMIAN_DATA_DIR=str(SCRATCH / "data"), BANMIAN_CONFIG_DIR=str(SCRATCH / "banmian"),
                      XDG_CONFIG_HOME=str(config), XDG_CACHE_HOME=str(SCRATCH / "cache"))


def main(argv: list[str]) -> int:
    options = arguments().parse_args(argv)
    faulthandler.dump_traceback_later(TIMEOUT_S, exit=True)  # a dialog nobody answers must not hang CI
    prepare_scratch()
    app = create_application()
    camera = Camera(IMAGES, ROOT)
    if options.installer:
        shoot_installer(camera, options.installer, SCRATCH)
    shoot_overview(camera)
    window = shoot_first_issue(camera)
    shoot_articles(camera, window)
    shoot_photo(camera, window)
    shoot_style_font(camera, window)
    close_window(window)
    shoot_read_only(camera)
    window = open_window()
    window.files.open_path(FIRST_ISSUE, ask=False)
    shoot_exports(camera, window)
    shoot_next_issue(camera, window)
    close_window(window)
    shoot_recovery(camera)
    shoot_next_issue_dialog(camera)
    shoot_masters(camera)
    app.quit()
    print(f"共 {len(camera.written)} 张截图。")
    return 0


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="截取使用说明和 README 的截图（在 X 服务器上运行，例如 xvfb-run）。")
    parser.add_argument("--installer", type=Path, metavar="SETUP_EXE",
                        help="也截取安装程序的页面（banmian-setup.exe，需要 wine 和 xdotool）")
    return parser


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
