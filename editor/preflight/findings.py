"""One preflight finding: how bad, what kind, the sentence the user reads, where, and its fix.

Kinds are the names the 检查 panel groups by and ``--json`` reports; a
finding's ``fix`` names the obvious repair (``editor.preflight.fixes``), or is
None when only the user can decide.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Severities: an error stops nothing by itself, but the export asks before going on.
ERROR = "错误"
WARNING = "警告"

#: Kinds, as the user sees them.
OVERSET = "文字溢出"
PHOTO_MISSING = "图片缺失"
PHOTO_LOW_RESOLUTION = "图片分辨率低"
FONT_SUBSTITUTED = "字体替换"
FONT_MISSING = "字体文件缺失"
FONT_NOT_EMBEDDABLE = "字体不允许嵌入"
FONT_NOT_CONVERTIBLE = "字体无法转换"
FRAME_OFF_PAGE = "框在页面外"
FRAME_SHORT_OF_BLEED = "未到出血边"
FRAME_EMPTY = "空框"
TEXT_NEAR_TRIM = "文字靠近裁切线"
TEXT_OVERLAP = "文本框重叠"
SMALL_TEXT_RICH_BLACK = "小字四色黑"
PLACEHOLDER_TEXT = "占位文字"
PAGE_SIZE = "页面尺寸"

#: Every kind, in the order the panel and the command line list them (errors first).
KINDS: tuple[str, ...] = (OVERSET, PHOTO_MISSING, FONT_MISSING, FONT_NOT_EMBEDDABLE, FONT_NOT_CONVERTIBLE,
                          PHOTO_LOW_RESOLUTION, FONT_SUBSTITUTED, FRAME_OFF_PAGE, FRAME_SHORT_OF_BLEED,
                          TEXT_NEAR_TRIM, TEXT_OVERLAP, SMALL_TEXT_RICH_BLACK, PLACEHOLDER_TEXT, FRAME_EMPTY,
                          PAGE_SIZE)

#: Fix ids (``editor.preflight.fixes``).
FIT_FRAME_TO_TEXT = "fit_frame_to_text"
EXTEND_TO_BLEED = "extend_to_bleed"
SET_PURE_BLACK = "set_pure_black"
#: What each fix's button and undo step say.
FIX_LABELS: dict[str, str] = {FIT_FRAME_TO_TEXT: "加高文本框", EXTEND_TO_BLEED: "延伸到出血边",
                              SET_PURE_BLACK: "改为纯黑"}

#: The two kinds of style a finding may be about (``Finding.style``).
PARAGRAPH_STYLE = "paragraph"
CHARACTER_STYLE = "character"
#: (PARAGRAPH_STYLE or CHARACTER_STYLE, the style's name).
StyleRef = tuple[str, str]


@dataclass(frozen=True)
class Finding:
    """A problem found by preflight, placed on a page (None: not on one page) and a frame or story."""

    kind: str
    severity: str
    #: The Chinese sentence shown in the panel and printed by the command line.
    message: str
    page: int | None = None
    frame_id: str | None = None
    story_id: str | None = None
    fix: str | None = None
    #: The style whose value the finding is about and its fix changes (``SMALL_TEXT_RICH_BLACK``).
    style: StyleRef | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class PreflightSettings:
    """The thresholds the checks use (photo resolution is a user setting; the rest are house rules)."""

    #: A placed photo under this many pixels per inch (either axis) is reported.
    min_photo_ppi: float = 200.0
    #: Text closer than this to the trim is reported.
    trim_safety_mm: float = 3.0
    #: Text under this size in a near-black that is not pure black is reported: four plates a tenth
    #: of a millimetre out of register leave coloured fringes on strokes that are themselves about
    #: 0.1 mm wide (a 宋体 hairline at 10.5 pt); from 12 pt (小四) up the strokes hide it.
    small_text_pt: float = 12.0


DEFAULT_SETTINGS = PreflightSettings()
