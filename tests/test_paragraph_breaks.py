"""Issue 11's composition acceptance lines, on a corpus the test generates.

Long paragraphs of mixed Chinese, quotes, brackets, numbers, percentages, Latin words, URLs and
e-mail addresses are set in columns 8–40 characters wide (and a fraction, so that lines must be
justified). Every check reads the composed glyph positions; the rules are written here from
clreq / GB/T 15834 (``../shared/notes/layout-facts.md``), not read from the code under test:

- no line starts with a mark that may not start one, none ends with an opening mark;
- a URL or address breaks only after / . - _ ? & = @, never inside a run of letters, and no line
  starts with a lone letter of one;
- an opening mark starting a line is set at exactly its full width or its half, as the style says;
- every Han–Latin space is exactly ¼ em, on every line, justified or not;
- the paragraph-wide breaker's total badness (the sum over lines of the squared extra space per
  gap, read from the space between two adjacent Han characters) is never worse than the greedy
  breaker's on the same paragraph, and strictly better on at least a third of them.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

import pytest

from editor import SAMPLE_PROJECT
from editor.io.project import load_project
from editor.layout import flow
from editor.layout.engine import layout_document
from editor.model import ParagraphStyle
from tests.docbuilders import BODY, compose, lines_with_glyphs, one_frame_doc

SIZE = 10.0
#: clreq basic level: may not start a line (GB/T 15834 pause and stop marks, closing quotes and
#: brackets, connectors, interpuncts, solidi).
NO_START = set("。．，、：；！‼？⁇”’」』）》〉】〗〕］｝～-–—·・‧/／")
#: … and may not end one (opening quotes and brackets).
NO_END = set("“‘「『（《〈【〖〔［｛")
OPENING_MARKS = set("“‘「『（《〈【")
URL_SEPARATORS = set("/.-_?&=@")

_WORDS = ["党建", "工作", "中铝股份", "宣传", "思想", "大格局", "建设", "世界一流", "企业", "新发展理念", "高质量",
          "发展", "基层", "党组织", "学习", "教育", "铝业", "生产", "经营", "职工", "群众", "安全", "环保", "创新"]
_LATIN = ["PDF", "Banmian", "ISO 9001", "5G", "ESG", "A4", "Word", "LME"]
_URLS = ["www.chinalco.com.cn", "http://www.chinalco.com.cn/xwzx/2021/", "dqb@chalco.com.cn",
         "https://mp.weixin.qq.com/s/chalco_news"]
_PUNCT = ["，", "，", "，", "。", "、", "；", "：", "！", "？"]


def _paragraph(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < size:
        roll = rng.random()
        if roll < 0.55:
            parts.append("".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4))))
        elif roll < 0.65:
            parts.append(f"“{rng.choice(_WORDS)}{rng.choice(_WORDS)}”")
        elif roll < 0.7:
            parts.append(f"（{rng.choice(_WORDS)}）" if rng.random() < 0.5 else f"《{rng.choice(_WORDS)}》")
        elif roll < 0.78:
            parts.append(rng.choice([f"{rng.randint(1, 2025)}", f"{rng.randint(1, 99)}.{rng.randint(1, 9)}%",
                                     f"{rng.randint(2, 40)}℃", f"{rng.randint(10, 999)}万吨"]))
        elif roll < 0.84:
            parts.append(rng.choice(_LATIN))
        elif roll < 0.88:
            parts.append(rng.choice(_URLS))
        else:
            parts.append(rng.choice(_PUNCT))
    return "".join(parts).lstrip("，。、；：！？") + "。"


def _corpus() -> list[tuple[str, float]]:
    rng = random.Random(20211125)
    return [(_paragraph(rng, rng.randint(250, 600)), (rng.randint(8, 40) + rng.random()) * SIZE) for _ in range(48)]


CORPUS = _corpus()


def _style(**changes) -> ParagraphStyle:
    return ParagraphStyle(**{"name": BODY, "size_pt": SIZE, "leading_pt": 16.0, "first_line_indent_chars": 2.0,
                             **changes})


def _lines(text: str, width_pt: float, style: ParagraphStyle):
    layout = compose(one_frame_doc([text], width_pt=width_pt, height_pt=20000.0, style=style))
    assert not layout.stories["s"].overset
    return lines_with_glyphs(layout)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_western(ch: str) -> bool:
    return (ch.isascii() and ch.isalnum()) or ch in "%‰℃"


def _han_gap_em(glyphs) -> float | None:
    """Extra space of the line's gaps (em): what two adjacent Han characters have between them."""
    for (a, _, left_a, width_a), (b, _, left_b, _) in pairwise(glyphs):
        if _is_han(a) and _is_han(b):
            return (left_b - left_a - width_a) / SIZE
    return None


