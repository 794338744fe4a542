"""Character classes the proofing rules ask about (Han, Chinese punctuation, numerals)."""

from __future__ import annotations

#: Chinese numerals: 一一, 十十 … are never reported as doubled (一一对应, 万万没想到).
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
#: Full-width closing marks after which ASCII punctuation is read as Chinese text.
CLOSING_MARKS = frozenset("”’」』）》】〕。，、；：？！…—")
#: Opening brackets and quotes with their partners (the unpaired check).
PAIRS: dict[str, str] = {"（": "）", "《": "》", "“": "”", "‘": "’", "「": "」", "『": "』", "【": "】", "〔": "〕"}
CLOSERS: dict[str, str] = {close: open_ for open_, close in PAIRS.items()}


def is_han(char: str) -> bool:
    """A CJK ideograph (basic block, extension A, compatibility, supplementary planes); '' is not."""
    if len(char) != 1:
        return False
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


def is_chinese(char: str) -> bool:
    """Han or full-width Chinese punctuation: text around it is Chinese text."""
    return is_han(char) or char in CLOSING_MARKS or char in PAIRS


def is_ascii_word(char: str) -> bool:
    """A Latin letter or digit (English words, numbers, codes)."""
    return char.isascii() and char.isalnum()


def at(text: str, index: int) -> str:
    """The character at ``index``, or '' outside the text."""
    return text[index] if 0 <= index < len(text) else ""
