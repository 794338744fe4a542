"""Character classes for Chinese composition (W3C clreq, GB/T 15834—2011).

The lists are clreq's tables (see ``../shared/notes/layout-facts.md`` §2):
which marks may not start or end a line at each prohibition level, which
pairs may never be split, and which characters count as Han (for the ¼ em
Han–Latin space) or as parts of a Western word (never broken).
"""

from __future__ import annotations

import re
import unicodedata

# --- line-start prohibitions (clreq "basic") ---------------------------------
_PAUSE_STOP = "。．，、：；！‼？⁇"
_CLOSING_QUOTES = "”’」』"
_CLOSING_BRACKETS = "）》〉】〗〕］｝"
_CONNECTORS = "～-–—"
_INTERPUNCTS = "·・‧"
_SOLIDI = "/／"

NO_START_BASIC = frozenset(_PAUSE_STOP + _CLOSING_QUOTES + _CLOSING_BRACKETS + _CONNECTORS + _INTERPUNCTS + _SOLIDI)
#: strict adds two-em dashes and ellipses (they start a pair; the pair itself never splits).
NO_START_STRICT_EXTRA = frozenset("⸺—…⋯")

# --- line-end prohibitions -----------------------------------------------------
_OPENING_QUOTES = "“‘「『"
_OPENING_BRACKETS = "（《〈【〖〔［｛"
NO_END_BASIC = frozenset(_OPENING_QUOTES + _OPENING_BRACKETS)
#: GB style adds solidi at line end.
NO_END_GB_EXTRA = frozenset(_SOLIDI)

#: Curly quotes: East Asian "ambiguous" width, so the face decides. A Chinese face sets them on the
#: em square and they are Chinese quotation marks; a Western face sets them narrow and they belong
#: to the word they quote (``textprep`` decides, by the advance). Never letters of a word themselves.
OPENING_CURLY_QUOTES = "‘“"
CLOSING_CURLY_QUOTES = "’”"
CURLY_QUOTES = frozenset(OPENING_CURLY_QUOTES + CLOSING_CURLY_QUOTES)

#: Marks that come in unbreakable pairs (——, ……, ⋯⋯): never split between the two.
PAIRED_MARKS = frozenset("—…⋯")

#: Full-width punctuation that may be set in half its width (compression at line
#: end and between adjacent marks). Which half holds ink is read from the font.
COMPRESSIBLE_PUNCTUATION = frozenset(
    _PAUSE_STOP + _CLOSING_QUOTES + _CLOSING_BRACKETS + _OPENING_QUOTES + _OPENING_BRACKETS + "·・‧"
)
#: Compressed last when squeezing a line (clreq reduction step 7).
FULL_STOPS = frozenset("。．！？‼⁇")

#: Symbols that stay attached to an adjacent number ("100%", "30℃", "¥100").
NUMBER_UNITS = frozenset("%％‰‱℃℉°′″¥￥$＄€£¢㎡㎞㎏㎎㎝㎜")

#: Where a URL, e-mail address or file path may break: after one of these, never inside a
#: run of letters (see ``url_break_points``).
URL_BREAK_AFTER = frozenset("/.-_?&=@\\#")
_URL_LIKE = re.compile(r"://|^www\.|@[^@]*\.|[/\\]|\.(?:com|cn|net|org|gov|edu|html?|pdf|docx?)\b",
                       re.IGNORECASE)

LINE_SEPARATOR = "\n"
SPACE_CHARS = frozenset(" \t\u00a0")

#: Invisible by definition: zero-width space and joiners, direction marks, word joiner, invisible
#: operators, byte-order mark. Text copied from web pages and chat apps carries them; CJK faces
#: have no glyph for them. The composer gives them no width and draws them as a space.
INVISIBLE_CHARS = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
#: ``str.translate`` table: each invisible character drawn as a space (no ink).
DRAWN_AS_SPACE = str.maketrans(dict.fromkeys(INVISIBLE_CHARS, " "))


