"""The largest documents the limits allow, built from the constants of ``editor/model/limits.py``.

Each builder pushes one limit to its edge, or several together where their
costs multiply (every distinct character in every face, every line checking
every wrap box). ``bench/bench_limits.py`` checks that each loads and times
``banmian info`` and ``export`` on it; ``tests/test_codec_limits.py`` checks
that the longest ``document.json`` the limits allow (``case_json``) fits the
loader's size and value limits and loads (so the editor never writes a file
it refuses).

Cases:
- ``pages``: every page, every frame the totals allow spread over them, every
  character in their stories, using every distinct character in all four
  bundled faces (the most font subsetting);
- ``wrap``: pages holding the most frames a page may, each page one text frame
  in narrow columns with all other frames wrapped around it, one story of
  every character flowing through them (every line checks every wrap box);
- ``story``: one story of every character, in all four faces, through A4 pages;
- ``runs``: every run, alternating character styles, in one story;
- ``stories``: every story, each in its own frame, every frame;
- ``paragraphs``: every paragraph, each kept with the next;
- ``styles``: every paragraph and character style and swatch, each in use,
  each naming its own font family (none installed: each is substituted);
- ``blocked``: as many frames of 12 columns as the columns allow on one page, tall,
  too narrow for a line, threaded in one story at 1 pt leading (where a line
  finds no room);
- ``boxes``: every frame, text frames of 12 columns up to every column allowed, one
  story through them, the others boxes and empty photo frames (the most DOCX objects);
- ``placeholders``: every frame a photo frame with a lost photo (a crossed box), a
  border and a caption;
- ``centred``: one story through as many frames of 12 columns as the columns allow
  on one page, centred vertically;
- ``photos``: the largest photos (stored JPEGs of noise) up to the total a project may hold;
- ``many_photos``: the same total in 24 smaller photos;
- ``json``: the longest ``document.json``: every count at its limit, every text
  at its longest, in 4-byte characters, every number with 17 digits;
- ``json_and_photos``: the same with every photo byte a project may hold.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from itertools import pairwise

from editor.io.project import asset_name
from editor.model import (
    Caption,
    CharacterStyle,
    Document,
    ImageFrame,
    Insets,
    IssueFields,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
    TextWrap,
    limits,
)

#: The four bundled faces: every distinct character is set in each of them.
_FACES = [("Noto Serif SC", False), ("Noto Serif SC", True), ("Noto Sans SC", False), ("Noto Sans SC", True)]


def _characters(count: int) -> str:
    """``count`` characters cycling through the most distinct Han characters the limits allow."""
    pool = [chr(code) for code in range(0x4E00, 0x4E00 + limits.MAX_DISTINCT_CHARACTERS - 2)] + ["，", "。"]
    return "".join(pool[index % len(pool)] for index in range(count))


def _face_styles() -> dict[str, ParagraphStyle]:
    return {f"样式{i}": ParagraphStyle(name=f"样式{i}", font_family=family, bold=bold)
            for i, (family, bold) in enumerate(_FACES)}


def _paragraphs(text: str, per_paragraph: int, styles: list[str]) -> list[Paragraph]:
    """``text`` cut into paragraphs, styles taken in turn so each face sees every character."""
    pieces = [text[i:i + per_paragraph] for i in range(0, len(text), per_paragraph)]
    return [Paragraph(style=styles[i % len(styles)], runs=[Run(text=piece)]) for i, piece in enumerate(pieces)]


def _thread(frames: list[TextFrame]) -> None:
    for before, after in pairwise(frames):
        before.next_frame_id = after.id


def _a4_text_frame(frame_id: str, story_id: str) -> TextFrame:
    return TextFrame(id=frame_id, story_id=story_id, x_pt=56.7, y_pt=56.7, width_pt=481.9, height_pt=728.5,
                     columns=2, gutter_pt=14.2)


def _threaded_story_doc(text: str, styles: dict[str, ParagraphStyle], per_page_chars: int = 2_400,
                        per_paragraph: int = 300, **extra: object) -> Document:
    """One story of ``text`` threaded through as many A4 pages as it fills."""
    pages = [Page(id=f"p{i}", frames=[_a4_text_frame(f"f{i}", "s")])
             for i in range(min(len(text) // per_page_chars + 1, limits.MAX_PAGES))]
    _thread([page.frames[0] for page in pages])
    story = Story(id="s", name="最长的文章", paragraphs=_paragraphs(text, per_paragraph, list(styles)))
    return Document(paragraph_styles=styles, stories={"s": story}, pages=pages, **extra)


def _story_per_frame(per_page: int, columns: int, styles: dict[str, ParagraphStyle]) -> Document:
    """Every story the limits allow, each in its own frame, ``per_page`` frames a page in a
    grid ``columns`` wide, every character shared among them, the styles taken in turn."""
    count = min(limits.MAX_STORIES, limits.MAX_FRAMES, limits.MAX_PAGES * per_page)
    cell_w, cell_h = 481.9 / columns, 728.5 / -(-per_page // columns)
    text = _characters(limits.MAX_CHARACTERS)
    share = len(text) // count
    names = list(styles)
    stories: dict[str, Story] = {}
    pages: list[Page] = []
    for number in range(count):
        page_index, slot = divmod(number, per_page)
        if slot == 0:
            pages.append(Page(id=f"p{page_index}"))
        story_id = f"s{number}"
        piece = text[number * share:(number + 1) * share]
        stories[story_id] = Story(id=story_id, paragraphs=[Paragraph(style=names[number % len(names)],
                                                                     runs=[Run(text=piece)])])
        pages[-1].frames.append(TextFrame(id=f"f{number}", story_id=story_id, x_pt=56.7 + (slot % columns) * cell_w,
                                          y_pt=56.7 + (slot // columns) * cell_h, width_pt=cell_w, height_pt=cell_h))
    return Document(paragraph_styles=styles, stories=stories, pages=pages)


def case_pages() -> Document:
    per_page = -(-min(limits.MAX_STORIES, limits.MAX_FRAMES) // limits.MAX_PAGES)
    return _story_per_frame(per_page, 1, _face_styles())


def case_wrap() -> Document:
    side = limits.PAGE_SIDE_PT.high
    per_page = limits.MAX_FRAMES_PER_PAGE
    page_count = min(limits.MAX_FRAMES // per_page, limits.MAX_PAGES)
    style = ParagraphStyle(name="正文", size_pt=10.0, leading_pt=12.0, first_line_indent_chars=0)
    column_pt = 40.0  # four characters: more than the three ems a line needs beside a wrap
    pages, text_frames = [], []
    for page_index in range(page_count):
        frame = TextFrame(id=f"t{page_index}", story_id="s", x_pt=0, y_pt=0, width_pt=12 * column_pt + 11 * 2,
                          height_pt=side, columns=12, gutter_pt=2)
        boxes = []
        for slot in range(per_page - 1):  # small boxes at column edges, down the frame: every line sees them
            boxes.append(ShapeFrame(id=f"b{page_index}-{slot}", x_pt=(slot % 12) * (column_pt + 2) + column_pt - 3,
                                    y_pt=side * slot / per_page, width_pt=1, height_pt=side / per_page,
                                    wrap=TextWrap(mode="around", gap_pt=0)))
        text_frames.append(frame)
        pages.append(Page(id=f"p{page_index}", frames=[frame, *boxes]))
    _thread(text_frames)
    story = Story(id="s", paragraphs=_paragraphs(_characters(limits.MAX_CHARACTERS), 1_000, ["正文"]))
    return Document(page_width_pt=side, page_height_pt=side, paragraph_styles={"正文": style},
                    stories={"s": story}, pages=pages)


def case_story() -> Document:
    return _threaded_story_doc(_characters(limits.MAX_CHARACTERS), _face_styles())


def case_runs() -> Document:
    per_run = limits.MAX_CHARACTERS // limits.MAX_RUNS
    text = _characters(limits.MAX_CHARACTERS)
    runs_per_paragraph = max(limits.MAX_RUNS // limits.MAX_PARAGRAPHS, 100)
    paragraphs = []
    for start in range(0, limits.MAX_RUNS, runs_per_paragraph):
        runs = [Run(text=text[i * per_run:(i + 1) * per_run], char_style="强调" if i % 2 else None)
                for i in range(start, min(start + runs_per_paragraph, limits.MAX_RUNS))]
        paragraphs.append(Paragraph(style="正文", runs=runs))
    doc = _threaded_story_doc(text, {"正文": ParagraphStyle(name="正文")},
                              character_styles={"强调": CharacterStyle(name="强调", bold=True, color="#C00000")})
    doc.stories["s"].paragraphs = paragraphs
    return doc


def case_stories() -> Document:
    return _story_per_frame(16, 10, {"正文": ParagraphStyle(name="正文", size_pt=5, leading_pt=6)})


def case_paragraphs() -> Document:
    text = _characters(limits.MAX_PARAGRAPHS)
    style = ParagraphStyle(name="标题", keep_with_next=True, space_before_pt=2, space_after_pt=2)
    doc = _threaded_story_doc(text, {"标题": style}, per_page_chars=60, per_paragraph=1)
    return doc


def case_styles() -> Document:
    count = min(limits.MAX_STYLES, limits.MAX_SWATCHES)
    colors = {f"色{i}": f"#{(i * 2654435761) & 0xFFFFFF:06X}" for i in range(count)}
    paragraph_styles = {f"段{i}": ParagraphStyle(name=f"段{i}", font_family=f"不存在的字体{i}", color=f"色{i}",
                                                size_pt=8 + i % 7) for i in range(count)}
    character_styles = {f"字{i}": CharacterStyle(name=f"字{i}", font_family=f"另一种字体{i}", color=f"色{i}", bold=True)
                        for i in range(count)}
    text = _characters(count * 40)
    paragraphs = [Paragraph(style=f"段{i}", runs=[Run(text=text[i * 40:i * 40 + 20]),
                                                 Run(text=text[i * 40 + 20:i * 40 + 40], char_style=f"字{i}")])
                  for i in range(count)]
    doc = _threaded_story_doc(text, paragraph_styles, colors=colors, character_styles=character_styles)
    doc.stories["s"].paragraphs = paragraphs
    return doc


def case_blocked() -> Document:
    side = limits.PAGE_SIDE_PT.high
    per_page = min(limits.MAX_FRAMES_PER_PAGE, limits.MAX_TEXT_COLUMNS // 12)
    frames = [TextFrame(id=f"f{i}", story_id="s", x_pt=0, y_pt=0, width_pt=24, height_pt=side, columns=12,
                        gutter_pt=0) for i in range(per_page)]
    _thread(frames)
    style = ParagraphStyle(name="正文", size_pt=limits.FONT_SIZE_PT.low, leading_pt=limits.LEADING_PT.low)
    story = Story(id="s", paragraphs=_paragraphs(_characters(1_000), 100, ["正文"]))
    return Document(page_width_pt=side, page_height_pt=side, paragraph_styles={"正文": style},
                    stories={"s": story}, pages=[Page(id="p", frames=frames)])


def case_boxes() -> Document:
    """Every frame: text frames of 12 columns up to the columns allowed, one story through them all,
    the rest boxes and empty photo frames — the most objects a DOCX gets."""
    text_frames = limits.MAX_TEXT_COLUMNS // 12
    frames: list[TextFrame | ShapeFrame | ImageFrame] = []
    for number in range(limits.MAX_FRAMES):
        x, y = 20 + (number % 5) * 110, 20 + (number // 5 % 40) * 20
        if number < text_frames:
            frames.append(TextFrame(id=f"t{number}", story_id="s", x_pt=x, y_pt=y, width_pt=550, height_pt=800,
                                    columns=12, gutter_pt=4, fill="#F0F0F0", stroke="#000000", stroke_width_pt=0.5))
        elif number % 2:
            frames.append(ShapeFrame(id=f"b{number}", x_pt=x, y_pt=y, width_pt=100, height_pt=18, fill="#C00000"))
        else:
            frames.append(ImageFrame(id=f"i{number}", x_pt=x, y_pt=y, width_pt=100, height_pt=18))
    _thread([f for f in frames if isinstance(f, TextFrame)])
    per_page = limits.MAX_FRAMES_PER_PAGE
    pages = [Page(id=f"p{i}", frames=frames[i:i + per_page]) for i in range(0, len(frames), per_page)]
    story = Story(id="s", paragraphs=_paragraphs(_characters(limits.MAX_CHARACTERS), 300, ["正文"]))
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文", size_pt=6, leading_pt=8)},
                    stories={"s": story}, pages=pages)


def case_placeholders() -> Document:
    """Every frame a photo frame whose photo is lost (drawn as a crossed box), with a border
    and a caption: the most DOCX objects each frame can make."""
    per_page = limits.MAX_FRAMES_PER_PAGE
    count = min(limits.MAX_FRAMES, limits.MAX_STORIES)
    text = _characters(limits.MAX_CHARACTERS)
    share = len(text) // count
    stories, frames = {}, []
    for number in range(count):
        story_id = f"c{number}"
        stories[story_id] = Story(id=story_id, paragraphs=[
            Paragraph(style="正文", runs=[Run(text=text[number * share:(number + 1) * share])])])
        x, y = 20 + (number % 10) * 55, 20 + (number // 10 % 20) * 40
        frames.append(ImageFrame(id=f"i{number}", x_pt=x, y_pt=y, width_pt=50, height_pt=20,
                                 asset=asset_name(f"lost {number}".encode(), ".jpg"), stroke="#000000",
                                 stroke_width_pt=1, caption=Caption(story_id=story_id, extent_pt=15)))
    pages = [Page(id=f"p{i}", frames=frames[i:i + per_page]) for i in range(0, len(frames), per_page)]
    return Document(paragraph_styles={"正文": ParagraphStyle(name="正文", size_pt=5, leading_pt=6)},
                    stories=stories, pages=pages)


def case_centred() -> Document:
    side = limits.PAGE_SIDE_PT.high
    per_page = min(limits.MAX_FRAMES_PER_PAGE, limits.MAX_TEXT_COLUMNS // 12)
    height = side / per_page
    frames = [TextFrame(id=f"f{i}", story_id="s", x_pt=0, y_pt=i * height, width_pt=side, height_pt=height,
                        columns=12, gutter_pt=2, vertical_align="center") for i in range(per_page)]
    _thread(frames)
    style = ParagraphStyle(name="正文", size_pt=limits.FONT_SIZE_PT.low, leading_pt=limits.LEADING_PT.low)
    story = Story(id="s", paragraphs=_paragraphs(_characters(limits.MAX_CHARACTERS), 1_000, ["正文"]))
    return Document(page_width_pt=side, page_height_pt=side, paragraph_styles={"正文": style},
                    stories={"s": story}, pages=[Page(id="p", frames=frames)])


def _noise_jpeg(size_bytes: int) -> bytes:
    """A JPEG of random pixels of about ``size_bytes`` (noise does not compress; each call differs)."""
    from PIL import Image

    side = int((size_bytes / 1.1) ** 0.5)  # about 1.1 byte per pixel at quality 95
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


#: Photos are measured up to the volume the 500 MB bound holds for (see editor/model/limits.py).
_PHOTO_BUDGET = limits.PHOTOS_WITHIN_MEMORY_BOUND_BYTES


def case_photos() -> Document:
    return _photos_of(min(limits.MAX_ASSET_BYTES, _PHOTO_BUDGET // 2))


def case_many_photos() -> Document:
    return _photos_of(_PHOTO_BUDGET // 24)


def _photos_of(per_photo: int) -> Document:
    """Photos of about ``per_photo`` bytes each, as many as the project's total allows."""
    assets: dict[str, bytes] = {}
    frames = []
    total = 0
    while True:
        blob = _noise_jpeg(int(per_photo * 0.85))
        if total + len(blob) > _PHOTO_BUDGET:
            break
        name = asset_name(blob, ".jpg")
        assets[name] = blob
        total += len(blob)
        frames.append(ImageFrame(id=f"i{len(frames)}", x_pt=56.7, y_pt=56.7, width_pt=481.9, height_pt=360,
                                 asset=name, source_name=f"照片{len(frames)}.jpg"))
    pages = [Page(id=f"p{i}", frames=[frame]) for i, frame in enumerate(frames)]
    return Document(pages=pages, assets=assets)


