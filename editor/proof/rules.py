"""The checks, each over one paragraph's text: pure functions returning ``Hit`` values.

Rules, each written to keep quiet when unsure (a false alarm costs the
editor more than a missed one):

- 半角标点: ``, ; : ? !`` and ``.`` right after a Han character or a
  full-width closing mark (``.`` only when no letter or digit follows, so
  3.5 and www.chinalco.com stay); ``(`` and ``)`` with a Han character on
  either side; three or more dots after Chinese text become ……
- 引号混用: ASCII ``"…"`` (and ``'…'`` that are not apostrophes) in a
  paragraph, paired in order, reported when Chinese text is inside or
  beside them; the fix puts “…” (‘…’).
- 重复字词: the same Han character twice (为为). Not reported: numerals
  (一一, 万万); the second of a classifier after 一 (一步步, 一次次); AABB
  (干干净净, 的的确确); a doubled character inside a word of
  ``ALLOWED_DOUBLES`` (常常, 谢谢, 等等; 学习习近平, 工作作风 where two words
  meet) or of the house list's ``allowed_doubles``.
- 重复标点: 。。 ，， 、、 ；； ：： (—— and …… are one mark each and stay).
- 多余空格: spaces (ASCII, 全角, no-break) between two Chinese characters,
  in paragraphs that are sentences (hold 。，；？！); a headline's space
  between two phrases (守正创新 凝心聚力) stays, and so do spaces beside an
  English word or a number.
- 括号引号不成对: （）《》“”‘’「」『』【】〔〕 matched in each paragraph;
  a quotation running over several paragraphs (each opens with “, only the
  last closes, the Chinese convention) is not reported; ’ between two
  letters is an apostrophe.
- 的地得: only fixed phrases with no correct reading (舍不的 → 舍不得,
  取的了 → 取得了); anything a rule cannot decide is left to the editor.
- 用词规范: the house list (``house_list``).
"""

from __future__ import annotations

import re

from editor.proof.chars import CLOSERS, CLOSING_MARKS, NUMERALS, PAIRS, at, is_ascii_word, is_chinese, is_han
from editor.proof.findings import (
    ASCII_QUOTES,
    DE_DI_DE,
    DOUBLED,
    DOUBLED_PUNCTUATION,
    HALF_WIDTH,
    HOUSE_FORM,
    STRAY_SPACE,
    UNPAIRED,
    Hit,
)
from editor.proof.house_list import HouseList, PreferredForm

_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}

#: Words whose doubled character is right: reduplications (常常, 看看) and two words
#: meeting on the same character (学习习近平, 工作作风). Extend it in the house list.
ALLOWED_DOUBLES: tuple[str, ...] = tuple("""
常常 天天 人人 个个 渐渐 看看 谢谢 明明 往往 刚刚 慢慢 纷纷 默默 仅仅 等等 年年 月月 日日 时时 处处 事事
家家 户户 层层 步步 声声 句句 点点 条条 件件 样样 代代 世世 岁岁 村村 片片 种种 重重 多多 小小 大大 好好
早早 紧紧 牢牢 深深 静静 轻轻 悄悄 稍稍 久久 远远 高高 满满 恰恰 偏偏 统统 通通 频频 屡屡 连连 白白 每每
区区 想想 说说 听听 试试 走走 聊聊 谈谈 问问 讲讲 学学 尝尝 歇歇 比比 妈妈 爸爸 爷爷 奶奶 哥哥 姐姐 弟弟
妹妹 叔叔 伯伯 舅舅 姥姥 宝宝 娃娃 星星 太太 公公 婆婆 熊熊 滚滚 勃勃 茫茫 绵绵 悠悠 匆匆 巍巍 赫赫
累累 济济 奕奕 彤彤 灿灿 甸甸 腾腾 洋洋 呵呵 堂堂 闪闪 油油 晶晶 乎乎 津津 井井 欣欣 源源 孜孜 念念 蒸蒸
彬彬 落落 息息 振振 绰绰 栩栩 历历 循循 谆谆 侃侃 依依 头头 面面 心心 生生 亭亭 楚楚 姗姗 翩翩 冉冉 徐徐
淡淡 浅浅 暗暗 隐隐 微微 略略 足足 整整 活活 乖乖 缓缓 迟迟 蒙蒙 皑皑 茵茵 郁郁 葱葱 丝丝
学习习近平 工作作风 中国国际 中国国家 美国国会 企业业绩 企业业务 发展展示 会议议程 生产产品 不了了之
一了了之 党员员工 安全全面 建设设计 建设设备 研究究竟 管理理念 管理理论 治理理念 员工工作 员工工资 职工工作
职工工资 施工工艺 施工工程 加工工艺 生产产能 生产产量 投资资金 融资资金
""".split())

