"""导出 PDF / 导出 Word refuse a target that would destroy something — the project itself — with
``check_export_target``'s message, before checking photos or writing anything (issue 7)."""

from __future__ import annotations

import pytest

from editor.errors import display_name


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_exporting_over_the_project_itself_is_refused_with_a_message(make_window, project, monkeypatch, kind):
    window = make_window(open=project)
    document = project / "document.json"
    before = document.read_bytes()
    said: list[str] = []
    monkeypatch.setattr(window.exporter, "ask", lambda asked: (project, False))
    monkeypatch.setattr("editor.ui.export_dialogs.run_with_progress", lambda *args: pytest.fail("exported"))
    monkeypatch.setattr("editor.ui.export_dialogs.QMessageBox.warning", lambda parent, title, text: said.append(text))
    window.menu_actions.actions[f"export_{kind}"].trigger()
    assert said == [f"不能导出到“{display_name(project)}”：这是项目文件本身，导出会覆盖项目。请换一个文件名。"]
    assert document.read_bytes() == before
