"""Counting a whole document against the limits of ``editor.model.limits``.

The codec checks each value and each list as it reads a file; what only
the whole document can say — how many frames on all pages, how many
characters the text sets once every field run shows its value, how many
different characters the fonts must carry — is counted here. The loader
refuses a file whose totals are over; an edit whose result would be over
is not made (``within_limits``), so the editor never saves a file it would
refuse to open.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from editor.model.assets import byte_size
from editor.model.changes import Change, ItemChange
from editor.model.document import Document
from editor.model.fields import field_text
from editor.model.frames import TextFrame, frame_story_ids
from editor.model.limits import (
    MAX_ASSET_BYTES,
    MAX_CHARACTERS,
    MAX_DISTINCT_CHARACTERS,
    MAX_FRAMES,
    MAX_FRAMES_PER_PAGE,
    MAX_PAGES,
    MAX_PARAGRAPHS,
    MAX_PHOTOS_BYTES,
    MAX_RUNS,
    MAX_STORIES,
    MAX_STYLES,
    MAX_SWATCHES,
    MAX_TEXT_COLUMNS,
)

#: (where, what is wrong) — the place in ``document.json`` and a Chinese reason.
Problem = tuple[str, str]


def _too_many(count: int, most: int, what: str) -> str:
    return f"{what}过多（{count:,} 个，最多 {most:,} 个）"


def _count_problem(doc: Document) -> Problem | None:
    """Pages, frames, stories, styles, swatches, paragraphs and runs over their limits (and photos)."""
    checks = (
        ("document.pages", len(doc.pages), MAX_PAGES, "页面"),
        ("document.stories", len(doc.stories), MAX_STORIES, "文章"),
        ("document.paragraph_styles", len(doc.paragraph_styles), MAX_STYLES, "段落样式"),
        ("document.character_styles", len(doc.character_styles), MAX_STYLES, "字符样式"),
        ("document.colors", len(doc.colors), MAX_SWATCHES, "色板颜色"),
    )
    for where, count, most, what in checks:
        if count > most:
            return where, _too_many(count, most, what)
    # A master's frames are drawn on every page built on it: they count on each.
    frames = sum(len(master.frames) for master in doc.masters)
    columns = 0
    for index, page in enumerate(doc.pages):
        shown = page.frames + doc.shown_master_frames(page)
        if len(shown) > MAX_FRAMES_PER_PAGE:
            return f"document.pages[{index}].frames", _too_many(len(shown), MAX_FRAMES_PER_PAGE, "框（含母版中的框）")
        frames += len(shown)
        columns += sum(f.columns for f in shown if isinstance(f, TextFrame))
    if frames > MAX_FRAMES:
        return "document.pages", _too_many(frames, MAX_FRAMES, "所有页面上的框")
    if columns > MAX_TEXT_COLUMNS:
        return "document.pages", _too_many(columns, MAX_TEXT_COLUMNS, "所有文本框的栏")
    return _paragraph_problem(doc) or _photo_problem(doc)


def _paragraph_problem(doc: Document) -> Problem | None:
    """Paragraphs and runs of all stories over their limits."""
    paragraphs = sum(len(story.paragraphs) for story in doc.stories.values())
    if paragraphs > MAX_PARAGRAPHS:
        return "document.stories", _too_many(paragraphs, MAX_PARAGRAPHS, "所有文章的段落")
    runs = sum(len(p.runs) for story in doc.stories.values() for p in story.paragraphs)
    if runs > MAX_RUNS:
        return "document.stories", _too_many(runs, MAX_RUNS, "所有文章的文字片段")
    return None


def _story_problem(doc: Document) -> Problem | None:
    """What of ``limit_problem`` the stories alone decide: how many stories, paragraphs, runs and characters.

    The rest (pages, frames, columns, styles, swatches, photos) is the same before and after a
    change of stories only, so ``within_limits`` counts just this part for one (each keystroke):
    if that rest was over before, the edit is allowed anyway; if it was within, it stays so."""
    if len(doc.stories) > MAX_STORIES:
        return "document.stories", _too_many(len(doc.stories), MAX_STORIES, "文章")
    return _paragraph_problem(doc) or _text_problem(doc)


def _photo_problem(doc: Document) -> Problem | None:
    """A photo, or all photos together, larger than a project may hold (sizes, not bytes, read)."""
    mib = 1024 * 1024
    sizes = {name: byte_size(doc.assets, name) for name in doc.assets}
    for name, size in sizes.items():
        if size > MAX_ASSET_BYTES:
            return f"document.assets.{name}", f"图片过大（超过 {MAX_ASSET_BYTES // mib} MB）"
    if sum(sizes.values()) > MAX_PHOTOS_BYTES:
        return "document.assets", f"图片合计过大（超过 {MAX_PHOTOS_BYTES // mib} MB）"
    return None


@functools.lru_cache(maxsize=2048)
def _characters(text: str) -> frozenset[str]:
    """The characters of a text, kept: a set of characters is read many times faster than a string."""
    return frozenset(text)


@dataclass(frozen=True)
class _StoryText:
    """What one story's runs add to the text totals, apart from the values its field runs show."""

    #: Characters of its plain runs.
    plain_chars: int
    #: (field name, how many runs show it), by name.
    fields: tuple[tuple[str, int], ...]
    #: The different characters of its plain runs.
    characters: frozenset[str]


