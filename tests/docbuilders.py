"""Small documents for composition tests, built in code."""

from __future__ import annotations

from editor.layout.display import DocumentLayout, GlyphRun, LineBox
from editor.layout.engine import layout_document
from editor.model import Document, ImageFrame, Page, Paragraph, ParagraphStyle, Run, Story, TextFrame, TextWrap

BODY = "正文"


def plain_style(name: str = BODY, **changes: object) -> ParagraphStyle:
    """A paragraph style of 10 pt on 16 pt leading, flush left, no first-line indent (so every place is
    easy to work out by hand), with ``changes`` applied."""
    values: dict[str, object] = {"name": name, "size_pt": 10.0, "leading_pt": 16.0, "first_line_indent_chars": 0.0,
                                 "alignment": "left"}
    values.update(changes)
    return ParagraphStyle(**values)  # type: ignore[arg-type]


def one_frame_doc(
    paragraphs: list[str],
    width_pt: float = 210.0,
    height_pt: float = 400.0,
    columns: int = 1,
    gutter_pt: float = 12.0,
    style: ParagraphStyle | None = None,
    extra_styles: dict[str, ParagraphStyle] | None = None,
    styles_of: list[str] | None = None,
) -> Document:
    """A one-page document with one text frame holding ``paragraphs``."""
    base = style or ParagraphStyle(name=BODY, size_pt=10.0, leading_pt=16.0)
    styles = {base.name: base, **(extra_styles or {})}
    names = styles_of or [base.name] * len(paragraphs)
    story = Story(id="s", paragraphs=[Paragraph(style=n, runs=[Run(text=t)]) for n, t in zip(names, paragraphs, strict=True)])
    frame = TextFrame(id="f", story_id="s", x_pt=50.0, y_pt=60.0, width_pt=width_pt, height_pt=height_pt,
                      columns=columns, gutter_pt=gutter_pt)
    return Document(paragraph_styles=styles, stories={"s": story}, pages=[Page(id="p", frames=[frame])])


def runs_of(layout: DocumentLayout) -> list[GlyphRun]:
    return [item for page in layout.pages for item in page.items if isinstance(item, GlyphRun)]


def lines_with_glyphs(layout: DocumentLayout) -> list[tuple[LineBox, list[tuple[str, float, float, float]]]]:
    """Each line with its glyphs as (char, origin x, box left, box width), left to right."""
    out = []
    for page in layout.pages:
        runs = [item for item in page.items if isinstance(item, GlyphRun)]
        for line in page.lines:
            glyphs = []
            for run in runs:
                if run.story_id != line.story_id or run.paragraph_index != line.paragraph_index:
                    continue
                if abs(run.baseline_pt - line.baseline_pt) > 1e-6:
                    continue
                for ch, x, left, width, offset in zip(run.text, run.x_pt, run.box_left_pt, run.box_width_pt,
                                                      run.char_offsets, strict=True):
                    if line.start_offset <= offset < line.end_offset and line.left_pt - 1 <= left <= line.right_pt + 1:
                        glyphs.append((ch, x, left, width))
            glyphs.sort(key=lambda g: g[2])
            out.append((line, glyphs))
    return out


def line_texts(layout: DocumentLayout) -> list[str]:
    return ["".join(g[0] for g in glyphs) for _, glyphs in lines_with_glyphs(layout)]


def compose(doc: Document) -> DocumentLayout:
    return layout_document(doc)


__all__ = ["BODY", "ImageFrame", "TextWrap", "compose", "line_texts", "lines_with_glyphs", "one_frame_doc", "plain_style",
           "runs_of"]


def apply_changes(changes, forward: bool = True) -> None:
    """Apply an edit's changes forward (do) or backward (undo), as an undo command would."""
    for change in (changes if forward else reversed(changes)):
        change.apply(forward)


def assert_each_edit_undoes_exactly(doc, makers) -> None:
    """Each ``make(doc)`` returns changes that make a valid, different document,
    and applying them backward gives back exactly the document before."""
    import copy

    from editor.model.codec import _check_references

    for make in makers:
        before = copy.deepcopy(doc)
        changes = make(doc)
        assert changes
        apply_changes(changes)
        _check_references(doc)  # the edited document is valid
        assert doc != before
        apply_changes(changes, forward=False)
        assert doc == before
