"""The composition root's helpers: language and theme at once, the lock, safe shortcuts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.desktop import edit_settings, load_shortcuts, lock_profile, prepare_application
from app.i18n import install_translators
from app.instance_lock import EXIT_PROFILE_IN_USE, InstanceLock
from app.settings import UiPrefs, load_prefs
from app.shortcuts import Shortcuts


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """Later tests get English, the original locale and the original look back."""
    locale, palette, sheet = QLocale(), qapp.palette(), qapp.styleSheet()
    yield qapp
    install_translators(qapp, "en")
    QLocale.setDefault(locale)
    qapp.styleHints().setColorScheme(Qt.ColorScheme.Unknown)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def test_prepare_application_sets_language_and_theme(app: QApplication) -> None:
    assert prepare_application(app, UiPrefs(language="zh_CN", theme="dark")) == "zh_CN"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    assert prepare_application(app, UiPrefs(language="en", theme="light")) == "en"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() >= 128


def test_a_second_lock_on_a_profile_returns_the_in_use_status(tmp_path: Path) -> None:
    first = lock_profile(tmp_path, show_dialog=False)
    assert isinstance(first, InstanceLock)
    assert lock_profile(tmp_path, show_dialog=False) == EXIT_PROFILE_IN_USE
    first.release()
    again = lock_profile(tmp_path, show_dialog=False)
    assert isinstance(again, InstanceLock)
    again.release()


def test_clashing_saved_shortcuts_fall_back_to_the_defaults_with_a_reason(
    qapp: QApplication,
) -> None:
    shortcuts, reason = load_shortcuts(UiPrefs(shortcuts={"skip": "Ctrl+Return"}))
    assert shortcuts.overrides == {}
    assert "Ctrl+Return" in reason
    assert load_shortcuts(UiPrefs(shortcuts={"skip": "Ctrl+J"}))[0].overrides == {"skip": "Ctrl+J"}


def test_accepted_settings_are_saved_applied_and_returned(
    app: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    def choose() -> None:
        dialog = next(w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.shortcut_editor.set_keys("skip", "Ctrl+J")
        dialog.accept()

    QTimer.singleShot(0, choose)
    result = edit_settings(app, tmp_path, UiPrefs(), Shortcuts(), None)
    assert result is not None
    prefs, shortcuts = result
    assert prefs == UiPrefs(theme="dark", shortcuts={"skip": "Ctrl+J"})
    assert load_prefs(tmp_path) == prefs
    assert shortcuts.overrides == {"skip": "Ctrl+J"}
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 128
