"""Word styles from the document's paragraph and character styles.

Each model style becomes a Word style with the same fonts (``w:rFonts``
ascii/hAnsi/eastAsia), size, colour, letter spacing, exact line spacing
(our fixed leading), first-line indent in characters, alignment, space
before/after and keep-with-next, with 避头尾 (``w:kinsoku``) and punctuation
compression switched on as the model asks, and no hanging punctuation
(``w:overflowPunct`` off: our engine never lets a mark hang past the line
end). Text in the DOCX refers to these styles, so a colleague restyling
"正文" in Word restyles every body paragraph, as in our editor.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from editor.layout.charformat import FALLBACK_PARAGRAPH_STYLE, resolve_color
from editor.model.document import Document
from editor.model.styles import CharacterStyle, ParagraphStyle
from editor.render.docx.fontnames import WordFont, word_font
from editor.render.docx.ooxml import el, hex_rgb, twips, w_val

#: The invisible paragraph on each page that holds that page's anchors.
ANCHOR_STYLE_ID = "BanmianPageAnchor"
ANCHOR_STYLE_NAME = "版面页锚"
#: Height of that paragraph: small enough never to push anything to another page.
ANCHOR_LINE_PT = 1.0

#: Names Chinese Word shows for its built-in styles (Normal, Title, Subtitle,
#: Strong, Emphasis, Quote …). A custom style of the same name would sit
#: beside the built-in one under one name, so ours get a suffix.
_WORD_BUILT_IN_NAMES = frozenset({
    "正文", "标题", "副标题", "要点", "强调", "引用", "明显强调", "明显引用", "书籍标题", "列表段落",
    "页眉", "页脚", "题注", "无间隔", "默认段落字体", "超链接", "脚注文本", "尾注文本",
    *(f"标题 {level}" for level in range(1, 10)),
})
_NAME_SUFFIX = "（版面）"

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


@dataclass
class StyleIds:
    """Model style name → Word styleId."""

    paragraph: dict[str, str] = field(default_factory=dict)
    character: dict[str, str] = field(default_factory=dict)
    #: Word fonts named by some style, by name (for the font table).
    fonts: dict[str, WordFont] = field(default_factory=dict)


def word_style_name(name: str) -> str:
    """The name a model style carries in Word (suffixed if Word has a built-in of that name)."""
    return name + _NAME_SUFFIX if name in _WORD_BUILT_IN_NAMES else name


def _run_properties(doc: Document, ids: StyleIds, family: str | None, bold: bool | None,
                    size_pt: float | None, color: str | None, letter_spacing_pt: float | None) -> etree._Element:
    rpr = el("w:rPr")
    if family is not None:
        font = word_font(family)
        ids.fonts.setdefault(font.name, font)
        rpr.append(el("w:rFonts", {"w:ascii": font.name, "w:hAnsi": font.name, "w:eastAsia": font.name,
                                   "w:cs": font.name}))
    if bold is not None:
        rpr.append(w_val("w:b", "1" if bold else "0"))
        rpr.append(w_val("w:bCs", "1" if bold else "0"))
    rgb = resolve_color(doc, color)
    if rgb is not None:
        rpr.append(w_val("w:color", hex_rgb(rgb)))
    if letter_spacing_pt:
        rpr.append(w_val("w:spacing", twips(letter_spacing_pt)))
    if size_pt is not None:
        half_points = max(1, round(size_pt * 2))
        rpr.append(w_val("w:sz", half_points))
        rpr.append(w_val("w:szCs", half_points))
    return rpr


def paragraph_properties(style: ParagraphStyle) -> etree._Element:
    """``w:pPr`` of a paragraph style, in schema order."""
    ppr = el("w:pPr")
    if style.keep_with_next:
        ppr.append(el("w:keepNext"))
    # Our engine has no widow control; Word's would move lines between linked boxes.
    ppr.append(w_val("w:widowControl", "0"))
    ppr.append(w_val("w:kinsoku", "0" if style.kinsoku == "none" else "1"))
    # Our engine never hangs punctuation past the line end; Word must not either.
    ppr.append(w_val("w:overflowPunct", "0"))
    ppr.append(w_val("w:topLinePunct", "1" if style.compress_punctuation else "0"))
    ppr.append(w_val("w:autoSpaceDE", "1"))
    ppr.append(w_val("w:autoSpaceDN", "1"))
    # The document grid would round our leading to its pitch.
    ppr.append(w_val("w:snapToGrid", "0"))
    # Points only: Word lets beforeLines/afterLines (even 0) override the points beside them.
    ppr.append(el("w:spacing", {
        "w:before": twips(style.space_before_pt), "w:after": twips(style.space_after_pt),
        "w:line": twips(style.leading_pt), "w:lineRule": "exact",
    }))
    indent_chars = style.first_line_indent_chars
    ppr.append(el("w:ind", {
        "w:left": twips(style.left_indent_pt), "w:right": twips(style.right_indent_pt),
        # Word reads the indent in characters; readers without it use the twips.
        "w:firstLineChars": round(indent_chars * 100),
        "w:firstLine": twips(indent_chars * style.size_pt),
    }))
    ppr.append(w_val("w:jc", _JC.get(style.alignment, "both")))
    return ppr


def _paragraph_style(doc: Document, ids: StyleIds, style_id: str, style: ParagraphStyle) -> etree._Element:
    element = el("w:style", {"w:type": "paragraph", "w:customStyle": "1", "w:styleId": style_id})
    element.append(w_val("w:name", word_style_name(style.name)))
    element.append(w_val("w:basedOn", "Normal"))
    element.append(el("w:qFormat"))
    element.append(paragraph_properties(style))
    element.append(_run_properties(doc, ids, style.font_family, style.bold, style.size_pt, style.color,
                                   style.letter_spacing_em * style.size_pt))
    return element


def _character_style(doc: Document, ids: StyleIds, style_id: str, style: CharacterStyle) -> etree._Element:
    element = el("w:style", {"w:type": "character", "w:customStyle": "1", "w:styleId": style_id})
    element.append(w_val("w:name", word_style_name(style.name)))
    element.append(w_val("w:basedOn", "DefaultParagraphFont"))
    element.append(el("w:qFormat"))
    element.append(_run_properties(doc, ids, style.font_family, style.bold, style.size_pt, style.color, None))
    return element


def _body_style(doc: Document) -> ParagraphStyle:
    """The style most text is set in: its font and size become Word's defaults."""
    counts: Counter[str] = Counter()
    for story in doc.stories.values():
        for paragraph in story.paragraphs:
            if paragraph.style in doc.paragraph_styles:
                counts[paragraph.style] += len(paragraph.plain_text())
    if counts:
        return doc.paragraph_styles[counts.most_common(1)[0][0]]
    return next(iter(doc.paragraph_styles.values()), FALLBACK_PARAGRAPH_STYLE)


