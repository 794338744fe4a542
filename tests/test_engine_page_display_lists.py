"""What ``editor.layout.engine`` puts in each page's display list: frame boxes and fills, photos
and their placeholders with the reason, shapes and rules, text areas and columns, wrap boxes,
continuation of threads across pages, and the per-story summary.

Positions are the frames' own numbers; photo sizes come from a measure written here (a fake of
the photo header reader), so no photo is decoded.
"""

from __future__ import annotations

import pytest

from editor.errors import BanmianError, PhotoError
from editor.layout.display import BoxItem, GlyphRun, ImageItem, Rect, RuleItem
from editor.layout.engine import (
    MISSING_PHOTO,
    layout_document,
    page_areas,
    photo_subject,
    placeholder_items,
    replace_unusable_photos,
    text_frame_columns,
)
from editor.model import (
    Document,
    ImageFrame,
    Page,
    Paragraph,
    ParagraphStyle,
    Run,
    ShapeFrame,
    Story,
    TextFrame,
    TextWrap,
)
from editor.model.frames import Caption, Insets

BODY = "正文"
STYLE = ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0, first_line_indent_chars=0.0)
GREY = (0.88, 0.88, 0.88)
LINE_GREY = (0.6, 0.6, 0.6)


def _doc(frames, stories=None, assets=None, colors=None) -> Document:
    return Document(paragraph_styles={BODY: STYLE}, stories=stories or {}, assets=assets or {},
                    colors=colors or {}, page_width_pt=500.0, page_height_pt=700.0,
                    pages=[Page(id="p", frames=frames)])


def _story(story_id: str, text: str) -> Story:
    return Story(id=story_id, paragraphs=[Paragraph(style=BODY, runs=[Run(text=text)])])


def _sized(width_px: int, height_px: int, dpi=None):
    def measure(name: str, data: bytes):
        return (width_px, height_px, dpi)
    return measure


def _photo(**changes) -> ImageFrame:
    values = dict(id="i", x_pt=100.0, y_pt=200.0, width_pt=200.0, height_pt=100.0, asset="a.jpg", fit="fit",
                  source_name="IMG_2041.jpg")
    values.update(changes)
    return ImageFrame(**values)


def test_a_page_has_the_documents_size_and_its_index() -> None:
    layout = layout_document(Document(page_width_pt=420.0, page_height_pt=595.0,
                                      pages=[Page(id="a"), Page(id="b")]))
    assert [(page.index, page.width_pt, page.height_pt) for page in layout.pages] == [(0, 420.0, 595.0),
                                                                                      (1, 420.0, 595.0)]


def test_a_text_frame_with_a_fill_and_an_outline_is_drawn_as_a_box_behind_its_text() -> None:
    frame = TextFrame(id="f", story_id="s", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0,
                      fill="浅灰", stroke="#ff0000", stroke_width_pt=1.5)
    layout = layout_document(_doc([frame], {"s": _story("s", "甲乙")}, colors={"浅灰": "#cccccc"}))
    box, run = layout.pages[0].items
    assert box == BoxItem(Rect(10.0, 20.0, 100.0, 50.0), (0.8, 0.8, 0.8), (1.0, 0.0, 0.0), 1.5)
    assert isinstance(run, GlyphRun) and run.text == "甲乙"


def test_a_text_frame_outline_needs_a_width_and_a_frame_with_neither_gets_no_box() -> None:
    fill_only = TextFrame(id="f", story_id="s", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0,
                          fill="#000000", stroke="#ff0000", stroke_width_pt=0.0)
    stroke_only = TextFrame(id="g", story_id="t", x_pt=10.0, y_pt=120.0, width_pt=100.0, height_pt=50.0,
                            stroke="#0000ff", stroke_width_pt=2.0)
    bare = TextFrame(id="h", story_id="u", x_pt=10.0, y_pt=220.0, width_pt=100.0, height_pt=50.0,
                     fill="无此色板", stroke="#0000ff")
    layout = layout_document(_doc([fill_only, stroke_only, bare]))
    assert layout.pages[0].items == [BoxItem(Rect(10.0, 20.0, 100.0, 50.0), (0.0, 0.0, 0.0), None, 0.0),
                                     BoxItem(Rect(10.0, 120.0, 100.0, 50.0), None, (0.0, 0.0, 1.0), 2.0)]


