"""The ``banmian`` command (also ``python -m editor``).

``banmian`` opens the editor window on the sample issue and ``banmian
PROJECT`` on a project; ``banmian export PROJECT --pdf OUT.pdf``,
``banmian info PROJECT --json``, ``banmian next PROJECT`` (新建下一期) and
``banmian import PROJECT FILE_OR_FOLDER… [--page N]`` (导入文章) and
``banmian proof PROJECT [--json]`` (校对: exits 1 when it finds something),
``banmian package PROJECT OUT`` (打包) and
``banmian preflight PROJECT [--json]`` (检查: exits 1 on an error) work without a screen (Qt is imported only for the window). Every failure a user can cause prints one line of
Chinese on stderr and exits with status 2; an unexpected failure prints one
line pointing at a log file that holds the technical details — never a
traceback on the console.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn, TextIO

from editor import __version__
from editor.errorlog import write_error_log
from editor.errors import BanmianError, display_name

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USER_ERROR = 2
#: ``banmian proof`` found something, ``banmian preflight`` an error (shares 1 with an internal error; its message tells them apart).
EXIT_FOUND = 1
#: Whoever read the output stopped reading (``banmian info BIG | head``): the status a Unix tool
#: killed by SIGPIPE reports, 128 + 13.
EXIT_OUTPUT_CLOSED = 141


_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", "缺少参数：{}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{}"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "参数 {} 的值 {} 无效，可选：{}"),
    (r"argument (\S+): expected one argument", "参数 {} 后面需要一个值"),
    (r"argument (\S+): invalid int value: (.*)", "参数 {} 的值 {} 不是整数"),
    (r"argument (\S+): (.*)", "参数 {} 的值{}"),  # an ArgumentTypeError's own Chinese reason
]


class _ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with its one fixed English word, "usage:", in Chinese."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _ChineseArgumentParser(argparse.ArgumentParser):
    """argparse, with its help and its complaints in Chinese, complaints on one line.

    argparse writes its headings and the ``-h`` line in English; each parser (the subcommands'
    too: argparse makes them of this class) gets them in Chinese here."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助后退出")

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_MESSAGES:
            match = re.match(pattern, message)
            if match:
                message = chinese.format(*match.groups())
                break
        self.exit(EXIT_USER_ERROR, f"banmian：命令参数有误（{message}）。运行 banmian --help 查看用法。\n")


