"""docs/annotating.md keeps up with the shortcut registry."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.shortcut_table import ACTIONS
from app.shortcuts import Shortcuts

DOC = Path(__file__).resolve().parents[2] / "docs" / "annotating.md"


def test_every_default_shortcut_is_in_the_annotators_guide(qtbot: QtBot) -> None:
    text = DOC.read_text(encoding="utf-8")
    shortcuts = Shortcuts({})
    missing = [
        (action.id, key)
        for action in ACTIONS
        for key in shortcuts.texts(action.id)
        if key and key not in text
    ]
    assert not missing, f"document these in {DOC.name}: {missing}"


def test_the_guide_shows_a_screenshot_that_exists() -> None:
    assert (DOC.parent / "images" / "workspace.png").is_file()
