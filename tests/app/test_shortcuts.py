"""Every action has a stable id and default keys; overrides win; clashes are refused clearly."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from app.shortcuts import ACTIONS, FORM_KEYS, ShortcutConflict, Shortcuts, find_problems

REQUIRED = {
    "submit", "skip", "amend", "next_item", "previous_item", "focus_queue", "focus_rubric",
    "focus_responses", "toggle_synced_scrolling", "toggle_raw_view", "search_queue",
    "guidelines", "cheat_sheet", "settings", "import", "quit",
}  # fmt: skip


def _text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def test_the_registry_has_every_app_action_once() -> None:
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    assert set(ids) >= REQUIRED


def test_the_defaults_are_the_documented_keys_and_never_clash(qapp: QApplication) -> None:
    shortcuts = Shortcuts()
    assert [_text(s) for s in shortcuts.sequences("submit")] == ["Ctrl+Return", "Ctrl+Enter"]
    assert _text(shortcuts.sequence("cheat_sheet")) == "F1"
    assert _text(shortcuts.sequence("settings")) == "Ctrl+,"
    assert _text(shortcuts.sequence("search_queue")) == "Ctrl+F"
    assert _text(shortcuts.sequence("guidelines")) == "Ctrl+G"
    assert _text(shortcuts.sequence("import")) == "Ctrl+I"
    assert find_problems({a.id: [a.default, *a.alternates] for a in ACTIONS}) == {}


def test_an_override_replaces_the_default_and_its_alternates(qapp: QApplication) -> None:
    shortcuts = Shortcuts({"submit": "Ctrl+S", "quit": ""})
    assert [_text(s) for s in shortcuts.sequences("submit")] == ["Ctrl+S"]
    assert shortcuts.sequence("quit").isEmpty()
    assert _text(shortcuts.sequence("skip")) == "Ctrl+Shift+K"


def test_overrides_for_actions_that_no_longer_exist_are_ignored(qapp: QApplication) -> None:
    assert Shortcuts({"retired_action": "Ctrl+Return"}).overrides == {}


def test_two_actions_on_one_sequence_is_an_error_naming_both(qapp: QApplication) -> None:
    with pytest.raises(ShortcutConflict) as caught:
        Shortcuts({"skip": "Ctrl+Return"})
    message = str(caught.value)
    assert "Ctrl+Return" in message
    assert "Submit the judgment" in message
    assert "Skip the item" in message
    assert set(caught.value.problems) == {"submit", "skip"}


def test_taking_a_default_alternate_is_a_clash_too(qapp: QApplication) -> None:
    with pytest.raises(ShortcutConflict, match="Ctrl\\+Enter"):
        Shortcuts({"amend": "Ctrl+Enter"})


def test_a_sequence_that_starts_like_another_is_a_clash(qapp: QApplication) -> None:
    problems = find_problems({"amend": ["Ctrl+K, Ctrl+S"], "import": ["Ctrl+K"]})
    assert set(problems) == {"amend", "import"}


def test_plain_typing_keys_are_refused_but_function_keys_are_fine(qapp: QApplication) -> None:
    problems = find_problems({"a": ["X"], "b": ["Shift+X"], "c": ["Return"], "d": ["F5"]})
    assert set(problems) == {"a", "b", "c"}
    assert "Ctrl, Alt or Meta" in problems["a"]


def test_text_that_is_no_key_sequence_is_refused(qapp: QApplication) -> None:
    assert "not a key combination" in find_problems({"submit": ["Ctrl+Nonsense"]})["submit"]


def test_bind_gives_the_action_its_keys_and_its_id(qapp: QApplication) -> None:
    shortcuts = Shortcuts({"next_item": "Ctrl+Down"})
    action = shortcuts.bind("next_item", QAction("Next"))
    assert action.objectName() == "next_item"
    assert [_text(s) for s in action.shortcuts()] == ["Ctrl+Down"]
    with pytest.raises(KeyError):
        shortcuts.bind("no_such_action", QAction("?"))


def test_the_cheat_sheet_lists_every_action_and_the_fixed_form_keys(qapp: QApplication) -> None:
    rows = Shortcuts({"quit": ""}).cheat_sheet_rows()
    assert len(rows) == len(ACTIONS) + len(FORM_KEYS)
    by_description = {description: keys for _category, description, keys in rows}
    assert by_description["Submit the judgment"] == "Ctrl+Return / Ctrl+Enter"
    assert by_description["Quit"] == "(none)"
    assert by_description["Ranking: tie the next letter with the place above"] == "="
    assert "In the rubric form" in {category for category, _d, _k in rows}


def test_the_settings_editor_check_keeps_the_alternate_while_on_the_default(
    qapp: QApplication,
) -> None:
    shortcuts = Shortcuts()
    current = {a.id: a.default for a in ACTIONS}
    assert shortcuts.problems_for(current) == {}
    assert set(shortcuts.problems_for({**current, "skip": "Ctrl+Enter"})) == {"submit", "skip"}
    moved = {**current, "submit": "Ctrl+S", "skip": "Ctrl+Enter"}
    assert shortcuts.problems_for(moved) == {}