def test_each_text_frame_and_caption_is_an_area_with_its_columns() -> None:
    frame = TextFrame(id="f", story_id="s", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0, columns=2,
                      gutter_pt=10.0)
    photo = _photo(caption=Caption(story_id="c", placement="below", gap_pt=4.0, extent_pt=24.0))
    layout = layout_document(_doc([frame, photo], {"s": _story("s", "甲"), "c": _story("c", "图注")},
                                  assets={"a.jpg": b"x"}), measure_photo=_sized(200, 100))
    text_area, caption_area = layout.pages[0].areas
    assert (text_area.frame_id, text_area.story_id, text_area.is_caption) == ("f", "s", False)
    assert text_area.rect == Rect(10.0, 20.0, 100.0, 50.0)
    assert text_area.column_rects == (Rect(10.0, 20.0, 45.0, 50.0), Rect(65.0, 20.0, 45.0, 50.0))
    assert (caption_area.frame_id, caption_area.story_id, caption_area.is_caption) == ("i", "c", True)
    assert caption_area.rect == Rect(100.0, 304.0, 200.0, 24.0) and caption_area.column_rects == (caption_area.rect,)
    caption_lines = [line for line in layout.pages[0].lines if line.story_id == "c"]
    assert [(line.frame_id, line.left_pt, line.top_pt) for line in caption_lines] == [("i", 100.0, 304.0)]
    assert layout.stories["c"].frame_ids == () and layout.stories["s"].frame_ids == ("f",)


def test_text_frame_columns_are_inside_the_insets_and_never_negative() -> None:
    frame = TextFrame(id="f", story_id="s", x_pt=10.0, y_pt=20.0, width_pt=100.0, height_pt=50.0, columns=3,
                      gutter_pt=5.0, insets=Insets(top_pt=2.0, right_pt=4.0, bottom_pt=6.0, left_pt=6.0))
    # Inner box x 16, y 22, 90 × 42; columns (90 − 10) / 3 = 26⅔ wide.
    columns = text_frame_columns(frame)
    assert [c.x_pt for c in columns] == pytest.approx([16.0, 16.0 + 80 / 3 + 5.0, 16.0 + 160 / 3 + 10.0])
    assert [(c.y_pt, c.height_pt) for c in columns] == [(22.0, 42.0)] * 3
    assert [c.width_pt for c in columns] == pytest.approx([80 / 3] * 3)
    squeezed = TextFrame(id="g", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=10.0, height_pt=5.0, columns=2,
                         gutter_pt=20.0, insets=Insets(top_pt=4.0, right_pt=0.0, bottom_pt=4.0, left_pt=0.0))
    assert [(c.x_pt, c.width_pt, c.height_pt) for c in text_frame_columns(squeezed)] == [(0.0, 0.0, 0.0),
                                                                                       (20.0, 0.0, 0.0)]
    assert text_frame_columns(TextFrame(id="h", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=10.0,
                                        height_pt=5.0, columns=1, insets=Insets(left_pt=12.0)))[0].width_pt == 0.0


def test_only_wrap_boxes_reaching_into_a_text_frame_are_its_exclusions_grown_by_their_gap() -> None:
    frame = TextFrame(id="f", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=200.0, height_pt=200.0,
                      wrap=TextWrap(mode="around", gap_pt=3.0))
    near = _photo(id="near", x_pt=150.0, y_pt=50.0, width_pt=100.0, height_pt=40.0,
                  wrap=TextWrap(mode="around", gap_pt=5.0),
                  caption=Caption(story_id="c", placement="below", gap_pt=2.0, extent_pt=10.0))
    far = _photo(id="far", x_pt=300.0, y_pt=50.0, width_pt=50.0, height_pt=40.0,
                 wrap=TextWrap(mode="around", gap_pt=5.0))
    unwrapped = _photo(id="flat", x_pt=10.0, y_pt=10.0, width_pt=50.0, height_pt=40.0)
    box = ShapeFrame(id="box", x_pt=20.0, y_pt=150.0, width_pt=30.0, height_pt=30.0,
                     wrap=TextWrap(mode="around", gap_pt=0.0))
    found = page_areas(Page(id="p", frames=[frame, near, far, unwrapped, box]), 4)
    area = found.text_areas["f"]
    assert area.page_index == 4 and area.vertical_align == "top" and not area.is_caption
    # near: photo 150…250 × 50…90 with its caption to 102, grown by 5 on each side.
    assert area.exclusions == [Rect(145.0, 45.0, 110.0, 62.0), Rect(20.0, 150.0, 30.0, 30.0)]
    assert [(story_id, a.rect) for story_id, a in found.captions] == [("c", Rect(150.0, 92.0, 100.0, 10.0))]
    assert found.story_ids() == {"s", "c"}