def _badness(lines) -> float:
    """Sum over the lines but the last of the squared extra space per gap (em). A line with no
    two Han characters side by side counts the space it leaves at its end (a line with nothing
    to spread is set flush start)."""
    total = 0.0
    for line, glyphs in lines:
        if line.is_last_in_paragraph:
            continue
        gap = _han_gap_em(glyphs)
        if gap is None:
            gap = max(line.right_pt - glyphs[-1][2] - glyphs[-1][3], 0.0) / SIZE
        total += gap ** 2
    return total


@pytest.fixture(scope="module")
def both_breakers():
    """Each corpus paragraph set by the paragraph-wide breaker and by the greedy one."""
    together = [_lines(text, width, _style()) for text, width in CORPUS]
    keep_greedy = flow.total_fit_breaks
    flow.total_fit_breaks = lambda prep, widths, greedy_ends: greedy_ends
    try:
        greedy = [_lines(text, width, _style()) for text, width in CORPUS]
    finally:
        flow.total_fit_breaks = keep_greedy
    return together, greedy


def test_no_line_of_the_corpus_breaks_a_kinsoku_rule(both_breakers):
    for lines in both_breakers[0]:
        for number, (line, glyphs) in enumerate(lines):
            text = "".join(g[0] for g in glyphs).strip()
            if number > 0:
                assert text[0] not in NO_START or text.startswith("——"), text
            if not line.is_last_in_paragraph:
                assert text[-1] not in NO_END, text


def test_urls_break_only_after_a_separator_and_no_line_starts_with_a_lone_letter(both_breakers):
    checked = 0
    for (text, _), lines in zip(CORPUS, both_breakers[0], strict=True):
        breaks = [line.start_offset for line, _ in lines[1:]]
        for match in re.finditer("|".join(re.escape(u) for u in _URLS), text):
            for cut in breaks:
                if match.start() < cut < match.end():
                    checked += 1
                    assert text[cut - 1] in URL_SEPARATORS, f"{text[match.start():cut]}|{text[cut:match.end()]}"
                    following = re.match(r"[A-Za-z0-9]*", text[cut:match.end()]).group()
                    assert len(following) >= 2, f"a line starts with a lone letter: {text[cut:match.end()]}"
    assert checked >= 5, "the corpus must actually break some URLs"


@pytest.mark.parametrize("policy, width_em", [("full", 1.0), ("half", 0.5)])
def test_an_opening_mark_at_a_line_start_is_set_at_exactly_full_or_half_width(policy, width_em):
    seen = 0
    for text, width in CORPUS[:24]:
        for number, (line, glyphs) in enumerate(_lines(text, width, _style(line_start_marks=policy))):
            if number == 0 or glyphs[0][0] not in OPENING_MARKS:
                continue
            seen += 1
            char, origin, left, box = glyphs[0]
            assert left == pytest.approx(line.left_pt, abs=0.01)
            assert box == pytest.approx(width_em * SIZE, abs=0.01), (char, box)
            assert origin == pytest.approx(line.left_pt - (1.0 - width_em) * SIZE, abs=0.01)
    assert seen >= 3, "the corpus must start some lines with an opening mark"


def test_every_han_latin_space_is_a_quarter_em_justified_or_not(both_breakers):
    seen = 0
    for lines in both_breakers[0]:
        for _, glyphs in lines:
            for (a, _, left_a, width_a), (b, _, left_b, _) in pairwise(glyphs):
                if (_is_han(a) and _is_western(b)) or (_is_western(a) and _is_han(b)):
                    seen += 1
                    assert left_b - left_a - width_a == pytest.approx(0.25 * SIZE, abs=0.01), (a, b)
    assert seen >= 100


def test_a_percent_sign_takes_the_han_latin_space_as_a_digit_does():
    (line, glyphs), = _lines("增长3.5%和7.2%", 40 * SIZE, _style(first_line_indent_chars=0.0))
    chars = [g[0] for g in glyphs]
    percent = chars.index("%")
    gap = glyphs[percent + 1][2] - glyphs[percent][2] - glyphs[percent][3]
    assert gap == pytest.approx(0.25 * SIZE, abs=0.01)


def test_the_paragraph_wide_breaker_is_never_worse_and_often_better_than_greedy(both_breakers):
    together, greedy = both_breakers
    better = 0
    for index, (ours, theirs) in enumerate(zip(together, greedy, strict=True)):
        assert len(ours) == len(theirs), "the same number of lines"
        assert _badness(ours) <= _badness(theirs) + 1e-9, CORPUS[index]
        better += _badness(ours) < _badness(theirs) - 1e-9
    assert better >= len(CORPUS) / 3, f"better on {better} of {len(CORPUS)}"


def test_no_justified_line_of_the_sample_stretches_a_gap_by_more_than_a_quarter_em():
    layout = layout_document(load_project(SAMPLE_PROJECT))
    stretched = [(_han_gap_em(glyphs), "".join(g[0] for g in glyphs)) for line, glyphs in lines_with_glyphs(layout)
                 if line.justified and not line.is_last_in_paragraph]
    assert len(stretched) > 100
    assert max(gap for gap, _ in stretched if gap is not None) <= 0.25
