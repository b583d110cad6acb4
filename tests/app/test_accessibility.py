"""Every control a keyboard can reach has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.tasks import TaskLanes
from tests.app.accessibility import unnamed_focusable_controls


def test_every_focusable_control_of_the_workspace_has_an_accessible_name(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000):
        window.open_profile(tmp_path / "p", seed_demo=True)
    window.guideline_dock.show()
    qtbot.wait(200)
    reached, unnamed = unnamed_focusable_controls(window)
    assert reached > 40
    assert not unnamed
    window.close()