def _photo_ppi(text: str) -> int:
    """``--dpi``'s value: a whole number of pixels per inch within ``PHOTO_PPI_RANGE``, or 原图
    (``ORIGINAL_PPI``: every photo keeps its pixels)."""
    from editor.render.prepared_photos import ORIGINAL_PPI, PHOTO_PPI_RANGE

    if text.strip().lower() in ("原图", "original"):
        return ORIGINAL_PPI
    low, high = PHOTO_PPI_RANGE
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{display_name(text)}”不是整数") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"应在 {low} 到 {high} 之间")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _ChineseArgumentParser(prog="banmian", description="版面 Banmian —— 期刊排版编辑器",
                                    epilog="不带参数运行 banmian 打开编辑器（样例期刊）；banmian 项目文件 打开该项目。")
    parser.add_argument("-V", "--version", action="version", version=f"banmian {__version__}",
                        help="显示版本号后退出")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    export = commands.add_parser("export", help="导出 PDF（或 Word）", description="把项目导出为 PDF 和/或 Word 文件")
    export.add_argument("project", help="项目文件（.banmian）或项目文件夹")
    export.add_argument("--pdf", metavar="输出.pdf", help="PDF 输出路径")
    export.add_argument("--docx", metavar="输出.docx", help="Word 输出路径")
    export.add_argument("--bleed", action="store_true", help="加出血并画裁切线")
    export.add_argument("--dpi", type=_photo_ppi, metavar="PPI",
                        help="PDF 和 Word 中图片的分辨率（按版面上的尺寸；默认 300 用于印刷，150 用于屏幕阅读；更高的图片会缩小，"
                        "不会放大）；原图：保留图片的全部像素")
    export.add_argument("--preset", metavar="预设",
                        help="导出预设：印刷（print：300 ppi、3 毫米出血、裁切线）、屏幕（screen：150 ppi、文件小）"
                        "或自己保存的预设名称；--dpi 可覆盖其分辨率")
    package = commands.add_parser(
        "package", help="打包（送印刷厂或同事）", description="把项目文件、印刷用 PDF、Word 文件、全部原始图片和"
        "中文报告（图片分辨率、字体文件）打包到一个新文件夹或 .zip 文件",
        epilog="打包失败时目标位置不会留下不完整的内容；已存在的文件夹不会被覆盖。")
    package.add_argument("project", help="项目文件（.banmian）或项目文件夹")
    package.add_argument("output", metavar="输出", help="新文件夹，或以 .zip 结尾的文件")
    info = commands.add_parser("info", help="显示项目信息", description="显示页面、框和文章的信息")
    info.add_argument("project", help="项目文件（.banmian）或项目文件夹")
    info.add_argument("--json", action="store_true", help="以 JSON 输出")
    following = commands.add_parser(
        "next", help="新建下一期", description="由本期新建下一期：期号、总期号加一（跨年时期号从 1 开始），"
        "保留页面、母版、样式和刊头栏目，文章换成占位文字，图片清空",
        epilog="不会覆盖已有文件：输出文件已存在时不写入并报错，请用 -o 另选文件名。")
    following.add_argument("project", help="本期的项目文件（.banmian）或项目文件夹")
    following.add_argument("-o", "--output", metavar="输出.banmian",
                           help="新一期的项目文件（默认：本期旁边的“刊名+年+期号.banmian”）")
    following.add_argument("--date", metavar="YYYY-MM-DD", help="新一期的出版日期（默认：按前两期的间隔推算，不知道间隔时为今天）")
    following.add_argument("--keep-articles", action="store_true", help="保留文章和图片，只改期号和日期")
    importing = commands.add_parser(
        "import", help="导入文章（.docx 或 .txt）", description="把 Word 文档（.docx）或纯文本（.txt）作为文章导入项目："
        "识别引题、标题、副标题、署名、正文和图片图注，在指定页面上按栏格新建文本框和图片框，然后保存项目",
        epilog="文件夹中的每个 .docx 或 .txt 文件各作为一篇文章导入。有任何文件无法导入时，项目不作改动。")
    importing.add_argument("project", help="项目文件（.banmian）或项目文件夹")
    importing.add_argument("files", nargs="+", metavar="文件或文件夹", help="要导入的 .docx、.txt 文件或文件夹")
    importing.add_argument("--page", type=int, metavar="N", help="放在第 N 页（默认：最后一页）")
    proof = commands.add_parser("proof", help="校对", description="检查文章中的半角标点、引号混用、重复字词、多余空格、"
                                "括号引号不成对、的地得和用词规范（校对用词表见用户配置文件夹中的 proof-words.json）",
                                epilog="退出状态：0 没有发现问题，1 发现问题，2 出错。")
    proof.add_argument("project", help="项目文件（.banmian）或项目文件夹")
    proof.add_argument("--json", action="store_true", help="以 JSON 输出")
    preflight = commands.add_parser("preflight", help="发排检查", description="检查文字溢出、图片缺失或分辨率低、"
                                    "字体替换或不能嵌入、框超出页面或未到出血边、空框、文字靠近裁切线、文本框重叠和页面尺寸",
                                    epilog="退出状态：0 没有错误（可能有警告），1 有错误，2 出错。")
    preflight.add_argument("project", help="项目文件（.banmian）或项目文件夹")
    preflight.add_argument("--json", action="store_true", help="以 JSON 输出")
    return parser


def _export(args: argparse.Namespace) -> int:
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.export_presets import (
        PRINT_PRESET,
        custom_preset,
        export_pdf_with_preset,
        find_preset,
        with_bleed,
    )
    from editor.render.output import check_distinct_targets, check_export_target

    # an unknown preset is refused before anything is read; --bleed adds a bleed to one without
    preset = find_preset(args.preset) if args.preset else custom_preset(PRINT_PRESET.photo_ppi, False)
    preset = with_bleed(preset, True) if args.bleed else preset
    if not args.pdf and not args.docx:
        raise BanmianError("请用 --pdf 或 --docx 指定输出文件。")
    targets = [target for target in (args.pdf, args.docx) if target]
    for target in targets:
        check_export_target(target, args.project)
    if len(targets) == 2:
        check_distinct_targets(args.pdf, args.docx)
    doc = load_project(args.project)
    layout = layout_document(doc)
    if args.pdf:
        export_pdf_with_preset(doc, layout, args.pdf, preset, photo_ppi=args.dpi)
    if args.docx:
        try:
            from editor.render.docx import DocxOptions, write_docx
        except ImportError as problem:
            raise BanmianError("此版本尚不支持导出 Word 文件。") from problem
        from editor.render.prepared_photos import ppi_or_original

        photo_ppi = preset.photo_ppi if args.dpi is None else args.dpi
        write_docx(doc, layout, args.docx, DocxOptions(photo_ppi=ppi_or_original(photo_ppi)))
    from editor.model.labels import story_label

    for story_id in layout.overset_story_ids:
        label = story_label(doc, story_id)
        print(f"注意：文章“{label}”有 {layout.stories[story_id].overset_char_count} 个字排不下（溢出）。", file=sys.stderr)
    for warning in layout.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return EXIT_OK


