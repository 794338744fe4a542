"""Typing Chinese through a real input method: IBus with ibus-libpinyin, under Xvfb (issue #14).

The other input-method tests synthesize ``QInputMethodEvent``s; this one
types real X key events (``xdotool``) into the editor running on X with
``QT_IM_MODULE=ibus``, so the whole path — Qt's IBus plugin, focus, the
canvas's answers to the input method, the engine's preedit and commit — is
exercised as on a user's desktop. ``tests/ibus_session.py`` starts the private
display, bus and daemon; ``tests/ime_driver.py`` is the editor's process and
records what each step showed (the test asserts). Oracles: the text typed
(中国 is what "zhongguo" means; libpinyin's first candidate), the fonts' Han
advance of one em, and 118 mm.

Skips, naming the packages, only where they are not installed (and off
Linux); on CI (``CI`` set) their absence is a failure, since ``.ci/run``
installs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.model.units import mm_to_pt
from tests.ibus_session import ibus_session, missing_packages
from tests.ime_driver import CARET, SIZE_PT, TEXT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="IBus is the Linux desktops' input-method "
                                "framework (Windows has TSF, which Wine does not provide)")

ROOT = Path(__file__).resolve().parent.parent
#: The driver's whole run (it takes about 10 s; IBus and Xvfb start in about 2 s).
DRIVER_TIMEOUT_S = 180


@pytest.fixture(scope="module")
def typed(tmp_path_factory) -> dict:
    """What the editor showed at each step of typing through IBus 拼音 (see ``ime_driver``)."""
    missing = missing_packages()
    if missing:
        reason = f"IBus 拼音 cannot run here (missing: {', '.join(missing)})"
        if os.environ.get("CI"):
            pytest.fail(reason + "; .ci/run installs them")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("ibus")
    result = folder / "result.json"
    with ibus_session(folder) as env:
        run = subprocess.run([sys.executable, "-m", "tests.ime_driver", str(result)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=DRIVER_TIMEOUT_S)
    assert result.exists(), f"the editor did not finish ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    record = json.loads(result.read_text(encoding="utf-8"))
    record["driver_output"] = run.stdout + run.stderr
    assert record["platform"] == "xcb"
    assert record["focused"], "the canvas never got the keyboard focus on X"
    return record


def _glyph(glyphs: list, ch: str) -> tuple[str, float, float]:
    found = [g for g in glyphs if g[0] == ch]
    assert len(found) == 1, (ch, glyphs)
    return tuple(found[0])


def test_pinyin_zhongguo_and_space_insert_zhongguo_mid_paragraph(typed):
    assert typed["preedit"] == "中国", typed["driver_output"]  # libpinyin's first candidate, committed by space
    assert typed["committed"]
    assert typed["story_committed"] == TEXT[:CARET] + "中国" + TEXT[CARET:]
    assert "".join(g[0] for g in typed["glyphs_committed"]) == typed["story_committed"]


def test_while_composing_the_character_after_the_caret_moves_right_by_the_preedit(typed):
    before, during = _glyph(typed["glyphs_before"], "党"), _glyph(typed["glyphs_composing"], "党")
    assert during[1] == pytest.approx(before[1] + 2 * SIZE_PT, abs=0.01)  # two Han characters, one em each
    assert during[2] == before[2]
    assert "".join(g[0] for g in typed["glyphs_composing"]) == TEXT[:CARET] + "中国" + TEXT[CARET:]  # none hidden
    assert typed["story_composing"] == TEXT and typed["undo_count_composing"] == 0  # shown, not stored
    x, top, bottom = typed["cursor_rect"]  # the candidate window's place: after the preedit, on its line
    assert x == pytest.approx(during[1], abs=1.0) and top < during[2] < bottom


def test_escape_cancels_the_composition_and_leaves_the_story_unchanged(typed):
    assert len(typed["preedit_cancelled"]) >= 2  # "nihao" was being composed …
    assert typed["preedit_after_escape"] == ""
    assert typed["story_after_escape"] == TEXT  # … and nothing of it reached the story
    assert typed["glyphs_after_escape"] == typed["glyphs_before"]
    assert typed["editing_after_escape"]  # the input method took the Escape, not the canvas


def test_one_undo_removes_the_committed_word(typed):
    assert typed["story_undone"] == TEXT


def test_digits_typed_into_width_with_pinyin_active_set_the_width(typed):
    assert typed["width_field_focused"]
    assert typed["width_pt"] == pytest.approx(mm_to_pt(118.0), abs=0.01), typed["width_text"]
