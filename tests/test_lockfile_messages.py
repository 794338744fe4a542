"""Every Chinese sentence a lock can put in front of the user, and which results open read-only.

Built from hand-made ``LockResult`` values (what ``acquire_lock`` returns), so each state,
each holder (this user in another window, a colleague, nobody known) and each missing detail
(no project given, no error text) is tried with the full wording.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from editor.errors import display_name
from editor.io.lockfile import LockOwner, LockResult, LockState, holder_clause, lock_message, save_refusal
from editor.io.processes import this_user

OPENED = datetime(2026, 1, 2, 3, 4, 5).astimezone()
ENDING = "为免互相覆盖，请用“另存为”换一个文件名保存。"


def _owner(user: str = "李四", host: str = "PC-02", opened_at: datetime = OPENED) -> LockOwner:
    return LockOwner(user=user, host=host, pid=4242, process_started=None, opened_at=opened_at, app_version="0.1.0",
                     token="feedface")


@pytest.mark.parametrize(("state", "read_only"), [
    (LockState.ACQUIRED, False), (LockState.STALE, False), (LockState.FREE, False), (LockState.UNAVAILABLE, False),
    (LockState.HELD_HERE, True), (LockState.HELD_ELSEWHERE, True), (LockState.HELD_ELSEWHERE_OLD, True),
    (LockState.UNREADABLE, True),
])
def test_only_a_lock_someone_may_hold_opens_read_only(state: LockState, read_only: bool) -> None:
    assert LockResult(state, holder=_owner()).read_only is read_only


@pytest.mark.parametrize(("state", "holder", "can_break"), [
    (LockState.HELD_ELSEWHERE_OLD, _owner(), True), (LockState.HELD_ELSEWHERE_OLD, None, False),
    (LockState.HELD_ELSEWHERE, _owner(), False), (LockState.HELD_HERE, _owner(), False),
    (LockState.STALE, _owner(), False),
])
def test_only_an_old_lock_of_a_known_colleague_can_be_broken(state: LockState, holder, can_break: bool) -> None:
    assert LockResult(state, holder=holder).can_break is can_break


@pytest.mark.parametrize("state", [LockState.ACQUIRED, LockState.STALE, LockState.FREE])
def test_a_lock_we_got_needs_no_message(state: LockState, tmp_path: Path) -> None:
    assert LockResult(state).message(tmp_path / "第28期.banmian") is None
    assert lock_message(LockResult(state)) is None


def test_who_and_since_name_the_user_the_computer_and_the_minute() -> None:
    owner = _owner()
    assert owner.who() == "李四（电脑 PC-02）"
    assert owner.since() == "2026-01-02 03:04"


def test_a_lock_opened_in_the_future_reads_as_opened_now() -> None:
    before = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    since = _owner(opened_at=datetime.now().astimezone() + timedelta(days=3)).since()
    after = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    assert since in (before, after)


# ------------------------------------------------------------ who has it


def test_our_own_lock_in_another_window_says_so() -> None:
    owner = _owner(user=this_user(), host="PC-本机")
    assert holder_clause(LockState.HELD_HERE, owner) == (
        f"已由 {this_user()}（电脑 PC-本机）在另一个版面窗口中打开（自 2026-01-02 03:04 起）")


def test_a_colleagues_lock_on_this_computer_says_who_edits_it() -> None:
    assert holder_clause(LockState.HELD_HERE, _owner(user=this_user() + "2")) == (
        f"正被 {this_user()}2（电脑 PC-02）编辑（自 2026-01-02 03:04 起）")


def test_our_user_name_on_another_computer_is_someone_editing_there() -> None:
    assert holder_clause(LockState.HELD_ELSEWHERE, _owner(user=this_user())) == (
        f"正被 {this_user()}（电脑 PC-02）编辑（自 2026-01-02 03:04 起）")


def test_an_unknown_holder_is_another_program() -> None:
    assert holder_clause(LockState.HELD_HERE, None) == "正被另一个程序打开"


def test_a_held_lock_message_names_the_holder_and_says_read_only(tmp_path: Path) -> None:
    result = LockResult(LockState.HELD_ELSEWHERE, holder=_owner())
    assert result.message(tmp_path / "第28期.banmian") == "此项目正被 李四（电脑 PC-02）编辑（自 2026-01-02 03:04 起），已以只读方式打开。"
    assert LockResult(LockState.HELD_HERE).message() == "此项目正被另一个程序打开，已以只读方式打开。"


def test_an_old_lock_message_says_twelve_hours_and_that_it_may_be_broken() -> None:
    assert LockResult(LockState.HELD_ELSEWHERE_OLD, holder=_owner()).message() == (
        "此项目被 李四（电脑 PC-02）锁定（自 2026-01-02 03:04 起），但已超过 12 小时没有更新，"
        "可能是对方的版面异常退出。已以只读方式打开；如果确认没有人在编辑，可以解除锁定。")


def test_an_old_lock_of_an_unknown_holder_is_only_another_program() -> None:
    assert LockResult(LockState.HELD_ELSEWHERE_OLD).message() == "此项目正被另一个程序打开，已以只读方式打开。"


# ------------------------------------------------------------ no lock possible


def test_a_lock_that_could_not_be_made_names_the_folder_and_why(tmp_path: Path) -> None:
    folder = tmp_path / "共享 文件夹"
    result = LockResult(LockState.UNAVAILABLE, error="磁盘已满")
    assert result.message(folder / "第28期.banmian") == (
        f"无法在“{display_name(folder)}”中创建锁文件（磁盘已满），其他人可能同时在编辑此项目，保存前请确认。")


def test_a_lock_that_could_not_be_made_without_details_blames_write_permission() -> None:
    assert LockResult(LockState.UNAVAILABLE).message() == (
        "无法在项目所在文件夹中创建锁文件（没有写入权限），其他人可能同时在编辑此项目，保存前请确认。")


def test_an_unreadable_lock_names_the_lock_file_and_why(tmp_path: Path) -> None:
    result = LockResult(LockState.UNREADABLE, error="没有权限")
    assert result.message(tmp_path / "第28期.banmian") == (
        "此项目的锁文件“.~lock.第28期.banmian#”无法读取（没有权限），可能有人正在编辑，已以只读方式打开。"
        "如果确认没有人在编辑，请删除这个锁文件后重新打开。")


def test_an_unreadable_lock_without_details_says_the_reason_is_unknown() -> None:
    assert LockResult(LockState.UNREADABLE).message() == (
        "此项目的锁文件无法读取（原因不明），可能有人正在编辑，已以只读方式打开。"
        "如果确认没有人在编辑，请删除这个锁文件后重新打开。")


# ------------------------------------------------------------ refused saves


def test_a_save_over_a_colleagues_project_is_refused_naming_them(tmp_path: Path) -> None:
    result = LockResult(LockState.HELD_ELSEWHERE, holder=_owner())
    assert result.refusal(tmp_path / "第28期.banmian") == (
        f"不能保存到“第28期.banmian”：此文件正被 李四（电脑 PC-02）编辑（自 2026-01-02 03:04 起）。{ENDING}")


def test_a_save_over_a_project_of_an_unknown_holder_is_refused(tmp_path: Path) -> None:
    assert save_refusal(LockResult(LockState.HELD_HERE), tmp_path / "第28期.banmian") == (
        f"不能保存到“第28期.banmian”：此文件正被另一个程序打开。{ENDING}")


def test_a_save_over_a_project_with_an_unreadable_lock_is_refused_saying_why(tmp_path: Path) -> None:
    result = LockResult(LockState.UNREADABLE)
    assert result.refusal(tmp_path / "第28期.banmian") == (
        "不能保存到“第28期.banmian”：此文件的锁文件“.~lock.第28期.banmian#”无法读取（原因不明），"
        f"可能有人正在编辑。{ENDING}")