def _next(args: argparse.Namespace) -> int:
    import datetime

    from editor.io.file_names import check_file_name, issue_file_name
    from editor.io.os_errors import os_error_reason
    from editor.io.project import load_project, save_project
    from editor.model.next_issue import next_issue

    date = None
    if args.date is not None:
        try:
            date = datetime.date.fromisoformat(args.date)
        except ValueError:
            raise BanmianError(f"日期“{display_name(args.date)}”无效，请写成 YYYY-MM-DD，例如 2021-10-08。") from None
    result = next_issue(load_project(args.project), datetime.date.today(), date, args.keep_articles)
    project = Path(args.project)
    target = Path(args.output) if args.output else project.absolute().parent / issue_file_name(result.document.issue)
    check_file_name(target)
    if os.path.lexists(target):
        raise BanmianError(f"“{display_name(target)}”已存在，没有覆盖。请用 -o 指定另一个文件名。")
    try:
        save_project(result.document, target)
    except OSError as problem:
        raise BanmianError(f"无法保存到“{display_name(target)}”：{os_error_reason(problem)}。") from problem
    issue = result.document.issue
    print(f"已新建 {issue.year}年第{issue.number}期（总第{issue.total_number}期，{issue.date}）：{target}")
    for line in result.summary.kept_lines():
        print(f"  保留 {line}")
    for line in result.summary.cleared_lines():
        print(f"  清空 {line}")
    return EXIT_OK


def _proof(args: argparse.Namespace) -> int:
    """``banmian proof``: 0 when clean, 1 when something is found (status 2 stays for errors)."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.proof.check import check_document
    from editor.proof.house_list import load_house_list
    from editor.proof.report import finding_pages, report_json, report_text

    house = load_house_list()
    doc = load_project(args.project)
    findings = check_document(doc, house)
    pages = finding_pages(layout_document(doc), findings)
    print(report_json(findings, pages) if args.json else report_text(findings, pages))
    return EXIT_FOUND if findings else EXIT_OK


def _preflight(args: argparse.Namespace) -> int:
    """``banmian preflight``: 1 when an error is found, else 0 (warnings are printed, status 2 stays for failures)."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.preflight.check import check_document, counts
    from editor.preflight.report import report_json, report_text

    doc = load_project(args.project)
    findings = check_document(doc, layout_document(doc))
    print(report_json(findings) if args.json else report_text(findings))
    return EXIT_FOUND if counts(findings)[0] else EXIT_OK


