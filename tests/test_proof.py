"""校对: the checks find the seed's slips and nothing in correct text; fixes undo exactly; banmian proof's exit codes."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor import PROJECT_ROOT, SAMPLE_PROJECT
from editor.errors import BanmianError
from editor.io.project import save_project
from editor.model import Paragraph, Run
from editor.proof.check import check_document
from editor.proof.findings import (
    ASCII_QUOTES,
    DE_DI_DE,
    DOUBLED,
    DOUBLED_PUNCTUATION,
    HALF_WIDTH,
    HOUSE_FORM,
    STRAY_SPACE,
)
from editor.proof.fixes import fix, fix_all
from editor.proof.house_list import DEFAULT_HOUSE_LIST, load_house_list, write_default_house_list
from tests.docbuilders import apply_changes, one_frame_doc

#: Correct Chinese with full-width punctuation, quotes, numbers, English words and reduplications.
CLEAN_TEXT = [
    "守正创新 凝心聚力",
    "9月28日，公司召开2021年第三季度工作会议，总结前三季度生产经营情况，安排部署第四季度重点工作。",
    "会议指出，要深入学习习近平新时代中国特色社会主义思想，践行“请党放心，强国有我”的青春誓言，"
    "把党史学习教育成果转化为推动企业高质量发展的强大动力。",
    "员工们常常说：“天天学习，人人进步。”大家纷纷表示，要认真地学、扎扎实实地干，一步步把工作做好。",
    "新系统采用 ERP 平台，登录系统后可查看《安全生产月报》（第3期），数据精度达到0.5%，详见 www.chinalco.com.cn。",
    "他说：“我们的目标是建设具有全球竞争力的世界一流企业。”会议由党委书记主持，共有120余人参加。",
    "据了解，此次活动为期3天，参赛选手来自12家单位，他们精心准备、积极参与，取得了良好的成绩。",
]


def _kinds_and_texts(findings):
    return [(finding.kind, finding.text) for finding in findings]


def test_the_sample_still_carries_the_seeds_slips_and_proofing_reports_exactly_them(doc):
    # The sample's stories carry the seed's text (layouts/make_sample.py); the seed keeps 为为 and the
    # ASCII quotes on purpose (shared/seed/2021-28.md, line 11).
    findings = check_document(doc)
    assert _kinds_and_texts(findings) == [(DOUBLED, "为为"), (ASCII_QUOTES, '"请党放心，强国有我"')]
    doubled, quotes = findings
    assert doubled.suggestion == "为"
    assert "矿业公司【为为】猫场铝矿" in doubled.context
    assert quotes.suggestion == "“请党放心，强国有我”"
    assert doc.stories[quotes.story_id].name == "青年新媒体技能比武"


def test_nothing_is_reported_on_clean_control_text():
    assert check_document(one_frame_doc(CLEAN_TEXT)) == []


@pytest.mark.parametrize(("text", "kind", "found", "suggestion"), [
    ("公司召开会议,总结工作。", HALF_WIDTH, ",", "，"),
    ("会议结束.", HALF_WIDTH, ".", "。"),
    ("你们准备好了吗?", HALF_WIDTH, "?", "？"),
    ("参加人员:", HALF_WIDTH, ":", "："),
    ("他说...", HALF_WIDTH, "...", "……"),
    ("他说'好的'就走了。", ASCII_QUOTES, "'好的'", "‘好的’"),
    ("会议结束。。", DOUBLED_PUNCTUATION, "。。", "。"),
    ("我们的的目标，", DOUBLED, "的的", "的"),
    ("为员工 提供服务。", STRAY_SPACE, " ", ""),
    ("为员工\u3000提供服务。", STRAY_SPACE, "\u3000", ""),
    ("真是舍不的离开。", DE_DI_DE, "舍不的", "舍不得"),
    ("其它单位也参加了。", HOUSE_FORM, "其它", "其他"),
    ("请登陆系统查看。", HOUSE_FORM, "登陆", "登录"),
    ("做为一名党员，", HOUSE_FORM, "做为", "作为"),
    ("好象下雨了。", HOUSE_FORM, "好象", "好像"),
])
def test_each_kind_is_found_with_its_fix(text, kind, found, suggestion):
    findings = check_document(one_frame_doc([text]))
    assert [(f.kind, f.text, f.suggestion) for f in findings] == [(kind, found, suggestion)]


@pytest.mark.parametrize("text", [
    "登陆作战是一门学问。", "3.14 和 Hello, world! 都不是中文标点。", "He said \"yes\" and left.", "don't worry",
    "一次次尝试，一天天进步，的的确确如此。", "大家看看，谢谢！", "一一对应，万万不可。",
])
def test_no_false_alarm_where_the_rule_cannot_be_sure(text):
    assert check_document(one_frame_doc([text])) == []


def test_unpaired_brackets_and_quotes_are_reported_without_a_fix():
    findings = check_document(one_frame_doc(["详见《通知（第3号》。", "他说：”好。"]))
    assert [(f.paragraph_index, f.text, f.suggestion) for f in findings] == [(0, "（", None), (1, "”", None)]


def test_a_quotation_over_several_paragraphs_opens_each_and_closes_once():
    assert check_document(one_frame_doc(["他说：“第一段。", "“第二段。”"])) == []


def test_master_and_fixed_stories_are_not_proofed(doc):
    master_story = next(iter(doc.master_story_ids()))
    doc.stories[master_story].paragraphs.append(Paragraph(style="正文", runs=[Run(text="为为")]))
    assert all(finding.story_id != master_story for finding in check_document(doc))


def test_fixing_the_seeds_slips_is_undoable_to_the_exact_text(doc):
    before = copy.deepcopy(doc)
    doubled, quotes = check_document(doc)
    for finding, fixed_text in ((doubled, "矿业公司为猫场铝矿"), (quotes, "践行“请党放心，强国有我”的青春誓言")):
        changes = fix(doc, finding)
        apply_changes(changes)
        paragraph = doc.stories[finding.story_id].paragraphs[finding.paragraph_index]
        assert fixed_text in paragraph.plain_text()
        apply_changes(changes, forward=False)
        assert doc == before
    assert check_document(doc) != []


def test_fix_all_fixes_every_finding_of_one_kind_in_one_change_list():
    doc = one_frame_doc(["会议指出,要加强管理;提高效率.", "其它单位,也要落实。"])
    before = copy.deepcopy(doc)
    changes = fix_all(doc, HALF_WIDTH)
    apply_changes(changes)
    texts = [p.plain_text() for p in doc.stories["s"].paragraphs]
    assert texts == ["会议指出，要加强管理；提高效率。", "其它单位，也要落实。"]
    assert [f.kind for f in check_document(doc)] == [HOUSE_FORM]
    apply_changes(changes, forward=False)
    assert doc == before


def test_a_fix_keeps_the_character_style_of_the_text_it_replaces():
    doc = one_frame_doc(["x"])
    doc.stories["s"].paragraphs[0].runs = [Run(text="公司为"), Run(text="为员工", char_style="强调"), Run(text="服务。")]
    (finding,) = check_document(doc)
    apply_changes(fix(doc, finding))
    runs = [(run.text, run.char_style) for run in doc.stories["s"].paragraphs[0].runs]
    assert runs == [("公司为", None), ("员工", "强调"), ("服务。", None)]


def test_a_finding_whose_text_changed_since_the_check_is_not_fixed():
    doc = one_frame_doc(["我们的的目标。"])
    (finding,) = check_document(doc)
    doc.stories["s"].paragraphs[0].runs = [Run(text="我们的目标。")]
    assert fix(doc, finding) == []


def test_an_ignored_finding_is_left_out_of_the_check_and_of_fix_all():
    doc = one_frame_doc(["公司为为员工服务,其它单位也参加。"])
    doubled = next(f for f in check_document(doc) if f.kind == DOUBLED)
    assert DOUBLED not in [f.kind for f in check_document(doc, ignored={doubled.ignore_key()})]
    assert fix_all(doc, DOUBLED, ignored={doubled.ignore_key()}) == []


def test_the_house_list_is_read_from_the_user_config_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BANMIAN_CONFIG_DIR", str(tmp_path))
    assert load_house_list() == DEFAULT_HOUSE_LIST
    path = write_default_house_list()
    assert path == tmp_path / "proof-words.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["forms"].append({"wrong": "帮扶工作", "right": "帮扶"})
    data["allowed_doubles"].append("为为猫场")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    house = load_house_list()
    findings = check_document(one_frame_doc(["开展帮扶工作，为为猫场送温暖。"]), house)
    assert [(f.kind, f.text, f.suggestion) for f in findings] == [(HOUSE_FORM, "帮扶工作", "帮扶")]


def test_a_malformed_house_list_gives_a_chinese_message(tmp_path):
    path = tmp_path / "proof-words.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BanmianError, match="不是有效的 JSON"):
        load_house_list(path)
    path.write_text('{"forms": [{"wrong": 3}]}', encoding="utf-8")
    with pytest.raises(BanmianError, match="wrong 和 right"):
        load_house_list(path)


def _proof(*args: str, config: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", BANMIAN_CONFIG_DIR=str(config))
    return subprocess.run([sys.executable, "-m", "editor", "proof", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=PROJECT_ROOT, env=env, timeout=300)


def test_banmian_proof_exits_1_and_names_page_story_context_and_fix_on_the_sample(tmp_path):
    result = _proof(str(SAMPLE_PROJECT), config=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("第 4 版 文章“简讯：贵州分公司等” 重复字词：")
    assert "【为为】" in lines[0] and lines[0].endswith("→ 改为：为")
    assert "第 5 版 文章“青年新媒体技能比武” 引号混用" in lines[1]
    assert lines[-1] == "共发现 2 处问题。"
    report = json.loads(_proof(str(SAMPLE_PROJECT), "--json", config=tmp_path).stdout)
    assert [(f["page"], f["text"], f["suggestion"]) for f in report["findings"]] == [
        (4, "为为", "为"), (5, '"请党放心，强国有我"', "“请党放心，强国有我”")]


def test_banmian_proof_exits_0_on_clean_text_and_2_on_errors(tmp_path):
    project = tmp_path / "干净.banmian"
    save_project(one_frame_doc(CLEAN_TEXT), project)
    result = _proof(str(project), config=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "校对完毕，没有发现问题。")
    missing = _proof(str(tmp_path / "没有.banmian"), config=tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("banmian：") and missing.stdout == ""
    (tmp_path / "proof-words.json").write_text("{oops", encoding="utf-8")
    broken = _proof(str(project), config=tmp_path)
    assert broken.returncode == 2 and "校对用词表" in broken.stderr


def test_ascii_parentheses_beside_chinese_text_become_full_width():
    findings = check_document(one_frame_doc(["中铝集团(简称中铝)成立于2001年。Word (docx) 不算。"]))
    assert [(f.start, f.text, f.suggestion) for f in findings] == [(4, "(", "（"), (9, ")", "）")]


def test_brackets_and_quotes_at_either_end_of_a_paragraph():
    findings = check_document(one_frame_doc(["(", "好)", '"', "(好"]))
    assert [(f.paragraph_index, f.text, f.suggestion) for f in findings] == [(1, ")", "）"), (3, "(", "（")]


_PROOF_ALPHABET = "为的地得不舍其它登陆系统一天好象 \u3000,.;:?!()\"'（）《》“”‘’「」【】。，、；：…—aZ09\n"


@settings(max_examples=300)
@given(st.lists(st.text(alphabet=_PROOF_ALPHABET, max_size=40), min_size=1, max_size=4))
def test_any_text_is_checked_and_fixed_without_error_and_fixes_undo_exactly(paragraphs):
    doc = one_frame_doc(paragraphs)
    before = copy.deepcopy(doc)
    findings = check_document(doc)
    texts = [p.plain_text() for p in doc.stories["s"].paragraphs]
    for finding in findings:
        assert texts[finding.paragraph_index][finding.start:finding.end] == finding.text
        assert f"【{finding.text}】".replace("\n", "↵") in finding.context
    for kind in {finding.kind for finding in findings}:
        changes = fix_all(doc, kind)
        apply_changes(changes)
        apply_changes(changes, forward=False)
        assert doc == before
