"""File ▸ Export unsynced / Back up / Restore and Help ▸ About, in the real main window."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.about import bundled_components, versions
from app.main_window import MainWindow
from app.tasks import TaskLanes
from storage import DB_FILENAME
from widgets.about_dialog import AboutDialog


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    shown = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(shown)
    shown.show()
    with qtbot.waitSignal(shown.sig_first_item_shown, timeout=30_000):
        shown.open_profile(tmp_path / "profile", seed_demo=True)
    yield shown
    shown.close()


def _menu_texts(window: MainWindow, title: str) -> list[str]:
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == title]
    assert isinstance(menu, QMenu)
    return [a.objectName() for a in menu.actions()]


def test_the_file_and_help_menus_offer_the_profile_actions(window: MainWindow) -> None:
    file_actions = _menu_texts(window, "&File")
    for name in ("export_unsynced", "backup_profile", "restore_profile"):
        assert name in file_actions
    assert "about" in _menu_texts(window, "&Help")


def test_export_unsynced_from_the_menu_writes_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "unsynced.jsonl"
    with qtbot.waitSignal(window.profile_menu.sig_finished, timeout=10_000) as done:
        window.profile_menu.export_unsynced(out)
    assert str(out) in done.args[0]
    for line in out.read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["sync_state"] != "acked"


def test_backup_from_the_menu_then_restore_into_an_empty_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    with qtbot.waitSignal(window.profile_menu.sig_finished, timeout=10_000):
        window.profile_menu.backup(archive)
    with zipfile.ZipFile(archive) as zipped:
        assert DB_FILENAME in zipped.namelist()
    with qtbot.waitSignal(window.profile_menu.sig_finished, timeout=10_000) as done:
        window.profile_menu.restore(archive, tmp_path / "restored")
    assert "new device id" in done.args[0]
    assert (tmp_path / "restored" / DB_FILENAME).is_file()


def test_restoring_over_the_open_profile_is_refused(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    with qtbot.waitSignal(window.profile_menu.sig_finished, timeout=10_000):
        window.profile_menu.backup(archive)
    with qtbot.waitSignal(window.profile_menu.sig_finished, timeout=10_000) as done:
        window.profile_menu.restore(archive, tmp_path / "profile")
    assert "already holds a Prefdesk store" in done.args[0]


def test_the_licenses_list_pyside6_under_the_lgpl_and_the_other_dependencies() -> None:
    licenses = {c.name.lower().replace("_", "-"): c.license for c in bundled_components()}
    assert "LGPL" in licenses["pyside6-essentials"]
    assert "LGPL" in licenses["shiboken6"]
    for name in ("sqlalchemy", "httpx", "keyring", "platformdirs", "pydantic"):
        assert licenses[name] not in ("", "unknown"), name


def test_the_about_dialog_shows_versions_the_data_folder_and_licenses(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.profile_menu.show_about()
    dialog = window.profile_menu.about_dialog
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    names = [name for name, _version in versions()]
    for name in ("Prefdesk", "Python", "Qt", "PySide6", "SQLite", "OS"):
        assert name in names
    assert dialog.folder_label.text() == str(tmp_path / "profile")
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(tmp_path / "profile")
    rows = {name.lower(): license_ for name, _v, license_ in dialog.license_rows()}
    assert "LGPL" in rows["pyside6_essentials"]
    dialog.grab().save("/tmp/about.png")
    dialog.tabs.setCurrentIndex(1)
    dialog.grab().save("/tmp/about_licenses.png")
    dialog.close()