#: Fixed phrases where 的 or 地 stands for 得 and nothing else reads right.
DE_PHRASES: tuple[PreferredForm, ...] = (
    PreferredForm("舍不的", "舍不得"), PreferredForm("怪不的", "怪不得"), PreferredForm("巴不的", "巴不得"),
    PreferredForm("恨不的", "恨不得"), PreferredForm("由不的", "由不得"), PreferredForm("不由的", "不由得"),
    PreferredForm("了不的", "了不得"), PreferredForm("顾不的", "顾不得"), PreferredForm("取的了", "取得了"),
    PreferredForm("舍不地", "舍不得"), PreferredForm("怪不地", "怪不得"), PreferredForm("巴不地", "巴不得"),
    PreferredForm("恨不地", "恨不得"), PreferredForm("不由地", "不由得"),
)

_DOUBLED_MARKS = frozenset("。，、；：")
_SENTENCE_MARKS = "。，；？！"


def _chinese_before(text: str, index: int) -> bool:
    before = at(text, index - 1)
    return bool(before) and (is_han(before) or before in CLOSING_MARKS)


def half_width_punctuation(text: str) -> list[Hit]:
    """ASCII punctuation used in Chinese text."""
    hits: list[Hit] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "." and _chinese_before(text, index):
            end = index
            while at(text, end) == ".":
                end += 1
            if end - index >= 3:
                hits.append(Hit(index, end, HALF_WIDTH, "……"))
                index = end
                continue
            if not is_ascii_word(at(text, index + 1)):
                hits.append(Hit(index, index + 1, HALF_WIDTH, "。"))
        elif char in ",;:?!" and _chinese_before(text, index):
            hits.append(Hit(index, index + 1, HALF_WIDTH, _FULL_WIDTH[char]))
        elif char in "()" and (is_han(at(text, index - 1)) or is_han(at(text, index + 1))):
            hits.append(Hit(index, index + 1, HALF_WIDTH, _FULL_WIDTH[char]))
        index += 1
    return hits


def _is_apostrophe(text: str, index: int) -> bool:
    return is_ascii_word(at(text, index - 1)) and is_ascii_word(at(text, index + 1))


def _quote_hits(text: str, quote: str, left: str, right: str) -> list[Hit]:
    places = [i for i, char in enumerate(text) if char == quote and not (quote == "'" and _is_apostrophe(text, i))]
    hits: list[Hit] = []
    for first, second in zip(places[0::2], places[1::2], strict=False):  # an unpaired last quote is left
        inside = text[first + 1:second]
        around = at(text, first - 1) + inside + at(text, second + 1)
        if any(is_chinese(char) for char in around):
            hits.append(Hit(first, second + 1, ASCII_QUOTES, left + inside + right))
    if len(places) % 2:
        last = places[-1]
        if is_chinese(at(text, last - 1)) or is_chinese(at(text, last + 1)):
            hits.append(Hit(last, last + 1, ASCII_QUOTES, None, f"一个半角引号 {quote} 没有配对"))
    return hits


def ascii_quotes(text: str) -> list[Hit]:
    """ASCII quotation marks around or beside Chinese text."""
    return _quote_hits(text, '"', "“", "”") + _quote_hits(text, "'", "‘", "’")


def _allowed_double(text: str, index: int, allowed: tuple[str, ...]) -> bool:
    """Whether the pair at ``index``, ``index + 1`` sits inside one of the ``allowed`` words."""
    pair = text[index:index + 2]
    for word in allowed:
        where = word.find(pair)
        while where >= 0:
            if text[index - where:index - where + len(word)] == word:
                return True
            where = word.find(pair, where + 1)
    return False


