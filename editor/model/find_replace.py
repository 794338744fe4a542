"""Find and replace across every story of the issue (pure, no Qt).

The 查找和替换 dialog searches articles, captions and the text of master
items (running heads, issue lines: marked as 母版 hits) for plain text or a
regular expression, with the options Word and InDesign offer a Chinese
editor: 区分大小写, 区分全半角 and 全字匹配 (for Latin words).

A hit is (story id, paragraph index, start, end) in the offsets the text
editor uses (``editor.ui.canvas.story_text``): characters, with a field run
(期号, 页码 …) counted as one unit. Field runs show values, not text of
the story, so they are never matched: a hit lies between two fields and may
cross the boundaries of runs of different character styles. Replacing keeps
the character style of the hit's first run.

With 区分全半角 off, full-width ASCII forms (ＡＢＣ１２３, the 全角空格)
and their half-width letters match each other: both the text and the
pattern are folded one character to one character, so offsets in the
folded text are offsets in the story.

Replacements are reversible changes (``editor.model.changes``): one list
for 替换 and one for 全部替换, which the editor pushes as one undo step.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from editor.errors import BanmianError
from editor.model.changes import Change
from editor.model.document import Document
from editor.model.edits import set_story
from editor.model.frames import ImageFrame, TextFrame
from editor.model.runs import join_runs, run_length, split_runs
from editor.model.story import Paragraph, Run, Story

#: Characters of context shown on each side of a hit in the list of hits.
CONTEXT_CHARS = 12
#: Latin letters and digits: what 全字匹配 treats as the inside of a word.
_WORD_CHAR = r"[0-9A-Za-z_\u00c0-\u024f]"


class SearchError(BanmianError):
    """The search pattern or the replacement cannot be used (a bad regular expression)."""


def _width_fold_table() -> dict[int, str]:
    """Full-width forms whose compatibility form is one ASCII character, mapped to it."""
    table: dict[int, str] = {}
    for code in [0x3000, *range(0xFF01, 0xFF5F)]:
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded.isascii():
            table[code] = folded
    return table


_WIDTH_FOLD = _width_fold_table()


def fold_width(text: str) -> str:
    """``text`` with full-width ASCII forms made half-width (same length, same offsets)."""
    return text.translate(_WIDTH_FOLD)


@dataclass(frozen=True)
class SearchOptions:
    """What to look for and how."""

    pattern: str
    regex: bool = False
    match_case: bool = False
    #: 区分全半角: when False, ＡＢＣ１２３ and ABC123 match each other.
    match_width: bool = False
    #: 全字匹配: a hit may not start or end inside a Latin word.
    whole_word: bool = False


@dataclass(frozen=True)
class Hit:
    """One place the pattern matches: offsets in paragraph ``paragraph`` of story ``story_id``."""

    story_id: str
    paragraph: int
    start: int
    end: int
    #: The story is a master item's text (母版).
    master: bool = False
    #: The text around the hit, for the list of hits.
    before: str = ""
    matched: str = ""
    after: str = ""


# ---------------------------------------------------------------- the pattern


def _pattern_source(options: SearchOptions) -> str:
    """The regular expression for ``options``, folded like the text when widths don't count."""
    if not options.regex:
        text = options.pattern if options.match_width else fold_width(options.pattern)
        return re.escape(text)
    if options.match_width:
        return options.pattern
    # A full-width character in a regex is a literal (（ is no group): fold it to its escaped twin.
    return "".join(re.escape(fold_width(ch)) if ord(ch) in _WIDTH_FOLD else ch for ch in options.pattern)


def compile_pattern(options: SearchOptions) -> re.Pattern[str]:
    """The compiled search; a bad regular expression raises ``SearchError`` (Chinese message)."""
    source = _pattern_source(options)
    if options.whole_word:
        source = f"(?<!{_WORD_CHAR})(?:{source})(?!{_WORD_CHAR})"
    flags = 0 if options.match_case else re.IGNORECASE
    try:
        return re.compile(source, flags)
    except re.error as problem:
        raise SearchError(f"正则表达式有误（第 {(problem.pos or 0) + 1} 个字符附近）：{_reason(problem)}") from problem
    except (OverflowError, RecursionError) as problem:
        raise SearchError("正则表达式过于复杂，无法使用。") from problem


