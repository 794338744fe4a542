"""How LibreOffice sets a line — portions, character spacing, autospace, break opportunities.

``squeeze`` plans the DOCX with it so that LibreOffice (and Word) break where our layout broke.

LibreOffice splits a line into portions wherever the script changes (Asian, Latin) or the
character formatting changes, and applies a run's character spacing (``w:spacing``) between the
characters *of a portion*: the last character of every portion keeps its natural advance.
Measured with the house faces (condensing −0.45 pt, left-aligned lines): in “中中1234中” the
second 中 and the 4 keep their advances; in “中“5”中” the “ ends an Asian portion and ” is
condensed with the 5 before it — quotes and dashes of General Punctuation take the script of the
character before them, while every ASCII character, % included, is Latin. A line of Chinese with
numbers and Latin words therefore gets far less condensing than ``n − 1`` characters' worth:
counting it so was why such lines overflowed in LibreOffice and broke early.

The spared character keeps *all* of its advance: the last half of a —— pair (a run of its own,
scaled 125 % and pulled back to one em by negative spacing, ``dashes``) is drawn at its scaled
width, 1.12 em in Noto Sans SC — measured at 14 pt, “中——中” advances 14.0, 14.0, 15.7 pt
from 中 to —, — to — and — to 中, and a —— opening a paragraph the same (14.1, 15.6).

It condenses no character by more than a sixth of its size, whatever ``w:spacing`` says; a line
that needs more gets its full-width marks narrowed as well (``scalable_mark``). The clamp takes
the whole spacing, a —— half's pull included: at 10.5 pt the serif half's −1.18 pt leaves only
0.57 pt of condensing (measured: a line condensed −1.45 pt drew the halves 0.57 pt narrower).

Its automatic space (``w:autoSpaceDE``/``DN``) is a fifth of the font size, and only between a
letter or digit of one script and a letter or digit of the other: “中1” gets it, “，1”, “中%” and
“%中” do not (our composer puts ¼ em between Han and every Western character, see ``textprep``).
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from editor.layout.chars import is_em_square_symbol

#: LibreOffice's Asian–Latin autospace, in em (font height / 5).
AUTOSPACE_EM = 0.2
#: The most LibreOffice condenses a character, in em: it clamps ``w:spacing`` at a sixth of the
#: font size (measured at 10.5 and 21 pt: −52 twips acts as −36, −100 as −70).
MAX_CONDENSE_EM = 1 / 6


class Script(Enum):
    LATIN = "latin"
    ASIAN = "asian"
    WEAK = "weak"


_ASIAN_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x31FF), (0x3200, 0x4DBF), (0x4E00, 0x9FFF),
    (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


def script_of(ch: str) -> Script:
    """The script LibreOffice gives ``ch`` before weak characters are resolved."""
    code = ord(ch)
    if code < 0x0250:  # Basic Latin to Latin Extended-B: digits and ASCII signs included
        return Script.LATIN
    if any(low <= code <= high for low, high in _ASIAN_RANGES):
        return Script.ASIAN
    return Script.WEAK


def resolved_scripts(text: str, before: Script | None) -> list[Script]:
    """Each character's script, weak ones taking the script of the strong one before them.

    ``before`` is the last strong script earlier in the paragraph, ``None`` on its first line:
    weak characters opening a paragraph (a “ before the first Han) form a portion of their own
    — measured, the “ keeps its full advance there.
    """
    strong = before or Script.WEAK
    resolved = []
    for ch in text:
        script = script_of(ch)
        if script is not Script.WEAK:
            strong = script
        resolved.append(strong)
    return resolved


def last_strong_script(text: str) -> Script | None:
    """The script of the last Latin or Asian character of ``text``."""
    return next((s for s in map(script_of, reversed(text)) if s is not Script.WEAK), None)


def portion_ends(text: str, format_breaks: set[int], before: Script | None) -> set[int]:
    """The indices of the last character of each portion of a line: the characters LibreOffice
    gives no negative character spacing (neither condensing nor the pull of a —— half).

    ``format_breaks`` holds the indices ``k`` where character ``k`` is formatted differently
    from character ``k - 1`` (a new run in the DOCX, hence a new portion); ``before`` as for
    ``resolved_scripts``.
    """
    if not text:
        return set()
    scripts = resolved_scripts(text, before)
    if len(text) > 1 and scripts[-1] is Script.ASIAN and unicodedata.category(text[-1])[0] == "P":
        format_breaks = format_breaks | {len(text) - 1}  # a closing mark ends the line as a portion of its own
    starts = {k for k in range(1, len(text)) if scripts[k] is not scripts[k - 1] or k in format_breaks}
    return {k - 1 for k in starts} | {len(text) - 1}


def _alnum(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def autospaced(before: str, after: str) -> bool:
    """Whether LibreOffice puts its Asian–Latin space between two neighbouring characters."""
    pair = {script_of(before), script_of(after)}
    return pair == {Script.LATIN, Script.ASIAN} and _alnum(before) and _alnum(after)


_CJK_QUOTES = frozenset("\u2018\u2019\u201c\u201d")
#: Unicode's quotation class (QU): no break on either side of one in LibreOffice's rules, though
#: Chinese text breaks before “ and after ” all the time.
_QUOTES = _CJK_QUOTES | frozenset("\"'")
_FULL_STOPS_AND_COMMAS = frozenset("，、。．｡､")


def refuses_break(before: str, after: str) -> bool:
    """Whether LibreOffice keeps two characters on one line where our composer may break.

    Measured: after a full-width full stop, comma or closing bracket (Unicode's class CL: 。，、）》
    …) it never breaks before a Latin letter or a digit — “15631。8536” and “。E536” stay
    together, “。中” breaks, and so do “：5” and “？5” (classes NS and EX) — so a line of ours
    ending there would pull the whole number or word back and push its line-fellows down.
    Ambiguous-width symbols (■ ● ★ ① …, Unicode's class AI) it breaks as letters: “■■”, “①②”
    and “■5” stay together, though our composer sets them as ideographs; a break beside one is
    always given (a zero-width space is harmless where LibreOffice would break anyway).
    """
    if before in _QUOTES or after in _QUOTES:
        return True
    if is_em_square_symbol(before) or is_em_square_symbol(after):
        return True
    closing = before in _FULL_STOPS_AND_COMMAS or unicodedata.category(before) == "Pe"
    return closing and script_of(before) is Script.ASIAN and script_of(after) is Script.LATIN and _alnum(after)


def scalable_mark(text: str) -> bool:
    """A full-width mark whose glyph may be narrowed (``w:w``) when condensing cannot fit a line.

    Our composer squeezes such marks to half width; narrowing the glyph is the nearest Word and
    LibreOffice come to that. The curly quotes are among them (full width in Chinese faces);
    dashes and ellipses are not.
    """
    if len(text) != 1 or unicodedata.category(text)[0] != "P":
        return False
    return script_of(text) is Script.ASIAN or text in _CJK_QUOTES
