"""The line-start and line-end prohibitions as the standards list them: the tests' oracle.

Copied by hand from W3C clreq's appendix tables (``#prohibition_rules_for_line_start_end``,
``#table_of_pause_or_stop_punctuation_marks``, ``#table_of_non-bracket_indication_punctuation_marks``,
``#table_of_bracket_indication_punctuation_marks``) and GB/T 15834—2011 §5.1, as quoted in
``../shared/notes/layout-facts.md`` §2.1 — written out by code point, never read from
``editor.layout.chars``, so a character dropped from the code is still checked here.
"""

from __future__ import annotations

#: Pause/stop marks: 。 ． ， 、 ： ； ！ ‼ ？ ⁇
PAUSE_STOP = "\u3002\uff0e\uff0c\u3001\uff1a\uff1b\uff01\u203c\uff1f\u2047"
#: Closing quotes: ” ’ 」 』
CLOSING_QUOTES = "\u201d\u2019\u300d\u300f"
#: Closing brackets and book-title marks: ） 》 〉 】 〗 〕 ］ ｝
CLOSING_BRACKETS = "\uff09\u300b\u3009\u3011\u3017\u3015\uff3d\uff5d"
#: Connector marks: ～ - – —
CONNECTORS = "\uff5e\u002d\u2013\u2014"
#: Interpuncts: · ・ ‧
INTERPUNCTS = "\u00b7\u30fb\u2027"
#: Solidi: / ／
SOLIDI = "\u002f\uff0f"

#: clreq "basic": may not start a line.
NO_LINE_START = frozenset(PAUSE_STOP + CLOSING_QUOTES + CLOSING_BRACKETS + CONNECTORS + INTERPUNCTS + SOLIDI)

#: Opening quotes: “ ‘ 「 『
OPENING_QUOTES = "\u201c\u2018\u300c\u300e"
#: Opening brackets and book-title marks: （ 《 〈 【 〖 〔 ［ ｛
OPENING_BRACKETS = "\uff08\u300a\u3008\u3010\u3016\u3014\uff3b\uff5b"

#: clreq "basic": may not end a line.
NO_LINE_END = frozenset(OPENING_QUOTES + OPENING_BRACKETS)

assert len(NO_LINE_START) == 10 + 4 + 8 + 4 + 3 + 2 and len(NO_LINE_END) == 4 + 8