def test_a_photo_is_drawn_fitted_in_its_frame_and_outlined_when_asked() -> None:
    photo = _photo(rotation_deg=90, stroke="#00ff00", stroke_width_pt=0.5)
    layout = layout_document(_doc([photo], assets={"a.jpg": b"jpeg"}), measure_photo=_sized(400, 100))
    image, outline = layout.pages[0].items
    # Turned a quarter, 400 × 100 px is 100 × 400: fit in 200 × 100 → 25 × 100, centred at x 200.
    assert image == ImageItem("i", "a.jpg", 90, Rect(100.0, 200.0, 200.0, 100.0), Rect(187.5, 200.0, 25.0, 100.0))
    assert outline == BoxItem(Rect(100.0, 200.0, 200.0, 100.0), None, (0.0, 1.0, 0.0), 0.5)
    assert layout.photo_problems == [] and layout.warnings == []


def test_an_empty_photo_frame_prints_nothing_but_its_outline() -> None:
    layout = layout_document(_doc([_photo(asset=None)]), measure_photo=_sized(1, 1))
    assert layout.pages[0].items == []
    outlined = layout_document(_doc([_photo(asset=None, stroke="#000000", stroke_width_pt=1.0)]))
    assert outlined.pages[0].items == [BoxItem(Rect(100.0, 200.0, 200.0, 100.0), None, (0.0, 0.0, 0.0), 1.0)]
    unstroked = layout_document(_doc([_photo(asset=None, stroke="#000000", stroke_width_pt=0.0)]))
    assert unstroked.pages[0].items == []


def test_a_placeholder_is_a_grey_box_crossed_corner_to_corner() -> None:
    rect = Rect(10.0, 20.0, 30.0, 40.0)
    assert placeholder_items(rect) == [BoxItem(rect, GREY, LINE_GREY, 0.5),
                                       RuleItem(10.0, 20.0, 40.0, 60.0, 0.5, LINE_GREY),
                                       RuleItem(10.0, 60.0, 40.0, 20.0, 0.5, LINE_GREY)]


def test_a_photo_missing_from_the_project_gets_a_placeholder_and_a_note_naming_it_and_its_page() -> None:
    doc = Document(pages=[Page(id="p1"), Page(id="p2", frames=[_photo()])])
    layout = layout_document(doc, measure_photo=_sized(10, 10))
    assert layout.pages[1].items == placeholder_items(Rect(100.0, 200.0, 200.0, 100.0))
    problem, = layout.photo_problems
    assert (problem.page_number, problem.frame_id, problem.reason) == (2, "i", MISSING_PHOTO)
    assert problem.subject == "第 2 页的图片“IMG_2041.jpg”"
    assert layout.warnings == ["第 2 页的图片“IMG_2041.jpg”已损坏或无法读取（项目文件中缺少这张图片），已用空白占位框代替。"]


def test_the_reason_a_photo_cannot_be_used_is_the_errors_reason_or_its_message() -> None:
    class Refusal(PhotoError):
        def __init__(self) -> None:
            super().__init__("整句说明")
            self.reason = "文件不完整"

    def refusing(name: str, data: bytes):
        raise Refusal()

    def failing(name: str, data: bytes):
        raise BanmianError("无法解码这张图片")

    def unreadable(name: str, data: bytes):
        return None

    reasons = []
    for measure in (refusing, failing, unreadable):
        layout = layout_document(_doc([_photo()], assets={"a.jpg": b"x"}), measure_photo=measure)
        reasons.append(layout.photo_problems[0].reason)
        assert layout.pages[0].items == placeholder_items(Rect(100.0, 200.0, 200.0, 100.0))
    assert reasons == ["文件不完整", "无法解码这张图片", "无法读取"]


def test_the_measure_is_given_the_photos_name_and_bytes() -> None:
    seen = []

    def measure(name: str, data: bytes):
        seen.append((name, data))
        return (10, 10, None)

    layout_document(_doc([_photo()], assets={"a.jpg": b"\xff\xd8bytes"}), measure_photo=measure)
    assert seen == [("a.jpg", b"\xff\xd8bytes")]


def test_a_photos_subject_names_its_file_when_the_name_was_kept() -> None:
    assert photo_subject(_photo(source_name="  春游.jpg "), 3) == "第 3 页的图片“春游.jpg”"
    assert photo_subject(_photo(source_name="   "), 3) == "第 3 页的图片"
    assert photo_subject(None, 5) == "第 5 页的图片"
    assert photo_subject(TextFrame(id="f", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=1.0, height_pt=1.0), 1) == \
        "第 1 页的图片"


