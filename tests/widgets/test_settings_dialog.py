"""Settings edit plain values; a clashing shortcut is shown on its row and blocks OK."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from widgets.settings_dialog import ProfileInfo, SettingsDialog, SettingsValues
from widgets.shortcut_editor import ShortcutRow

ROWS = [
    ShortcutRow("submit", "Judging", "Submit the judgment", "Ctrl+Return"),
    ShortcutRow("skip", "Judging", "Skip the item", "Ctrl+Shift+K"),
    ShortcutRow("quit", "Application", "Quit", "Ctrl+Q"),
]


def same_keys_twice(current: Mapping[str, str]) -> dict[str, str]:
    """A stand-in for app.shortcuts: two actions on one key sequence clash."""
    problems = {}
    for action_id, keys in current.items():
        others = [o for o, k in current.items() if k and k == keys and o != action_id]
        if others:
            problems[action_id] = f"{keys} is also {others[0]}"
    return problems


def _dialog(qtbot: QtBot, values: SettingsValues | None = None) -> SettingsDialog:
    dialog = SettingsDialog(values or SettingsValues(), ROWS, same_keys_twice)
    qtbot.addWidget(dialog)
    return dialog


def _ok(dialog: SettingsDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_dialog_shows_the_values_it_was_given(qtbot: QtBot) -> None:
    given = SettingsValues("zh_CN", "dark", False, {"quit": "Ctrl+Shift+Q"})
    dialog = _dialog(qtbot, given)
    assert dialog.values() == given
    assert dialog.shortcut_editor.current()["submit"] == "Ctrl+Return"


def test_unchanged_settings_come_back_with_no_shortcut_overrides(qtbot: QtBot) -> None:
    assert _dialog(qtbot).values() == SettingsValues()


def test_a_clash_is_shown_inline_and_disables_ok_until_fixed(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.shortcut_editor.set_keys("skip", "Ctrl+Return")
    assert set(dialog.problems()) == {"submit", "skip"}
    assert not _ok(dialog)
    assert dialog.summary.isVisibleTo(dialog)
    dialog.shortcut_editor.reset("skip")
    assert dialog.problems() == {}
    assert _ok(dialog)


def test_typing_a_new_shortcut_records_it_as_an_override(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    edit = dialog.shortcut_editor.edit("quit")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert dialog.values().shortcuts == {"quit": "Ctrl+W"}


def test_backspace_removes_a_shortcut_and_escape_undoes_the_change(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    edit = dialog.shortcut_editor.edit("quit")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert dialog.values().shortcuts == {"quit": ""}
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert dialog.values().shortcuts == {}
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(edit, Qt.Key.Key_Escape)  # nothing left to undo: Esc closes


def test_reset_all_puts_every_shortcut_back(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SettingsValues(shortcuts={"quit": "", "skip": "Ctrl+J"}))
    dialog.shortcut_editor.reset_all_button.click()
    assert dialog.values().shortcuts == {}


def test_the_dialog_is_usable_by_keyboard_alone(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.language, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # theme: one step down
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.synced
    qtbot.keyClick(dialog.synced, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentWidget() is dialog.shortcut_editor
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.values() == SettingsValues("en", "light", False, {})


def test_the_app_rules_refuse_a_typing_key(qtbot: QtBot) -> None:
    from app.shortcuts import Shortcuts

    shortcuts = Shortcuts()
    dialog = SettingsDialog(SettingsValues(), shortcuts.editor_rows(), shortcuts.problems_for)
    qtbot.addWidget(dialog)
    assert _ok(dialog)
    dialog.shortcut_editor.set_keys("quit", "Q")
    assert "Ctrl, Alt or Meta" in dialog.problems()["quit"]
    assert not _ok(dialog)


def _profile_dialog(qtbot: QtBot, **encryption: object) -> SettingsDialog:
    profile = ProfileInfo("/p", "/default", encryption="a sentence", **encryption)  # type: ignore[arg-type]
    dialog = SettingsDialog(SettingsValues(), ROWS, same_keys_twice, profile=profile)
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize(
    ("encrypted", "can_encrypt", "enabled"),
    [
        (False, True, True),
        (True, True, True),
        (False, False, False),  # no key could be kept: nothing to tick
        (True, False, True),  # decrypting needs no keyring
    ],
)
def test_the_encryption_box_can_be_changed_only_where_the_change_can_be_made(
    qtbot: QtBot, encrypted: bool, can_encrypt: bool, enabled: bool
) -> None:
    dialog = _profile_dialog(qtbot, encrypted=encrypted, can_encrypt=can_encrypt)
    assert dialog.encrypt_box is not None
    assert dialog.encrypt_box.isChecked() is encrypted
    assert dialog.encrypt_box.isEnabled() is enabled
    assert dialog.values().encrypted is encrypted
    if enabled:
        dialog.encrypt_box.click()
        assert dialog.values().encrypted is not encrypted


def test_without_an_encryption_option_the_row_is_only_the_sentence(qtbot: QtBot) -> None:
    dialog = _profile_dialog(qtbot)
    assert dialog.encrypt_box is None
    assert dialog.encryption_label.text() == "a sentence"
    assert dialog.values().encrypted is None