def no_start_set(level: str) -> frozenset[str]:
    """Characters that may not begin a line at this prohibition level."""
    if level == "none":
        return frozenset()
    if level == "strict":
        return NO_START_BASIC | NO_START_STRICT_EXTRA
    return NO_START_BASIC


def no_end_set(level: str) -> frozenset[str]:
    """Characters that may not end a line at this prohibition level."""
    if level == "none":
        return frozenset()
    if level in ("gb", "strict"):
        return NO_END_BASIC | NO_END_GB_EXTRA
    return NO_END_BASIC


#: The Han side of Han–Latin spacing, as (first, last) code points of Unicode 15.1 blocks:
#: ideographs, kana and Hangul syllables. Planes 2 and 3 are the Supplementary and Tertiary
#: Ideographic Planes: everything Unicode assigns there is a Han ideograph (Extensions B to I,
#: the compatibility supplement, and blocks still to come), so they are taken whole.
#: ``unicodedata`` is not asked: Python 3.11 knows Unicode 14, which lacks Extensions H and I.
HAN_BLOCKS = (
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana (its punctuation ゠ ・ is left out below)
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul Syllables
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3FFFF),  # planes 2 and 3: Extensions B–I (I: U+2EBF0–2EE5F, Unicode 15.1), G, H
)
#: Punctuation inside those blocks: ゠ (double hyphen) and ・ (katakana middle dot, an interpunct).
_PUNCTUATION_IN_HAN_BLOCKS = frozenset("\u30a0\u30fb")


def is_han(ch: str) -> bool:
    """A CJK ideograph, kana or Hangul syllable, or 〇: the 'Han' side of Han–Latin spacing."""
    code = ord(ch)
    if code == 0x3007:  # 〇 ideographic number zero
        return True
    return ch not in _PUNCTUATION_IN_HAN_BLOCKS and any(low <= code <= high for low, high in HAN_BLOCKS)


#: Blocks whose East-Asian-ambiguous characters (``east_asian_width == "A"``) Chinese faces draw
#: on the em square, as GB 2312 / GB 18030 set them: symbols and marks with no Western letter,
#: digit or number unit among them (those — é, Ω, °, ℃, ‰ — keep their Western class, and so do
#: the quotes, dashes and ellipses, which ``NO_START_BASIC`` and the pair rules already place).
_EM_SQUARE_AMBIGUOUS_BLOCKS = (
    (0x203B, 0x203B),  # ※ reference mark
    (0x2160, 0x217F),  # Ⅰ Ⅱ Ⅲ roman numerals
    (0x2190, 0x21FF),  # → ← ↑ ↓ arrows
    (0x2460, 0x24FF),  # ① ⑴ ⒈ enclosed alphanumerics
    (0x2500, 0x257F),  # ─ │ box drawing
    (0x2580, 0x259F),  # █ ▓ block elements
    (0x25A0, 0x25FF),  # ■ □ ▲ △ ● ○ ◆ ◇ geometric shapes
    (0x2600, 0x26FF),  # ★ ☆ ☎ miscellaneous symbols
    (0x2700, 0x27BF),  # ❶ ❷ dingbats
    (0x3248, 0x324F),  # circled numbers on black squares
)


def is_em_square_symbol(ch: str) -> bool:
    """An ambiguous-width symbol that Chinese faces draw full-width (■ ● ★ ※ → ① …)."""
    code = ord(ch)
    return (unicodedata.east_asian_width(ch) == "A"
            and any(low <= code <= high for low, high in _EM_SQUARE_AMBIGUOUS_BLOCKS))


def is_wide(ch: str) -> bool:
    """Set on the em grid (Han, kana, full-width forms, CJK punctuation, and the ambiguous-width
    symbols of ``is_em_square_symbol``)."""
    return is_han(ch) or unicodedata.east_asian_width(ch) in ("W", "F") or is_em_square_symbol(ch)