#: Per story id, its runs as last counted and what they add: every edit counts every story again
#: (``within_limits``) and a keystroke changes one. One entry a story id, so the earlier versions of
#: the story being typed in are not kept; emptied past ``_MOST_COUNTED`` ids (documents closed).
_last_counted: dict[str, tuple[tuple[tuple[str, str | None], ...], _StoryText]] = {}
_MOST_COUNTED = 4096


def _story_text(story_id: str, runs: tuple[tuple[str, str | None], ...]) -> _StoryText:
    """``_StoryText`` of a story's runs given as (text, field name), from ``_last_counted`` if the same."""
    last = _last_counted.get(story_id)
    if last is not None and last[0] == runs:
        return last[1]
    fields: dict[str, int] = {}
    plain = [text for text, field in runs if field is None]
    for _text, field in runs:
        if field is not None:
            fields[field] = fields.get(field, 0) + 1
    counted = _StoryText(sum(map(len, plain)), tuple(sorted(fields.items())),
                         frozenset().union(*map(_characters, plain)))
    if len(_last_counted) >= _MOST_COUNTED:
        _last_counted.clear()
    _last_counted[story_id] = (runs, counted)
    return counted


@functools.lru_cache(maxsize=8)
def _distinct_count(character_sets: tuple[frozenset[str], ...]) -> int:
    """How many characters the sets hold together, kept by value: while typing, every story's set but
    one is the very same, and the edited one mostly equal to what it was (a 64-page issue: 1.5 → 0.2 ms)."""
    return len(frozenset().union(*character_sets))


def _text_problem(doc: Document) -> Problem | None:
    """The characters the stories set (field runs as the text they show), and how many differ."""
    last_page = str(max(len(doc.pages), 1))
    field_texts = {name: field_text(doc.issue, name, 1) for name in ("title", "year", "number", "total_number",
                                                                     "date", "publisher")}
    field_texts["page"] = last_page
    field_texts["edition"] = field_text(doc.issue, "edition", max(len(doc.pages), 1))
    copies = _master_story_copies(doc)
    total = 0
    character_sets: list[frozenset[str]] = []
    fields_shown: set[str] = set()
    for story_id, story in doc.stories.items():
        counted = _story_text(story_id, tuple([(run.text, run.field) for paragraph in story.paragraphs
                                               for run in paragraph.runs]))
        chars = counted.plain_chars
        if counted.fields:
            chars += sum(len(field_texts.get(name, "")) * runs for name, runs in counted.fields)
            fields_shown.update(name for name, _runs in counted.fields)
        total += chars * copies.get(story_id, 1)
        character_sets.append(counted.characters)
    character_sets += [_characters(field_texts.get(name, "")) for name in sorted(fields_shown)]
    distinct = _distinct_count(tuple(character_sets))
    if total > MAX_CHARACTERS:
        return "document.stories", f"文字过多（共 {total:,} 个字符，最多 {MAX_CHARACTERS:,} 个）"
    if distinct > MAX_DISTINCT_CHARACTERS:
        return "document.stories", (f"用到的不同字符过多（{distinct:,} 种，最多 {MAX_DISTINCT_CHARACTERS:,} 种），"
                                    "字体无法及时嵌入")
    return None


def _master_story_copies(doc: Document) -> dict[str, int]:
    """How many pages set each master story (at least once, for the master itself)."""
    # Each master's frames with their stories, once (the first master of an id is the one pages show).
    shown = {master.id: [(frame.id, frame_story_ids(frame)) for frame in master.frames]
             for master in reversed(doc.masters)}
    copies: dict[str, int] = {}
    for page in doc.pages:
        for frame_id, story_ids in shown.get(page.master_id, ()):
            if frame_id not in page.detached:
                for story_id in story_ids:
                    copies[story_id] = copies.get(story_id, 0) + 1
    return {story_id: max(count, 1) for story_id, count in copies.items()}


def limit_problem(doc: Document) -> Problem | None:
    """The first way ``doc`` as a whole is over a limit, or None."""
    return _count_problem(doc) or _text_problem(doc)


def within_limits(doc: Document, changes: list[Change]) -> list[Change]:
    """``changes`` if the document they make keeps every limit, else no changes at all.

    The changes are applied, the result counted, and undone: changes are
    exactly reversible, so ``doc`` is left as it was either way. A document
    that was over a limit already (built in code, never loaded) may still
    be edited, so that it can be brought back within them. Changes that only put stories
    in ``doc.stories`` are counted against the story limits alone (``_story_problem``).
    """
    if not changes:
        return changes
    stories_only = all(isinstance(change, ItemChange) and change.target is doc.stories for change in changes)
    for change in changes:
        change.apply(True)
    try:
        problem = _story_problem(doc) if stories_only else limit_problem(doc)
    finally:
        for change in reversed(changes):
            change.apply(False)
    if problem is None or limit_problem(doc) is not None:
        return changes
    return []
