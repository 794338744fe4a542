"""Floating drawings anchored to the page: the ``wp:anchor`` every object shares.

Objects are positioned relative to the page (LibreOffice honours that to
0.02 mm), do not push other text aside (``wp:wrapNone`` — our layout already
placed everything), and stack in the order they are written, which is the
page's frame order. Text boxes and shapes are wrapped in
``mc:AlternateContent`` with a VML copy, so WPS and Word 2007 read them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from editor.layout.display import RGB, Rect
from editor.render.docx.ooxml import el, emu, hex_rgb

#: Word's own z-order numbers start about here; only their order matters.
_BASE_RELATIVE_HEIGHT = 251658240


@dataclass
class DrawingCounter:
    """Document-wide ids: ``wp:docPr`` ids must be unique, z-order must increase."""

    next_id: int = 1

    def take(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value


def anchor(number: int, rect: Rect, name: str, graphic: etree._Element) -> etree._Element:
    """``wp:anchor`` placing ``graphic`` at ``rect`` on the page, in front of earlier objects."""
    return el("wp:anchor", {
        "distT": 0, "distB": 0, "distL": 0, "distR": 0, "simplePos": 0,
        "relativeHeight": _BASE_RELATIVE_HEIGHT + number, "behindDoc": 0, "locked": 0,
        "layoutInCell": 1, "allowOverlap": 1,
    }, [
        el("wp:simplePos", {"x": 0, "y": 0}),
        el("wp:positionH", {"relativeFrom": "page"}, [el("wp:posOffset", text=str(emu(rect.x_pt)))]),
        el("wp:positionV", {"relativeFrom": "page"}, [el("wp:posOffset", text=str(emu(rect.y_pt)))]),
        el("wp:extent", {"cx": emu(rect.width_pt), "cy": emu(rect.height_pt)}),
        el("wp:effectExtent", {"l": 0, "t": 0, "r": 0, "b": 0}),
        el("wp:wrapNone"),
        el("wp:docPr", {"id": number, "name": name}),
        el("wp:cNvGraphicFramePr"),
        graphic,
    ])


def graphic(uri: str, content: etree._Element) -> etree._Element:
    return el("a:graphic", children=[el("a:graphicData", {"uri": uri}, [content])])


def xfrm(rect: Rect, flip_h: bool = False, flip_v: bool = False) -> etree._Element:
    """Shape transform: offset 0 (the anchor places it) and the extent."""
    return el("a:xfrm", {"flipH": 1 if flip_h else None, "flipV": 1 if flip_v else None}, [
        el("a:off", {"x": 0, "y": 0}),
        el("a:ext", {"cx": emu(rect.width_pt), "cy": emu(rect.height_pt)}),
    ])


def preset(name: str) -> etree._Element:
    return el("a:prstGeom", {"prst": name}, [el("a:avLst")])


def solid_fill(color: RGB | None) -> etree._Element:
    if color is None:
        return el("a:noFill")
    return el("a:solidFill", children=[el("a:srgbClr", {"val": hex_rgb(color)})])


def outline(color: RGB | None, width_pt: float) -> etree._Element:
    """``a:ln``: a stroke centred on the edge, as in our PDF, or none."""
    if color is None or width_pt <= 0:
        return el("a:ln", children=[el("a:noFill")])
    return el("a:ln", {"w": emu(width_pt)}, [solid_fill(color), el("a:miter", {"lim": 800000})])


def alternate(drawing_anchor: etree._Element, vml: etree._Element) -> etree._Element:
    """A run holding the DrawingML object with its VML fallback."""
    return el("w:r", children=[
        el("mc:AlternateContent", children=[
            el("mc:Choice", {"Requires": "wps"}, [el("w:drawing", children=[drawing_anchor])]),
            el("mc:Fallback", children=[el("w:pict", children=[vml])]),
        ])
    ])


def vml_style(number: int, rect: Rect) -> str:
    """CSS-like VML position: absolute on the page, stacked by ``z-index``."""
    return (
        f"position:absolute;margin-left:{rect.x_pt:.2f}pt;margin-top:{rect.y_pt:.2f}pt;"
        f"width:{rect.width_pt:.2f}pt;height:{rect.height_pt:.2f}pt;z-index:{number};"
        "mso-position-horizontal-relative:page;mso-position-vertical-relative:page"
    )


def vml_colors(fill: RGB | None, stroke: RGB | None, stroke_width_pt: float) -> dict[str, object]:
    """VML fill/stroke attributes."""
    attrs: dict[str, object] = {"filled": "t" if fill is not None else "f"}
    if fill is not None:
        attrs["fillcolor"] = "#" + hex_rgb(fill)
    if stroke is not None and stroke_width_pt > 0:
        attrs.update({"stroked": "t", "strokecolor": "#" + hex_rgb(stroke), "strokeweight": f"{stroke_width_pt:.2f}pt"})
    else:
        attrs["stroked"] = "f"
    return attrs


def vml_wrap() -> etree._Element:
    """No text wrap, positions relative to the page (the VML twin of ``wp:wrapNone``)."""
    return el("w10:wrap", {"anchorx": "page", "anchory": "page"})
