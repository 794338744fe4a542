"""Qt's own dialogs speak Chinese: the file dialog, the print dialog and its page setup.

Qt 6 gave some labels an access key (``&Look in:``, ``Files of &type:``,
``Page &Set:``) after qtbase_zh_CN.qm was translated, so the catalogue alone
left them in English; ``editor.ui.app.AccessKeyTranslator`` fills the gap.
The expected texts are Qt's Chinese words (查找范围, 文件类型, 页面组 …) written
out here, with the access key in brackets as Qt's Chinese catalogue does.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QTreeView, QWidget

from editor.ui import app as app_module
from editor.ui.app import create_application, with_access_key

#: An English word: a letter and a small one (not the key in (&L), not an acronym such as PDF).
ENGLISH_WORD = re.compile(r"[A-Za-z][a-z]")


@pytest.fixture
def app(qtbot) -> QApplication:
    return create_application(install_hook=False)


def shown_texts(dialog: QWidget) -> list[str]:
    """Every label's and button's text and tooltip in ``dialog``, hidden parts included."""
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    for button in dialog.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    return [text for text in texts if text]


def english_in(texts: list[str]) -> list[str]:
    return [text for text in texts if ENGLISH_WORD.search(text.replace("&", ""))]


@pytest.mark.parametrize(("context", "source", "chinese"), [
    ("QFileDialog", "&Look in:", "查找范围(&L)："),
    ("QFileDialog", "Files of &type:", "文件类型(&T)："),
    ("QFileDialog", "File &name:", "文件名称(&N)："),
    ("QPrintSettingsOutput", "Page &Set:", "页面组(&S)："),
    ("QPageSetupWidget", "Page &order:", "页面顺序(&O)："),
    ("QPageSetupWidget", "Pages &per sheet:", "每张页数(&P)："),
])
def test_qt_translates_its_dialog_labels_into_chinese(app, context, source, chinese):
    assert QCoreApplication.translate(context, source) == chinese


def test_a_string_qt_has_no_chinese_for_stays_as_written(app):
    """The fallback must not blank what neither it nor the catalogue knows."""
    assert QCoreApplication.translate("QFileDialog", "No such &label") == "No such &label"
    assert QCoreApplication.translate("NoSuchContext", "plain words") == "plain words"


def test_the_qt_file_dialog_shows_no_english_label(app, qtbot):
    """The editor's QFileDialog.getOpenFileName is Qt's own dialog wherever the system has none."""
    dialog = QFileDialog(None, "打开项目", str(Path.home()), "版面项目 (*.banmian)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert english_in(shown_texts(dialog)) == []
    tree = dialog.findChild(QTreeView, "treeView")
    headers = [tree.model().headerData(i, Qt.Orientation.Horizontal) for i in range(tree.model().columnCount())]
    assert headers == ["名称", "体积", "类型", "修改日期"]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows shows its own print dialog, not Qt's widgets")
def test_the_qt_print_dialog_shows_no_english_label(app, qtbot):
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    page_set = [label.text() for label in dialog.findChildren(QLabel) if label.objectName() == "pageSetLabel"]
    assert page_set == ["页面组(&S)："]
    assert english_in(shown_texts(dialog)) == []


@pytest.mark.parametrize(("translation", "key", "keyed"), [
    ("查找范围：", "l", "查找范围(&L)："),
    ("页面组:", "S", "页面组(&S):"),
    ("打开", "o", "打开(&O)"),
    ("打开(&O)", "o", "打开(&O)"),
])
def test_the_access_key_goes_in_brackets_before_the_colon(translation, key, keyed):
    assert with_access_key(translation, key) == keyed


def test_the_catalogue_is_qtbase_zh_cn_in_the_translations_folder_under_qts_prefix(app):
    """How the installed app finds it: Qt's prefix is the folder of PySide6's Qt libraries
    (``_internal/PySide6`` in the Windows app, made so by PySide6's built-in qt.conf), its
    translations are ``<prefix>/translations``, and PyInstaller's PySide6 hook copies the .qm
    files there (.ci/windows/run checks ``_internal/PySide6/translations/qtbase_zh_CN.qm``)."""
    loaded = [Path(t.filePath()) for t in app_module._translators if t.filePath()]
    prefix = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PrefixPath)).resolve()
    assert [path.resolve() for path in loaded] == [prefix / "translations" / "qtbase_zh_CN.qm"]
    import PySide6

    assert prefix.is_relative_to(Path(PySide6.__file__).parent.resolve())
