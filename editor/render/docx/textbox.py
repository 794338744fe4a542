"""Floating text boxes: ``wps:wsp`` with ``wps:txbx`` (or ``wps:linkedTxbx``) and a VML twin.

The box is the frame: same rectangle, insets (``bodyPr`` l/t/r/bIns), columns
(``numCol``/``spcCol``), vertical alignment, fill and outline, and no autofit
— the box keeps the frame's size — except where text could otherwise vanish:
the last box of a story grows (``spAutoFit``) if an edit makes the text longer
than the layout's (see ``plan._let_tails_grow``); Word ignores that in a
linked chain, so there the last box reaches the bottom margin instead
(``plan._lengthen_chain_tails``). In a linked chain the head carries
``wps:txbx id=N`` with the whole story and every later box
``wps:linkedTxbx id=N seq=k`` (MS-ODRAWXML 2.13.3.1); the VML copies chain
with ``mso-next-textbox``.
"""

from __future__ import annotations

import copy

from lxml import etree

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
from editor.render.docx.ooxml import WPS_URI, el, emu
from editor.render.docx.plan import TextBox

_ANCHOR = {"top": "t", "center": "ctr", "bottom": "b"}
_VML_ANCHOR = {"top": "top", "center": "middle", "bottom": "bottom"}


def vml_id(number: int) -> str:
    """The VML shape id of drawing ``number`` (what ``mso-next-textbox`` points at)."""
    return f"BanmianShape{number}"


def _body_properties(box: TextBox) -> etree._Element:
    insets = box.insets
    return el("wps:bodyPr", {
        "rot": 0, "vert": "horz", "wrap": "square",
        "lIns": emu(insets.left_pt), "tIns": emu(insets.top_pt),
        "rIns": emu(insets.right_pt), "bIns": emu(insets.bottom_pt),
        "numCol": box.columns if box.columns > 1 else None,
        "spcCol": emu(box.gutter_pt) if box.columns > 1 else None,
        "anchor": _ANCHOR.get(box.vertical_align, "t"), "anchorCtr": 0, "upright": 0,
    }, [el("a:spAutoFit" if box.grow else "a:noAutofit")])


def _shape(box: TextBox, paragraphs: list[etree._Element]) -> etree._Element:
    shape = el("wps:wsp", children=[
        el("wps:cNvSpPr", {"txBox": 1}),
        el("wps:spPr", children=[
            xfrm(box.rect), preset("rect"), solid_fill(box.fill), outline(box.stroke, box.stroke_width_pt),
        ]),
    ])
    if box.chain_id is not None and box.chain_seq > 0:
        shape.append(el("wps:linkedTxbx", {"id": box.chain_id, "seq": box.chain_seq}))
    else:
        shape.append(el("wps:txbx", {"id": box.chain_id}, [el("w:txbxContent", children=paragraphs)]))
    shape.append(_body_properties(box))
    return shape


def _vml(number: int, box: TextBox, paragraphs: list[etree._Element], next_number: int | None) -> etree._Element:
    insets = box.insets
    style = vml_style(number, box.rect) + f";v-text-anchor:{_VML_ANCHOR.get(box.vertical_align, 'top')}"
    textbox_style = ";".join(part for part in (
        f"mso-next-textbox:#{vml_id(next_number)}" if next_number is not None else "",
        "mso-fit-shape-to-text:t" if box.grow else "",
    ) if part)
    textbox = el("v:textbox", {
        "inset": f"{insets.left_pt:.2f}pt,{insets.top_pt:.2f}pt,{insets.right_pt:.2f}pt,{insets.bottom_pt:.2f}pt",
        "style": textbox_style or None,
    })
    if box.chain_id is None or box.chain_seq == 0:
        textbox.append(el("w:txbxContent", children=[copy.deepcopy(p) for p in paragraphs]))
    attrs: dict[str, object] = {"id": vml_id(number), "style": style}
    attrs.update(vml_colors(box.fill, box.stroke, box.stroke_width_pt))
    return el("v:rect", attrs, [textbox, vml_wrap()])


def text_box_run(number: int, box: TextBox, paragraphs: list[etree._Element],
                 next_number: int | None = None) -> etree._Element:
    """A run holding the text box (``number`` is its drawing id; ``next_number`` the next box in its chain)."""
    name = f"文本框 {box.frame_id}"
    drawing = anchor(number, box.rect, name, graphic(WPS_URI, _shape(box, paragraphs)))
    return alternate(drawing, _vml(number, box, paragraphs, next_number))
