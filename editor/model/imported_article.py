"""An article read from a submitted file, before it is placed: styled paragraphs and photos.

``editor.io.article_import`` fills it from a .docx or .txt;
``editor.model.article_placement`` puts it into a document. It lives in the
model (pure data, no files) so that placing it needs nothing from ``io``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from editor.model.story import Paragraph

#: House paragraph styles an imported article uses.
KICKER_STYLE = "引题"
TITLE_STYLE = "大标题"
SUBTITLE_STYLE = "副标题"
BYLINE_STYLE = "署名"
BODY_STYLE = "正文"
CAPTION_STYLE = "图注"
#: Character styles for bold and italic runs.
BOLD_STYLE = "加粗"
ITALIC_STYLE = "倾斜"


@dataclass(frozen=True)
class ImportedPhoto:
    """A picture from the article, checked as a photo, with its caption text (may be empty)."""

    asset: str
    data: bytes
    source_name: str
    width_px: int
    height_px: int
    caption: str = ""


@dataclass
class ImportedArticle:
    """One article as it will be placed: styled paragraphs, photos, and what was left out."""

    source_name: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    photos: list[ImportedPhoto] = field(default_factory=list)
    #: Chinese sentences for the user: a table left out, a picture refused …
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The title's text, or the file name when the article has none."""
        heading = next((p for p in self.paragraphs if p.style == TITLE_STYLE), None)
        return heading.plain_text() if heading is not None else PurePath(self.source_name).stem

    def summary(self) -> str:
        """What the article became, in one Chinese line (for the CLI and the dialog)."""
        styles = [p.style for p in self.paragraphs]
        parts = [f"{styles.count(BODY_STYLE)} 段正文"]
        for style in (KICKER_STYLE, SUBTITLE_STYLE, BYLINE_STYLE):
            if style in styles:
                parts.append(f"{styles.count(style)} 行{style}")
        parts.append(f"{len(self.photos)} 张图片")
        return "，".join(parts)
