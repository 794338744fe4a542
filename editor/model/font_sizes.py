"""Chinese font sizes (字号): 初号 … 八号 and the points they stand for.

Chinese editors name sizes as Word and WPS do — 小四 for body text, 二号 for
a headline — rather than in points, so the style dialog and 属性 show both.
The table is the one Word and WPS use (GB/T 14-style 字号, in PostScript
points); ``size_name`` and ``parse_size`` translate both ways. Pure: no Qt.
"""

from __future__ import annotations

import re

#: 字号 → points, largest first (the order a size list shows them).
CHINESE_SIZES_PT: dict[str, float] = {
    "初号": 42.0,
    "小初": 36.0,
    "一号": 26.0,
    "小一": 24.0,
    "二号": 22.0,
    "小二": 18.0,
    "三号": 16.0,
    "小三": 15.0,
    "四号": 14.0,
    "小四": 12.0,
    "五号": 10.5,
    "小五": 9.0,
    "六号": 7.5,
    "小六": 6.5,
    "七号": 5.5,
    "八号": 5.0,
}

#: A number of points as typed: "12", "10.5", "12 磅", "12pt", full-width digits allowed.
_POINTS = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(?:磅|pt|PT|Pt)?")
#: Closer than this (in points) counts as the same size (sizes are kept to 0.1 pt).
_SAME_PT = 0.01


def size_name(size_pt: float) -> str | None:
    """The 字号 of ``size_pt`` (小四 for 12), or None for a size with no Chinese name."""
    return next((name for name, points in CHINESE_SIZES_PT.items() if abs(points - size_pt) < _SAME_PT), None)


def size_label(size_pt: float) -> str:
    """How a size reads in Chinese: 「小四（12 磅）」, or 「13 磅」 for a size with no name."""
    points = points_text(size_pt)
    name = size_name(size_pt)
    return f"{name}（{points} 磅）" if name else f"{points} 磅"


def points_text(size_pt: float) -> str:
    """``size_pt`` without a needless decimal: 12, 10.5."""
    rounded = round(size_pt, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def parse_size(text: str) -> float | None:
    """Points for what a user typed into a size field: 「小四」, 「12」, 「10.5 磅」 or a
    list entry such as 「小四（12 磅）」; None when it is neither."""
    cleaned = text.strip().translate(_FULL_WIDTH)
    if not cleaned:
        return None
    for name, points in CHINESE_SIZES_PT.items():
        if cleaned == name or cleaned.startswith(f"{name}（") or cleaned.startswith(f"{name}("):
            return points
    match = _POINTS.fullmatch(cleaned)
    if match is None:
        return None
    return float(match.group(1))


#: Full-width digits and point a Chinese input method may type.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
