"""The QApplication of the editor, set up for Chinese users on Windows.

``create_application`` does what must happen once per process, before any
window exists: the high-DPI rounding policy (fractional Windows scaling
such as 125 % or 150 % must not be rounded to 100 % or 200 %), the
application's names (they decide where QSettings keep recent files),
Qt's own Chinese translations (so QFileDialog, QMessageBox buttons and
context menus say 打开、取消、复制 …), the bundled fonts (so Chinese shows
even on a machine without CJK fonts) and an exception hook that turns an
unexpected error into a Chinese dialog plus a log file, never a console
traceback or a silent exit.

``run_editor`` is what ``banmian`` and ``banmian PROJECT`` call.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from editor import ASSETS_DIR, FONTS_DIR, __version__
from editor.errorlog import write_error_log
from editor.errors import BanmianError

APP_NAME = "版面"
ORGANISATION = "Banmian"
#: Qt's zh_CN catalogue of the modules the editor uses (Core, Gui, Widgets, PrintSupport).
#: Only this one file is loaded: the ``qt_zh_CN`` meta-catalogue would pull in Qt modules we never use.
QT_CATALOGUE = "qtbase_zh_CN"
#: Family used as the UI's fallback for Chinese where the system font has none.
UI_FALLBACK_FAMILY = "Noto Sans SC"

#: Translators must outlive the call that installs them.
_translators: list[QTranslator] = []


def with_access_key(translation: str, key: str) -> str:
    """``translation`` with Qt's Chinese access-key suffix: 查找范围： and L give 查找范围(&L)：."""
    if "&" in translation:
        return translation
    body = translation.rstrip(":：")
    return f"{body}(&{key.upper()}){translation[len(body):]}"


def _access_key(source: str) -> tuple[str, str] | None:
    """(source without its access-key marker, the key) for ``&Look in:``; None without a marker."""
    at = source.replace("&&", "\0\0").find("&")
    if at < 0 or at + 1 >= len(source):
        return None
    return source[:at] + source[at + 1:], source[at + 1]


class AccessKeyTranslator(QTranslator):
    """Qt's strings that gained an access key after their Chinese translation was made.

    Qt 6 added ``&`` to labels such as QFileDialog's ``&Look in:`` and
    ``Files of &type:`` or the print dialog's ``Page &Set:``, while
    qtbase_zh_CN.qm still translates ``Look in:``, ``Files of type:`` and
    ``Page Set:``; Qt then shows the English label. Installed before the
    catalogue, this translator is asked only for what the catalogue lacks: it
    looks the text up without its marker and writes the key the Chinese way
    (查找范围(&L)：).
    """

    def __init__(self, catalogue: QTranslator, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self._catalogue = catalogue

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        """The catalogue's translation of ``source`` without its ``&``, keyed; None (not translated) otherwise."""
        split = _access_key(source) if source and "&" in source else None
        if split is None:
            return None
        plain, key = split
        translation = self._catalogue.translate(context, plain, disambiguation, n)
        return with_access_key(translation, key) if translation else None


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's zh_CN catalogue bundled with PySide6; return the installed translators.

    The folder is Qt's own translations folder: ``PySide6/Qt/translations``
    in a virtual environment, ``_internal/PySide6/translations`` in the
    Windows app, where PyInstaller's PySide6 hook puts it.
    """
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogue = QTranslator(app)
    if not catalogue.load(QT_CATALOGUE, folder):
        return []
    # Qt asks the translator installed last first: the catalogue answers, the fallback fills its gaps.
    installed = [AccessKeyTranslator(catalogue, app), catalogue]
    for translator in installed:
        app.installTranslator(translator)
    _translators.extend(installed)
    return installed


def register_fonts() -> list[str]:
    """Make the bundled fonts known to Qt's font database; the families added."""
    families: list[str] = []
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(dict.fromkeys(families))


def _ui_font(app: QGuiApplication) -> QFont:
    """The system UI font, falling back to the bundled sans for Chinese characters."""
    font = app.font()
    families = [family for family in font.families() or [font.family()] if family]
    if UI_FALLBACK_FAMILY not in families:
        families.append(UI_FALLBACK_FAMILY)
    font.setFamilies(families)
    return font


def app_icon() -> QIcon:
    """The window and taskbar icon, in every size drawn (crisp on 150 % and 200 % screens)."""
    icon = QIcon()
    for path in sorted(ASSETS_DIR.glob("banmian-*.png")):
        icon.addFile(str(path))
    return icon


def _dialog_parent() -> QWidget | None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    return app.activeWindow() or next((w for w in app.topLevelWidgets() if w.isVisible()), None)


def show_error(parent: QWidget | None, error: BanmianError) -> None:
    """Show a BanmianError as the Chinese sentence it carries."""
    QMessageBox.warning(parent, APP_NAME, error.message)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    if isinstance(error, BanmianError):
        show_error(_dialog_parent(), error)
        return
    path = write_error_log(kind, error, tb)
    where = f"\n\n详细信息已写入：\n{path}\n请将此文件发给技术人员。" if path else ""
    if QApplication.instance() is None:
        return
    QMessageBox.critical(_dialog_parent(), APP_NAME,
                         f"发生了意外错误，刚才的操作没有完成。已打开的文档未受影响，建议先保存。{where}")


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """Errors in worker threads only go to the log: dialogs belong to the GUI thread."""
    if args.exc_type is not SystemExit:
        write_error_log(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install_exception_hook() -> None:
    """Route uncaught errors to a Chinese dialog and the log file instead of the console."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def create_application(argv: list[str] | None = None, install_hook: bool = True) -> QApplication:
    """The editor's QApplication (the running one if it exists), fully set up.

    Tests pass ``install_hook=False`` so that pytest-qt, not a dialog, reports errors.
    """
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    elif isinstance(existing, QApplication):
        app = existing
    else:
        raise RuntimeError("the editor needs a QApplication, but another kind of Qt application is running")
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    if not _translators:
        install_translations(app)
    if UI_FALLBACK_FAMILY not in QFontDatabase.families():
        register_fonts()
    app.setFont(_ui_font(app))
    if install_hook:
        install_exception_hook()
    return app


def run_editor(project: str | Path | None = None) -> int:
    """Open the editor window on ``project`` (or on the sample issue) and run until it closes."""
    app = create_application()
    from editor.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings())
    window.controller.freeze_after_open = True  # no full-collection pauses while typing (settle_memory)
    window.show()
    window.files.start(Path(project) if project else None)
    return app.exec()