def _package(args: argparse.Namespace) -> int:
    """``banmian package PROJECT OUT``: the project, PDF, DOCX, photos and 报告.txt in a new folder or zip."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.render.package import package_project

    doc = load_project(args.project)
    result = package_project(doc, layout_document(doc), args.output, name=Path(args.project).stem)
    print(f"已打包到：{result.target}（{result.photo_count} 张图片）")
    for note in result.notes:
        print(f"注意：{note}", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from editor.io.article_project import import_articles_into_project

    for line in import_articles_into_project(args.project, [Path(name) for name in args.files], args.page):
        print(line)
    return EXIT_OK


def project_info(project: str | Path) -> dict:
    """Pages, frames (mm) and stories of a project, as ``info --json`` prints."""
    from editor.io.project import load_project
    from editor.layout.engine import layout_document
    from editor.model.units import pt_to_mm

    doc = load_project(project)
    layout = layout_document(doc)

    def mm(value: float) -> float:
        return round(pt_to_mm(value), 2)

    frames = []
    for page_index, frame in doc.frames_with_pages():
        entry = {
            "id": frame.id,
            "kind": frame.kind,
            "page": page_index + 1,
            "x_mm": mm(frame.x_pt),
            "y_mm": mm(frame.y_pt),
            "w_mm": mm(frame.width_pt),
            "h_mm": mm(frame.height_pt),
        }
        story_id = getattr(frame, "story_id", None)
        if story_id is not None:
            entry["story"] = story_id
        frames.append(entry)
    from editor.layout.masters import master_item
    from editor.model.labels import story_label

    by_id: dict[str, dict] = {}
    for story_id, result in layout.stories.items():
        own_id = master_item(story_id)  # a master's story is laid out on each page showing it: listed once
        entry = by_id.setdefault(own_id, {"id": own_id, "name": doc.stories[own_id].name,
                                          "label": story_label(doc, own_id), "chars": result.char_count,
                                          "overset": False})
        entry["overset"] = entry["overset"] or result.overset
    stories = list(by_id.values())
    return {
        "title": doc.pdf_title(),
        "pages": len(doc.pages),
        "page_size_mm": [mm(doc.page_width_pt), mm(doc.page_height_pt)],
        "frames": frames,
        "stories": stories,
    }


def _info(args: argparse.Namespace) -> int:
    info = project_info(args.project)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{info['title']}：{info['pages']} 页，{len(info['frames'])} 个框，{len(info['stories'])} 篇文章")
    for story in info["stories"]:
        state = "溢出" if story["overset"] else "完整"
        print(f"  {story['label']}：{story['chars']} 字，{state}")
    return EXIT_OK


def _editor_project(argv: list[str]) -> str | None | bool:
    """What ``banmian [PROJECT]`` asks the editor to open (None: the sample); False for a command."""
    if not argv:
        return None
    if len(argv) == 1 and argv[0] not in ("export", "info", "next", "import", "proof", "preflight", "package") and not argv[0].startswith("-"):
        return argv[0]
    return False


def _open_editor(project: str | None) -> int:
    """The editor window. Qt is imported here only, so export and info never need a display."""
    if project is not None and not Path(project).exists():
        raise BanmianError(f"找不到项目“{display_name(project)}”。")
    headless = not any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    if sys.platform.startswith("linux") and headless:
        raise BanmianError("没有可用的显示器，无法打开编辑器窗口。导出 PDF 请用 banmian export，查看项目请用 banmian info。")
    try:
        from editor.ui.app import run_editor
    except ImportError as problem:
        raise BanmianError("无法打开编辑器窗口：界面组件（PySide6）未能加载，请重新安装版面。") from problem
    return run_editor(project)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``banmian`` console script."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    argv = sys.argv[1:] if argv is None else list(argv)
    stdout = sys.stdout
    if sys.platform == "win32" and stdout is not None:
        sys.stdout = _WindowsStdout(stdout)
    try:
        status = _run(argv)
        sys.stdout.flush()  # here, not at exit, so a reader that went away is noticed below
        return status
    except OSError as problem:
        if _reader_gone(problem):
            return _output_closed()
        return _internal_error()
    finally:
        sys.stdout = stdout


def _reader_gone(problem: OSError) -> bool:
    """Whether ``problem`` is the reader of stdout having gone away (``| head``, ``| more``)."""
    return isinstance(problem, BrokenPipeError)


class _WindowsStdout:
    """stdout whose writes fail as on POSIX when its reader has gone away.

    Windows (and Wine) report a write into a pipe closed by its reader as EINVAL, an error
    that elsewhere means a bug; only a write to stdout itself is taken for the reader gone."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with _reader_gone_as_broken_pipe():
            return self._stream.write(text)

    def flush(self) -> None:
        with _reader_gone_as_broken_pipe():
            self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _reader_gone_as_broken_pipe() -> Iterator[None]:
    try:
        yield
    except OSError as problem:
        if problem.errno == errno.EINVAL:
            raise BrokenPipeError(errno.EPIPE, "the reader of the output went away") from problem
        raise


def _output_closed() -> int:
    """The reader of stdout went away (``| head``): end quietly, as Unix tools do.

    Python would otherwise flush stdout once more on exit and print a warning
    about the broken pipe; pointing stdout at the null device stops that.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor behind stdout (embedded, tests)
        pass
    return EXIT_OUTPUT_CLOSED


def _run(argv: list[str]) -> int:
    """Run one ``banmian`` command; a user's mistake or an unexpected failure becomes one line on stderr."""
    project = _editor_project(argv)
    args = _parser().parse_args(argv) if project is False else None
    try:
        if args is None:
            return _open_editor(project if isinstance(project, str) else None)
        if args.command == "export":
            return _export(args)
        if args.command == "info":
            return _info(args)
        if args.command == "next":
            return _next(args)
        if args.command == "import":
            return _import(args)
        if args.command == "proof":
            return _proof(args)
        if args.command == "package":
            return _package(args)
        if args.command == "preflight":
            return _preflight(args)
        _parser().print_help()
        return EXIT_OK
    except BanmianError as problem:
        print(f"banmian：{problem.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("banmian：已取消。", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as problem:
        if _reader_gone(problem):
            raise  # not an internal error: ``main`` ends quietly
        return _internal_error()
    except Exception:  # noqa: BLE001 - the user must never see a traceback
        return _internal_error()


def _internal_error() -> int:
    """The exception being handled, logged; one Chinese line on stderr pointing at the log."""
    log_path = write_error_log(*sys.exc_info())
    where = f"，详细信息已写入 {log_path}" if log_path else ""
    print(f"banmian：发生内部错误{where}。请将此文件发给开发人员。", file=sys.stderr)
    return EXIT_INTERNAL
