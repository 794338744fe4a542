"""Continuation lines of a thread that leaves page 1, comes back to it, then goes on to page 3.

Frames a (page 1) → m (page 2, one line) → c (page 1 again) → d (page 3), all 100 pt wide (ten 10 pt
characters a line on 16 pt leading); a, c and d hold three lines (48 pt), m one. The text passes m by
(its one line is all continuation-line room) and comes back to page 1: between a and c there is no
jump to make. Freeing a's foot and c's head for text would pull the last line back from d, and then
the 下转/上接 pair between c and d would point at a frame without text: so that room stays kept (and
empty), and the pair between c and d is drawn. Every place below is worked out from those numbers.

And which changes of frame count as a change of page: only one between two text frames.
"""

from __future__ import annotations

from editor.layout.display import DocumentLayout, Rect
from editor.layout.engine import layout_document
from editor.layout.flow import FlowArea
from editor.layout.jumps import page_boundaries
from editor.model import Document, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame

BODY = "正文"


def _doc(chars: int) -> Document:
    style = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0, alignment="left")
    story = Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text="甲" * chars)])], jump_lines=True)

    def frame(name: str, x_pt: float, height_pt: float, next_id: str | None) -> TextFrame:
        return TextFrame(id=name, story_id="s", x_pt=x_pt, y_pt=0.0, width_pt=100.0, height_pt=height_pt,
                         next_frame_id=next_id)

    a, m, c, d = frame("a", 0.0, 48.0, "m"), frame("m", 0.0, 16.0, "c"), frame("c", 200.0, 48.0, "d"), \
        frame("d", 0.0, 48.0, None)
    return Document(paragraph_styles={BODY: style}, stories={"s": story},
                    pages=[Page(id="p1", frames=[a, c]), Page(id="p2", frames=[m]), Page(id="p3", frames=[d])])


def _by_frame(layout: DocumentLayout) -> dict[str, list[tuple[float, str]]]:
    """Each frame's lines: (top, 下转/上接 text or the text's offsets)."""
    found: dict[str, list[tuple[float, str]]] = {}
    for page in layout.pages:
        for line in page.lines:
            label = line.jump_text or f"{line.start_offset}-{line.end_offset}"
            found.setdefault(line.frame_id, []).append((line.top_pt, label))
    return {frame: sorted(lines) for frame, lines in found.items()}


def test_room_kept_between_frames_of_one_page_stays_when_freeing_it_would_strand_the_next_pair() -> None:
    layout = layout_document(_doc(50))
    # a: two lines, its foot kept empty; c: its head kept empty, one line, 下转 at its foot; d: 上接 at
    # its head and the last 20 characters. Freed, a and c would hold all 50 and d nothing.
    assert _by_frame(layout) == {
        "a": [(0.0, "0-10"), (16.0, "10-20")],
        "c": [(16.0, "20-30"), (32.0, "（下转第3版）")],
        "d": [(0.0, "（上接第1版）"), (16.0, "30-40"), (32.0, "40-50")],
    }
    assert not layout.stories["s"].overset


def test_room_between_frames_of_one_page_is_freed_when_the_text_still_ends_where_it_did() -> None:
    # 40 characters: with room kept, a holds 20 and c 20; freed, a holds 30 and c 10 — still in the same
    # frames, past the same boundaries. So the room is freed: a full to its foot, c from its head, no
    # pair drawn anywhere.
    layout = layout_document(_doc(40))
    assert _by_frame(layout) == {"a": [(0.0, "0-10"), (16.0, "10-20"), (32.0, "20-30")], "c": [(0.0, "30-40")]}
    assert not layout.stories["s"].overset


def _area(page_index: int, caption: bool = False, columns: int = 1) -> FlowArea:
    rect = Rect(0.0, 0.0, 100.0, 100.0)
    return FlowArea(frame_id="f", page_index=page_index, rect=rect, columns=[rect] * columns, is_caption=caption)


def test_only_a_change_of_page_between_two_text_frames_is_a_boundary_whatever_stands_around_them() -> None:
    # Frames on pages 1 and 2 and a caption on page 3: the one boundary is the first (page 1 → 2).
    assert page_boundaries([_area(0), _area(1), _area(2, caption=True)]) == [0]
    # A caption first, then text on pages 2 and 3: the boundary is between the text frames.
    assert page_boundaries([_area(0, caption=True), _area(1), _area(2)]) == [1]
    # An area with no column (nothing can be set in it) on page 3 after them: still only page 1 → 2.
    assert page_boundaries([_area(0), _area(1), _area(2, columns=0)]) == [0]