CASES: dict[str, Callable[[], Document]] = {
    "pages": case_pages, "wrap": case_wrap, "story": case_story, "runs": case_runs, "stories": case_stories,
    "paragraphs": case_paragraphs, "styles": case_styles, "blocked": case_blocked, "boxes": case_boxes,
    "placeholders": case_placeholders, "centred": case_centred,
    "photos": case_photos, "many_photos": case_many_photos,
}




# ---------------------------------------------------------------- the longest document.json

#: A character of four UTF-8 bytes (CJK Extension B): the most bytes per character.
_WIDE = "\U00020000"
#: A number that takes the most digits to write (``repr`` gives 17 significant digits).
_LONG_NUMBER = 14_399.999999999998


def _longest(rule: limits.TextRule, prefix: str = "") -> str:
    return prefix + _WIDE * (rule.max_chars - len(prefix))


def _longest_styles() -> tuple[dict[str, str], dict[str, ParagraphStyle], dict[str, CharacterStyle]]:
    name = limits.NAME_TEXT
    colors = {_longest(name, f"{i}-"): "#C00000" for i in range(limits.MAX_SWATCHES)}
    swatch = next(iter(colors))
    paragraph_styles = {
        key: ParagraphStyle(name=key, font_family=_longest(name), size_pt=limits.FONT_SIZE_PT.high - 1e-13,
                            leading_pt=limits.LEADING_PT.high - 1e-13, color=swatch, first_line_indent_chars=-99.99999999999999,
                            left_indent_pt=-_LONG_NUMBER, right_indent_pt=-_LONG_NUMBER, space_before_pt=_LONG_NUMBER,
                            space_after_pt=_LONG_NUMBER, letter_spacing_em=9.999999999999998)
        for key in (_longest(name, f"{i}-") for i in range(limits.MAX_STYLES))
    }
    character_styles = {
        key: CharacterStyle(name=key, font_family=_longest(name), bold=True, size_pt=limits.FONT_SIZE_PT.high - 1e-13,
                            color=swatch)
        for key in (_longest(name, f"{i}-") for i in range(limits.MAX_STYLES))
    }
    return colors, paragraph_styles, character_styles