def _reason(problem: re.error) -> str:
    """A Chinese reason for the commonest regex mistakes."""
    message = problem.msg
    reasons = (
        ("missing )", "缺少右括号“)”"),
        ("unbalanced parenthesis", "括号不成对"),
        ("unterminated character set", "缺少右方括号“]”"),
        ("nothing to repeat", "“*”“+”“?”前面没有可重复的内容"),
        ("multiple repeat", "重复符号连用"),
        ("bad escape", "无法识别的转义“\\”"),
        ("bad character range", "字符范围颠倒"),
        ("unknown group name", "没有这个组名"),
        ("invalid group reference", "组号无效"),
        ("look-behind requires fixed-width pattern", "向后查找须为固定长度"),
    )
    for english, chinese in reasons:
        if message.startswith(english):
            return chinese
    return "无法解析"


# ---------------------------------------------------------------- finding


def _segments(paragraph: Paragraph) -> Iterator[tuple[int, str]]:
    """The paragraph's literal text between fields: (offset of the first character, text)."""
    at = 0
    pieces: list[str] = []
    start = 0
    for run in paragraph.runs:
        if run.field is not None:
            if pieces:
                yield start, "".join(pieces)
            pieces = []
            start = at + 1
        else:
            pieces.append(run.text)
        at += run_length(run)
    if pieces:
        yield start, "".join(pieces)


def _shown(text: str) -> str:
    """Context text on one line of the list (a forced line break shows as a space)."""
    return text.replace("\n", " ")


def find_in_story(story: Story, pattern: re.Pattern[str], fold: bool, master: bool = False) -> list[Hit]:
    """Every non-empty match of ``pattern`` in ``story``, in reading order."""
    hits: list[Hit] = []
    for index, paragraph in enumerate(story.paragraphs):
        for offset, text in _segments(paragraph):
            searched = fold_width(text) if fold else text
            for match in pattern.finditer(searched):
                start, end = match.span()
                if start == end:
                    continue
                hits.append(Hit(story.id, index, offset + start, offset + end, master,
                                _shown(text[max(0, start - CONTEXT_CHARS):start]), _shown(text[start:end]),
                                _shown(text[end:end + CONTEXT_CHARS])))
    return hits


def story_order(doc: Document) -> list[str]:
    """Stories as a reader meets them: pages in order (a thread at its first frame, a caption at
    its photo), then the masters' items, then stories shown nowhere."""
    order: dict[str, None] = {}
    frame_lists = [page.frames for page in doc.pages] + [master.frames for master in doc.masters]
    for frames in frame_lists:
        for frame in frames:
            if isinstance(frame, TextFrame):
                order.setdefault(frame.story_id, None)
            elif isinstance(frame, ImageFrame) and frame.caption is not None:
                order.setdefault(frame.caption.story_id, None)
    for story_id in doc.stories:
        order.setdefault(story_id, None)
    return [story_id for story_id in order if story_id in doc.stories]


def find_all(doc: Document, options: SearchOptions) -> list[Hit]:
    """Every hit in the document, story by story in reading order (empty pattern: none)."""
    if not options.pattern:
        return []
    pattern = compile_pattern(options)
    masters = doc.master_story_ids()
    hits: list[Hit] = []
    for story_id in story_order(doc):
        hits += find_in_story(doc.stories[story_id], pattern, not options.match_width, story_id in masters)
    return hits


# ---------------------------------------------------------------- replacing

_TEMPLATE_PART = re.compile(r"\\(?:g<([^>]*)>|(\d{1,2})|(.))", re.DOTALL)


@dataclass(frozen=True)
class _Group:
    """A group reference in a regex replacement: its number or name."""

    ref: int | str


def _check_group(pattern: re.Pattern[str], group: str) -> _Group:
    """A group reference of the replacement, checked against the pattern."""
    if group.isdigit():
        number = int(group)
        if number > pattern.groups:
            raise SearchError(f"替换内容引用了第 {number} 组，但查找内容只有 {pattern.groups} 组括号。")
        return _Group(number)
    if group not in pattern.groupindex:
        raise SearchError(f"替换内容引用的组名“{group}”在查找内容中不存在。")
    return _Group(group)