def is_western(ch: str) -> bool:
    """A letter, digit or unit sign (% ‰ ℃ …) of a Western word or number: the 'Latin' side of
    Han–Latin spacing, so "3.5%和" is spaced as "和 7.2%" is."""
    return (ch.isalnum() or ch in NUMBER_UNITS) and not is_wide(ch)


def is_word_char(ch: str) -> bool:
    """Part of a Western word or number, which is never broken inside.

    Letters, digits, number units, and the ASCII punctuation that lives
    inside words and numbers (2.5, e-mail, 10:30, 1,000). Spaces are not, nor
    curly quotes: whether one joins its word depends on its face (``CURLY_QUOTES``).
    """
    if ch in SPACE_CHARS or ch == LINE_SEPARATOR or ch in CURLY_QUOTES:
        return False
    if ch in NUMBER_UNITS:
        return True
    return not is_wide(ch) and ch not in "—–…⋯·‧"


# --- per-character flags, cached: one dict lookup answers every class question ----
FLAG_PLAIN = 1  # a wide character with no special role (Han, kana, ■…): breaks freely
FLAG_HAN = 2
FLAG_WESTERN = 4
FLAG_WORD = 8
FLAG_WIDE = 16
FLAG_SPACE = 32
FLAG_COMPRESSIBLE = 64
FLAG_FULL_STOP = 128

_ROLE_CHARS = (
    NO_START_BASIC | NO_START_STRICT_EXTRA | NO_END_BASIC | NO_END_GB_EXTRA | PAIRED_MARKS
    | COMPRESSIBLE_PUNCTUATION | NUMBER_UNITS | SPACE_CHARS | frozenset(LINE_SEPARATOR + "\"'")
)


def _compute_flags(ch: str) -> int:
    flags = 0
    if is_han(ch):
        flags |= FLAG_HAN
    if is_western(ch):
        flags |= FLAG_WESTERN
    if is_word_char(ch):
        flags |= FLAG_WORD
    if is_wide(ch):
        flags |= FLAG_WIDE
    if ch in SPACE_CHARS:
        flags |= FLAG_SPACE
    if ch in COMPRESSIBLE_PUNCTUATION:
        flags |= FLAG_COMPRESSIBLE
    if ch in FULL_STOPS:
        flags |= FLAG_FULL_STOP
    if flags & FLAG_WIDE and not flags & FLAG_WORD and ch not in _ROLE_CHARS:
        flags |= FLAG_PLAIN
    return flags


class _FlagTable(dict):
    def __missing__(self, ch: str) -> int:
        value = _compute_flags(ch)
        self[ch] = value
        return value


#: ``CHAR_FLAGS[ch]``: the FLAG_* bits of a character (computed once, then cached).
CHAR_FLAGS: dict[str, int] = _FlagTable()


def is_url_like(token: str) -> bool:
    """Whether a run of Western word characters reads as a URL, e-mail address or file path
    (``www.chinalco.com.cn``, ``a@b.cn``, ``D:\\稿件``, ``http://…``), not a number, a date
    (``2021/11/25``) or a word."""
    return any(ch.isascii() and ch.isalpha() for ch in token) and bool(_URL_LIKE.search(token))


def url_break_points(token: str) -> list[int]:
    """Offsets in ``token`` after which a line may break: after a separator (``URL_BREAK_AFTER``)
    that is followed by at least two letters or digits, so that no line starts with a lone
    letter and nothing breaks inside a run of letters."""
    points = []
    for index in range(len(token) - 1):
        if token[index] not in URL_BREAK_AFTER or token[index + 1] in URL_BREAK_AFTER:
            continue
        run = 0
        while index + 1 + run < len(token) and token[index + 1 + run].isalnum():
            run += 1
        if run >= 2:
            points.append(index)
    return points