def test_a_photo_that_fails_in_the_export_is_replaced_by_a_placeholder_in_place() -> None:
    keep = _photo(id="k", asset="b.jpg", source_name="", x_pt=0.0, y_pt=0.0)
    doc = _doc([_photo(), keep], assets={"a.jpg": b"x", "b.jpg": b"y"})
    layout = layout_document(doc, measure_photo=_sized(200, 100))
    kept_item = layout.pages[0].items[1]
    replace_unusable_photos(doc, layout, {("a.jpg", 0): "解码失败", ("b.jpg", 90): "不会用到"})
    assert layout.pages[0].items == [*placeholder_items(Rect(100.0, 200.0, 200.0, 100.0)), kept_item]
    problem, = layout.photo_problems
    assert (problem.page_number, problem.frame_id, problem.reason) == (1, "i", "解码失败")
    assert layout.warnings == ["第 1 页的图片“IMG_2041.jpg”已损坏或无法读取（解码失败），已用空白占位框代替。"]


def test_a_rule_is_a_line_from_corner_to_corner_in_its_stroke() -> None:
    rule = ShapeFrame(id="r", shape="rule", x_pt=10.0, y_pt=20.0, width_pt=300.0, height_pt=0.0,
                      stroke="红", stroke_width_pt=0.75)
    layout = layout_document(_doc([rule], colors={"红": "#ff0000"}))
    assert layout.pages[0].items == [RuleItem(10.0, 20.0, 310.0, 20.0, 0.75, (1.0, 0.0, 0.0))]
    for unseen in (dict(stroke=None), dict(stroke_width_pt=0.0), dict(stroke="没有")):
        values = dict(id="r", shape="rule", x_pt=10.0, y_pt=20.0, width_pt=300.0, height_pt=5.0,
                      stroke="#000000", stroke_width_pt=1.0, fill="#ff0000")
        values.update(unseen)
        assert layout_document(_doc([ShapeFrame(**values)])).pages[0].items == []


def test_a_box_shape_draws_its_fill_and_its_stroke_only_when_it_has_a_width() -> None:
    def items(**changes):
        values = dict(id="b", shape="box", x_pt=1.0, y_pt=2.0, width_pt=3.0, height_pt=4.0)
        values.update(changes)
        return layout_document(_doc([ShapeFrame(**values)])).pages[0].items

    rect = Rect(1.0, 2.0, 3.0, 4.0)
    assert items() == [BoxItem(rect, None, (0.0, 0.0, 0.0), 1.0)]
    assert items(fill="#ffffff", stroke_width_pt=0.0) == [BoxItem(rect, (1.0, 1.0, 1.0), None, 0.0)]
    assert items(fill="#ffffff", stroke=None, stroke_width_pt=2.0) == [BoxItem(rect, (1.0, 1.0, 1.0), None, 2.0)]
    assert items(stroke_width_pt=0.0) == []
    assert items(stroke=None) == []


def test_a_story_without_a_frame_is_all_overset_and_an_empty_one_is_not() -> None:
    doc = _doc([], {"s": Story(id="s", paragraphs=[Paragraph(style=BODY, runs=[Run(text="甲乙丙")]),
                                                   Paragraph(style=BODY, runs=[Run(text="丁")])]),
                    "e": Story(id="e", paragraphs=[Paragraph(style=BODY, runs=[])])})
    layout = layout_document(doc)
    s, e = layout.stories["s"], layout.stories["e"]
    assert (s.char_count, s.overset, s.overset_char_count, s.frame_ids) == (4, True, 4, ())
    assert (e.char_count, e.overset, e.overset_char_count, e.frame_ids) == (0, False, 0, ())
    assert layout.overset_story_ids == ["s"]


def test_a_story_lists_each_of_its_frames_once_in_thread_order() -> None:
    frames = [TextFrame(id="second", story_id="s", x_pt=0.0, y_pt=0.0, width_pt=100.0, height_pt=16.0),
              TextFrame(id="first", story_id="s", x_pt=0.0, y_pt=100.0, width_pt=100.0, height_pt=16.0,
                        next_frame_id="second")]
    layout = layout_document(_doc(frames, {"s": _story("s", "甲" * 15)}))
    assert layout.stories["s"].frame_ids == ("first", "second")
    assert [(line.frame_id, line.top_pt) for line in layout.pages[0].lines] == [("first", 100.0), ("second", 0.0)]
    assert not layout.stories["s"].overset and layout.stories["s"].char_count == 15
