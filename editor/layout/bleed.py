"""Photos that touch the trim, extended into the bleed — a step on the display list, before any backend.

A print shop trims each sheet to the page with a tolerance of a millimetre
or two; a photo that ends exactly at the page edge shows a white sliver
where the knife missed. The print preset therefore carries every photo
whose visible part reaches an edge of the page on into the bleed
(``bleed_pt`` beyond the trim): its clip grows to the bleed's edge on the
sides that touch, and, where the photo has no pixels there (no crop to
spare), the whole photo is scaled up just enough to cover the new clip,
about the middle of its sides that do not touch — so what is inside the
trim moves as little as it can. It is a pure function of the layout, so
the PDF and a Qt printer draw the same rectangles; backends decide nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from editor.layout.display import DocumentLayout, ImageItem, PageLayout, Rect

#: A visible edge this close to the trim (points) counts as touching it.
TOUCH_TOLERANCE_PT = 0.5


@dataclass(frozen=True, slots=True)
class _Touching:
    """Which page edges a photo's visible part reaches."""

    left: bool
    top: bool
    right: bool
    bottom: bool

    def any(self) -> bool:
        return self.left or self.top or self.right or self.bottom


def _visible(item: ImageItem) -> Rect | None:
    """The part of the photo that shows: its image rectangle within its clip."""
    clip, shown = item.clip_rect, item.image_rect
    left, top = max(clip.x_pt, shown.x_pt), max(clip.y_pt, shown.y_pt)
    right, bottom = min(clip.right_pt, shown.right_pt), min(clip.bottom_pt, shown.bottom_pt)
    if right <= left or bottom <= top:
        return None
    return Rect(left, top, right - left, bottom - top)


def touching_edges(item: ImageItem, width_pt: float, height_pt: float) -> _Touching:
    """The trim edges the visible photo reaches (or crosses)."""
    visible = _visible(item)
    if visible is None:
        return _Touching(False, False, False, False)
    return _Touching(left=visible.x_pt <= TOUCH_TOLERANCE_PT,
                     top=visible.y_pt <= TOUCH_TOLERANCE_PT,
                     right=visible.right_pt >= width_pt - TOUCH_TOLERANCE_PT,
                     bottom=visible.bottom_pt >= height_pt - TOUCH_TOLERANCE_PT)


def _extended_clip(item: ImageItem, touching: _Touching, width_pt: float, height_pt: float,
                   bleed_pt: float) -> Rect:
    """The visible rectangle carried on to the bleed's edge on each touching side."""
    visible = _visible(item)
    assert visible is not None  # only called for photos that touch
    left = min(visible.x_pt, -bleed_pt) if touching.left else visible.x_pt
    top = min(visible.y_pt, -bleed_pt) if touching.top else visible.y_pt
    right = max(visible.right_pt, width_pt + bleed_pt) if touching.right else visible.right_pt
    bottom = max(visible.bottom_pt, height_pt + bleed_pt) if touching.bottom else visible.bottom_pt
    return Rect(left, top, right - left, bottom - top)


def _anchor(low_touches: bool, high_touches: bool, low_pt: float, high_pt: float) -> float:
    """The point along one axis that stays put when the photo is scaled: the side that does not touch."""
    if low_touches and not high_touches:
        return high_pt
    if high_touches and not low_touches:
        return low_pt
    return (low_pt + high_pt) / 2.0


def _scale_needed(anchor_pt: float, image_low_pt: float, image_high_pt: float,
                  clip_low_pt: float, clip_high_pt: float) -> float:
    """The least scale about ``anchor_pt`` that makes ``image_low..high`` cover ``clip_low..high``."""
    scale = 1.0
    if clip_low_pt < anchor_pt:
        scale = max(scale, (anchor_pt - clip_low_pt) / max(anchor_pt - image_low_pt, 1e-9))
    if clip_high_pt > anchor_pt:
        scale = max(scale, (clip_high_pt - anchor_pt) / max(image_high_pt - anchor_pt, 1e-9))
    return scale


def _covering_image(item: ImageItem, clip: Rect, touching: _Touching) -> Rect:
    """The photo's rectangle scaled up (aspect kept) just enough to cover ``clip``."""
    visible = _visible(item)
    assert visible is not None
    shown = item.image_rect
    anchor_x = _anchor(touching.left, touching.right, visible.x_pt, visible.right_pt)
    anchor_y = _anchor(touching.top, touching.bottom, visible.y_pt, visible.bottom_pt)
    scale = max(_scale_needed(anchor_x, shown.x_pt, shown.right_pt, clip.x_pt, clip.right_pt),
                _scale_needed(anchor_y, shown.y_pt, shown.bottom_pt, clip.y_pt, clip.bottom_pt))
    if scale <= 1.0:
        return shown
    return Rect(anchor_x + (shown.x_pt - anchor_x) * scale, anchor_y + (shown.y_pt - anchor_y) * scale,
                shown.width_pt * scale, shown.height_pt * scale)


def extended_into_bleed(item: ImageItem, width_pt: float, height_pt: float, bleed_pt: float) -> ImageItem:
    """``item`` carried into the bleed where it touches the trim of a page ``width_pt`` × ``height_pt``."""
    touching = touching_edges(item, width_pt, height_pt)
    if bleed_pt <= 0 or not touching.any():
        return item
    clip = _extended_clip(item, touching, width_pt, height_pt, bleed_pt)
    return dataclasses.replace(item, clip_rect=clip, image_rect=_covering_image(item, clip, touching))


def _page_with_bleed(page: PageLayout, bleed_pt: float) -> PageLayout:
    items = [extended_into_bleed(item, page.width_pt, page.height_pt, bleed_pt)
             if isinstance(item, ImageItem) else item for item in page.items]
    return dataclasses.replace(page, items=items)


def photos_into_bleed(layout: DocumentLayout, bleed_pt: float) -> DocumentLayout:
    """A copy of ``layout`` whose trim-touching photos reach ``bleed_pt`` beyond the trim.

    The pages are new lists; the items that did not change, and everything
    else the layout holds, are shared with ``layout`` (items are values).
    """
    return dataclasses.replace(layout, pages=[_page_with_bleed(page, bleed_pt) for page in layout.pages])