def _template_parts(template: str, pattern: re.Pattern[str]) -> list[str | _Group]:
    """A regex replacement as literal pieces and group references (\\1, \\g<name>; \\n is a
    line break, \\\\ a backslash, any other escaped character itself)."""
    parts: list[str | _Group] = []
    at = 0
    for match in _TEMPLATE_PART.finditer(template):
        parts.append(template[at:match.start()])
        named, number, other = match.groups()
        if named is not None:
            parts.append(_check_group(pattern, named))
        elif number is not None:
            parts.append(_check_group(pattern, number))
        else:
            parts.append({"n": "\n", "t": "\t"}.get(other, other))
        at = match.end()
    parts.append(template[at:])
    return [part for part in parts if part != ""]


def _expand(parts: list[str | _Group], match: re.Match[str], original: str) -> str:
    """The replacement for ``match``; groups are taken from the story's own text (not folded)."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            start, end = match.span(part.ref)
            out.append(original[start:end] if start >= 0 else "")
    return "".join(out)


def replace_span(paragraph: Paragraph, start: int, end: int, text: str) -> Paragraph:
    """``paragraph`` with offsets ``start``..``end`` replaced by ``text`` in the style of the first
    run they cover ("\\n" in ``text`` is a forced line break)."""
    head, rest = split_runs(paragraph.runs, start)
    middle, tail = split_runs(rest, end - start)
    style = middle[0].char_style if middle else (head[-1].char_style if head else None)
    return dataclasses.replace(paragraph, runs=join_runs(head + [Run(text=text, char_style=style)] + tail))


def _segment_text(paragraph: Paragraph, start: int) -> tuple[int, str]:
    """The text between fields that holds offset ``start``: (its first offset, text)."""
    for offset, text in _segments(paragraph):
        if offset <= start <= offset + len(text):
            return offset, text
    return start, ""


def _replacement(hit: Hit, paragraph: Paragraph, pattern: re.Pattern[str], fold: bool,
                 parts: list[str | _Group]) -> str | None:
    """What replaces ``hit`` now, or None when the text there no longer matches as found."""
    offset, text = _segment_text(paragraph, hit.start)
    match = pattern.match(fold_width(text) if fold else text, hit.start - offset)
    if match is None or match.span() != (hit.start - offset, hit.end - offset):
        return None
    return _expand(parts, match, text)


def replace_hits(doc: Document, options: SearchOptions, hits: list[Hit], replacement: str) -> tuple[list[Change], int]:
    """Changes replacing ``hits`` (found with ``options``) by ``replacement``, and how many.

    In regular-expression mode the replacement may name groups (\\1, \\g<name>)
    and \\n; in plain mode it is literal text. A hit whose text changed since it
    was found is left alone. The changes go together, as one undo step.
    """
    pattern = compile_pattern(options)
    parts = _template_parts(replacement, pattern) if options.regex else [replacement]
    by_story: dict[str, list[Hit]] = {}
    for hit in hits:
        by_story.setdefault(hit.story_id, []).append(hit)
    changes: list[Change] = []
    count = 0
    for story_id, story_hits in by_story.items():
        story = doc.stories.get(story_id)
        if story is None:
            continue
        paragraphs = list(story.paragraphs)
        replaced = 0
        for hit in sorted(set(story_hits), key=lambda h: (h.paragraph, h.start), reverse=True):
            if hit.paragraph >= len(paragraphs):
                continue
            text = _replacement(hit, paragraphs[hit.paragraph], pattern, not options.match_width, parts)
            if text is not None:
                paragraphs[hit.paragraph] = replace_span(paragraphs[hit.paragraph], hit.start, hit.end, text)
                replaced += 1
        story_changes = set_story(doc, dataclasses.replace(story, paragraphs=paragraphs)) if replaced else []
        if story_changes:
            changes += story_changes
            count += replaced
    return changes, count