def _defaults(doc: Document, ids: StyleIds) -> etree._Element:
    """Document defaults: the body style's font and size, Chinese language, no spacing."""
    body = _body_style(doc)
    rpr = _run_properties(doc, ids, body.font_family, None, body.size_pt, None, None)
    rpr.append(el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}))
    return el("w:docDefaults", children=[
        el("w:rPrDefault", children=[rpr]),
        el("w:pPrDefault", children=[el("w:pPr", children=[
            el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}),
        ])]),
    ])


def _built_ins() -> list[etree._Element]:
    normal = el("w:style", {"w:type": "paragraph", "w:default": "1", "w:styleId": "Normal"}, [
        w_val("w:name", "Normal"), el("w:qFormat"),
        el("w:pPr", children=[w_val("w:widowControl", "0"), w_val("w:jc", "both")]),
    ])
    default_font = el("w:style", {"w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"}, [
        w_val("w:name", "Default Paragraph Font"), w_val("w:uiPriority", 1), el("w:semiHidden"),
        el("w:unhideWhenUsed"),
    ])
    anchor = el("w:style", {"w:type": "paragraph", "w:customStyle": "1", "w:styleId": ANCHOR_STYLE_ID}, [
        w_val("w:name", ANCHOR_STYLE_NAME), w_val("w:basedOn", "Normal"), el("w:semiHidden"),
        el("w:pPr", children=[
            w_val("w:snapToGrid", "0"),
            el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": twips(ANCHOR_LINE_PT), "w:lineRule": "exact"}),
        ]),
        el("w:rPr", children=[w_val("w:sz", 2), w_val("w:szCs", 2)]),
    ])
    return [normal, default_font, anchor]


def build_styles(doc: Document) -> tuple[etree._Element, StyleIds]:
    """The ``w:styles`` part and the style ids text refers to."""
    ids = StyleIds()
    root = el("w:styles")
    root.append(_defaults(doc, ids))
    for element in _built_ins():
        root.append(element)
    for number, (name, style) in enumerate(doc.paragraph_styles.items(), start=1):
        style_id = f"BanmianP{number}"
        ids.paragraph[name] = style_id
        root.append(_paragraph_style(doc, ids, style_id, style))
    if any(p.style not in ids.paragraph for story in doc.stories.values() for p in story.paragraphs):
        # A paragraph naming a missing style is set in the engine's fallback style; so here.
        ids.paragraph[""] = "BanmianP0"
        root.append(_paragraph_style(doc, ids, "BanmianP0", FALLBACK_PARAGRAPH_STYLE))
    for number, (name, cstyle) in enumerate(doc.character_styles.items(), start=1):
        style_id = f"BanmianC{number}"
        ids.character[name] = style_id
        root.append(_character_style(doc, ids, style_id, cstyle))
    return root, ids
