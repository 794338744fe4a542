"""Rules and boxes from the display list as DrawingML shapes with VML twins.

A rule is a ``line`` preset spanning its two ends (flipped when it runs up
or left); a box is a ``rect`` with the display list's fill and a stroke
centred on its edge, as the PDF draws it. The masthead's red rules and the
banners' red bars come through here in the document's own colours.
"""

from __future__ import annotations

from lxml import etree

from editor.layout.display import BoxItem, Rect, RuleItem
from editor.render.docx.drawing import (
    alternate,
    anchor,
    graphic,
    outline,
    preset,
    solid_fill,
    vml_colors,
    vml_style,
    vml_wrap,
    xfrm,
)
from editor.render.docx.ooxml import WPS_URI, el, hex_rgb


def _wsp(properties: etree._Element) -> etree._Element:
    return el("wps:wsp", children=[el("wps:cNvSpPr"), properties, el("wps:bodyPr")])


def _rule(number: int, item: RuleItem) -> etree._Element:
    x0, x1 = sorted((item.x1_pt, item.x2_pt))
    y0, y1 = sorted((item.y1_pt, item.y2_pt))
    rect = Rect(x0, y0, x1 - x0, y1 - y0)
    # The line runs top-left to bottom-right unless one of its ends says otherwise.
    flip_h = (item.x2_pt < item.x1_pt) != (item.y2_pt < item.y1_pt) and rect.width_pt > 0 and rect.height_pt > 0
    properties = el("wps:spPr", children=[
        xfrm(rect, flip_h=flip_h), preset("line"), el("a:noFill"), outline(item.color, item.width_pt),
    ])
    drawing = anchor(number, rect, f"线条 {number}", graphic(WPS_URI, _wsp(properties)))
    vml = el("v:line", {
        "id": f"BanmianShape{number}",
        "style": vml_style(number, rect),
        "from": f"{item.x1_pt:.2f}pt,{item.y1_pt:.2f}pt", "to": f"{item.x2_pt:.2f}pt,{item.y2_pt:.2f}pt",
        "strokecolor": "#" + hex_rgb(item.color), "strokeweight": f"{item.width_pt:.2f}pt",
    }, [vml_wrap()])
    return alternate(drawing, vml)


def _box(number: int, item: BoxItem) -> etree._Element:
    properties = el("wps:spPr", children=[
        xfrm(item.rect), preset("rect"), solid_fill(item.fill), outline(item.stroke, item.stroke_width_pt),
    ])
    drawing = anchor(number, item.rect, f"矩形 {number}", graphic(WPS_URI, _wsp(properties)))
    attrs: dict[str, object] = {"id": f"BanmianShape{number}", "style": vml_style(number, item.rect)}
    attrs.update(vml_colors(item.fill, item.stroke, item.stroke_width_pt))
    return alternate(drawing, el("v:rect", attrs, [vml_wrap()]))


def shape_run(number: int, item: RuleItem | BoxItem) -> etree._Element:
    """A run holding one rule or box."""
    return _rule(number, item) if isinstance(item, RuleItem) else _box(number, item)