def _longest_stories(paragraph_style: str, character_style: str) -> dict[str, Story]:
    paragraphs_each = limits.MAX_PARAGRAPHS // limits.MAX_STORIES
    runs_each = limits.MAX_RUNS // limits.MAX_PARAGRAPHS
    chars_each = limits.MAX_CHARACTERS // limits.MAX_RUNS
    pool = [chr(0x20000 + i) for i in range(limits.MAX_DISTINCT_CHARACTERS)]
    stories: dict[str, Story] = {}
    used = 0
    for i in range(limits.MAX_STORIES):
        story_id = _longest(limits.ID_TEXT, f"s{i}-")
        paragraphs = []
        for _ in range(paragraphs_each):
            runs = []
            for _ in range(runs_each):
                runs.append(Run(text="".join(pool[(used + k) % len(pool)] for k in range(chars_each)),
                                char_style=character_style))
                used += chars_each
            paragraphs.append(Paragraph(style=paragraph_style, runs=runs))
        stories[story_id] = Story(id=story_id, name=_longest(limits.STORY_NAME_TEXT), paragraphs=paragraphs)
    return stories


def _longest_frame(number: int, story_ids: list[str], swatch: str) -> TextFrame | ImageFrame:
    n = -_LONG_NUMBER
    common = dict(id=_longest(limits.ID_TEXT, f"f{number}-"), x_pt=n, y_pt=n, width_pt=_LONG_NUMBER,
                  height_pt=_LONG_NUMBER, locked=True, wrap=TextWrap(mode="around", gap_pt=_LONG_NUMBER))
    if number % 2:
        columns = min(12, limits.MAX_TEXT_COLUMNS // (limits.MAX_FRAMES // 2))
        return TextFrame(**common, story_id=story_ids[number // 2 % len(story_ids)], columns=columns,
                         gutter_pt=_LONG_NUMBER, insets=Insets(top_pt=n, right_pt=n, bottom_pt=n, left_pt=n),
                         vertical_align="center", fill=swatch, stroke=swatch, stroke_width_pt=143.99999999999997)
    return ImageFrame(**common, asset=_longest(limits.ID_TEXT), source_name=_longest(limits.FILE_NAME_TEXT),
                      fit="original", zoom=99.99999999999999, offset_x_pt=n, offset_y_pt=n, rotation_deg=-3600,
                      caption=Caption(story_id=story_ids[-1], placement="right", gap_pt=_LONG_NUMBER,
                                      extent_pt=_LONG_NUMBER),
                      stroke=swatch, stroke_width_pt=143.99999999999997)


def case_json() -> Document:
    colors, paragraph_styles, character_styles = _longest_styles()
    stories = _longest_stories(next(iter(paragraph_styles)), next(iter(character_styles)))
    story_ids = list(stories)
    swatch = next(iter(colors))
    per_page = limits.MAX_FRAMES // limits.MAX_PAGES
    pages = [Page(id=_longest(limits.ID_TEXT, f"p{p}-"),
                  frames=[_longest_frame(p * per_page + k, story_ids, swatch) for k in range(per_page)])
             for p in range(limits.MAX_PAGES)]
    margin = -_LONG_NUMBER
    issue = IssueFields(title=_longest(limits.TITLE_TEXT), year=int(limits.YEAR.high),
                        number=int(limits.ISSUE_NUMBER.high), total_number=int(limits.TOTAL_ISSUE_NUMBER.high),
                        date=_longest(limits.DATE_TEXT), publisher=_longest(limits.TITLE_TEXT))
    return Document(page_width_pt=_LONG_NUMBER, page_height_pt=_LONG_NUMBER,
                    margins=Insets(top_pt=margin, right_pt=margin, bottom_pt=margin, left_pt=margin),
                    bleed_pt=143.99999999999997, issue=issue, colors=colors, paragraph_styles=paragraph_styles,
                    character_styles=character_styles, stories=stories, pages=pages)


def case_json_and_photos() -> Document:
    """The longest ``document.json`` with the most photos bytes a project may hold, shown in
    every photo frame in turn."""
    doc = case_json()
    photos = _photos_of(_PHOTO_BUDGET // 2).assets
    names = sorted(photos)
    frames = [f for page in doc.pages for f in page.frames if isinstance(f, ImageFrame)]
    for index, frame in enumerate(frames):
        frame.asset = names[index % len(names)]
    doc.assets = photos
    return doc


CASES["json"] = case_json
CASES["json_and_photos"] = case_json_and_photos