def doubled(text: str, allowed: tuple[str, ...] = ()) -> list[Hit]:
    """The same Han character twice where that is a slip (为为), and doubled 。，、；：."""
    hits: list[Hit] = []
    words = ALLOWED_DOUBLES + allowed
    for index in range(len(text) - 1):
        char = text[index]
        if char != text[index + 1]:
            continue
        if char in _DOUBLED_MARKS and at(text, index - 1) != char:
            hits.append(Hit(index, index + 2, DOUBLED_PUNCTUATION, char))
            continue
        if not is_han(char) or char in NUMERALS or at(text, index - 1) in (char, "一"):
            continue
        aabb = at(text, index + 2) == at(text, index + 3) != "" and is_han(at(text, index + 2))
        second_half = at(text, index - 2) == at(text, index - 1) != "" and is_han(at(text, index - 1))
        if aabb or second_half or _allowed_double(text, index, words):
            continue
        hits.append(Hit(index, index + 2, DOUBLED, char))
    return hits


def stray_spaces(text: str) -> list[Hit]:
    """Spaces between two Chinese characters, in a paragraph of sentences (not a headline)."""
    hits: list[Hit] = []
    if not any(mark in text for mark in _SENTENCE_MARKS):
        return hits
    for match in re.finditer("[ \u3000\u00a0]+", text):
        start, end = match.span()
        if start > 0 and is_chinese(at(text, start - 1)) and is_chinese(at(text, end)):
            hits.append(Hit(start, end, STRAY_SPACE, ""))
    return hits


def _continues_quotation(opener: str, next_paragraph: str) -> bool:
    return opener in "“「『" and next_paragraph.startswith(opener)


def _unpaired_note(char: str) -> str:
    if char in PAIRS:
        return f"“{char}”没有配对的“{PAIRS[char]}”"
    return f"“{char}”前面没有配对的“{CLOSERS[char]}”"


def unpaired(text: str, next_paragraph: str = "") -> list[Hit]:
    """Brackets and quotes without their partner in the paragraph."""
    hits: list[Hit] = []
    stack: list[int] = []
    open_counts = dict.fromkeys(PAIRS, 0)
    for index, char in enumerate(text):
        if char in PAIRS:
            stack.append(index)
            open_counts[char] += 1
        elif char in CLOSERS and not (char == "’" and _is_apostrophe(text, index)):
            if not open_counts[CLOSERS[char]]:
                hits.append(Hit(index, index + 1, UNPAIRED, None, _unpaired_note(char)))
                continue
            while text[stack[-1]] != CLOSERS[char]:  # openers left inside are unpaired
                opener = stack.pop()
                open_counts[text[opener]] -= 1
                hits.append(Hit(opener, opener + 1, UNPAIRED, None, _unpaired_note(text[opener])))
            open_counts[text[stack.pop()]] -= 1
    for opener in stack:
        if not _continues_quotation(text[opener], next_paragraph):
            hits.append(Hit(opener, opener + 1, UNPAIRED, None, _unpaired_note(text[opener])))
    return sorted(hits, key=lambda hit: hit.start)


def preferred_forms(text: str, forms: tuple[PreferredForm, ...], kind: str) -> list[Hit]:
    """Each ``wrong`` of ``forms`` (followed by one of its ``before`` words, if it has them)."""
    hits: list[Hit] = []
    for form in forms:
        start = text.find(form.wrong)
        while start >= 0:
            end = start + len(form.wrong)
            if not form.before or any(text.startswith(word, end) for word in form.before):
                hits.append(Hit(start, end, kind, form.right))
            start = text.find(form.wrong, end)
    return hits


def check_text(text: str, house: HouseList, next_paragraph: str = "") -> list[Hit]:
    """Every hit in one paragraph's text, in reading order."""
    hits = (half_width_punctuation(text) + ascii_quotes(text) + doubled(text, house.allowed_doubles)
            + stray_spaces(text) + unpaired(text, next_paragraph) + preferred_forms(text, DE_PHRASES, DE_DI_DE)
            + preferred_forms(text, house.forms, HOUSE_FORM))
    return sorted(hits, key=lambda hit: (hit.start, hit.end))
