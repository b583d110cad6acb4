"""Settings ▸ Profile: the account with Sign in / Sign out, the data folder for the next
start, and the store's encryption, in the real main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import app.paths
from app.account import Account
from app.encryption_request import pending_request
from app.main_window import MainWindow
from app.paths import chosen_data_dir, default_data_dir
from app.tasks import TaskLanes
from storage import DB_FILENAME, is_encrypted
from tests.guidelines.keyring_fakes import MemoryKeyring
from widgets.settings_dialog import SettingsDialog


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "prefdesk.ini"
    monkeypatch.setattr(app.paths, "config_path", lambda: path)
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, config: Path) -> Iterator[MainWindow]:
    shown = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(shown)
    shown.show()
    with qtbot.waitSignal(shown.sig_first_item_shown, timeout=30_000):
        shown.open_profile(tmp_path / "profile", seed_demo=True)
    yield shown
    shown.close()


def _open_settings(window: MainWindow, act: object) -> None:
    def run() -> None:
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SettingsDialog) and w.isVisible()
        )
        act(dialog)  # type: ignore[operator]

    QTimer.singleShot(0, run)
    window.actions_by_id["settings"].trigger()


def test_a_data_folder_chosen_in_settings_is_the_default_from_the_next_start(
    window: MainWindow, tmp_path: Path, config: Path
) -> None:
    seen: dict[str, str] = {}

    def choose(dialog: SettingsDialog) -> None:
        seen["open"] = str(tmp_path / "profile")
        seen["shown"] = dialog.folder_label.text()
        dialog.set_data_folder(str(tmp_path / "elsewhere"))
        dialog.accept()

    _open_settings(window, choose)
    assert "(the default)" in seen["shown"]
    assert chosen_data_dir() == tmp_path / "elsewhere"
    assert default_data_dir() == tmp_path / "elsewhere"
    assert window.data_dir == tmp_path / "profile"  # the open profile stays until restart
    _open_settings(window, lambda d: (d.set_data_folder(""), d.accept()))
    assert chosen_data_dir() is None
    assert not list(config.parent.glob("*.partial"))


def test_cancel_leaves_the_data_folder_alone(
    window: MainWindow, tmp_path: Path, config: Path
) -> None:
    _open_settings(window, lambda d: (d.set_data_folder(str(tmp_path / "x")), d.reject()))
    assert chosen_data_dir() is None


def test_the_profile_tab_shows_who_is_signed_in_and_its_buttons_reach_the_account(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.account.account = Account("https://prefdesk.example", "ana")
    calls: list[str] = []
    monkeypatch.setattr(window.account, "sign_out", lambda: calls.append("out"))
    monkeypatch.setattr(window.account, "open_sign_in", lambda: calls.append("in"))
    seen: dict[str, object] = {}

    def look(dialog: SettingsDialog) -> None:
        seen["account"] = dialog.account_label.text()
        seen["sign_in_enabled"] = dialog.sign_in_button.isEnabled()
        dialog.sign_out_button.click()
        window.account.account = None
        window.account.sig_signed_in_changed.emit(False)
        seen["after"] = dialog.account_label.text()
        dialog.sign_in_button.click()
        seen["encryption"] = dialog.encryption_label.text()
        dialog.reject()

    _open_settings(window, look)
    assert seen["account"] == "ana on https://prefdesk.example"
    assert seen["sign_in_enabled"] is False
    assert seen["after"] == "Not signed in"
    assert calls == ["out", "in"]
    assert "encrypt" in str(seen["encryption"])


def test_encryption_ticked_in_settings_is_made_at_the_next_start(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    window.account.keyring_backend = keyring
    profile = tmp_path / "profile"
    seen: dict[str, object] = {}

    def tick(dialog: SettingsDialog) -> None:
        assert dialog.encrypt_box is not None
        seen["before"] = (dialog.encrypt_box.isEnabled(), dialog.encrypt_box.isChecked())
        dialog.encrypt_box.click()
        dialog.accept()

    _open_settings(window, tick)
    assert seen["before"] == (True, False)
    assert pending_request(profile) == "encrypt"
    assert not is_encrypted(profile / DB_FILENAME)  # the open store is left alone

    def look(dialog: SettingsDialog) -> None:
        seen["pending"] = dialog.encryption_label.text()
        dialog.reject()

    _open_settings(window, look)
    assert "will be encrypted when Prefdesk next starts" in str(seen["pending"])
    window.close()

    reopened = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(reopened)
    reopened.account.keyring_backend = keyring
    reopened.show()
    with qtbot.waitSignal(reopened.sig_first_item_shown, timeout=30_000):
        reopened.open_profile(profile, seed_demo=True)
    assert reopened.workspace is not None
    assert reopened.workspace.store.encrypted
    assert is_encrypted(profile / DB_FILENAME)
    assert reopened.account.status_widget.problem.text() == ""

    def look_again(dialog: SettingsDialog) -> None:
        assert dialog.encrypt_box is not None
        seen["after"] = (dialog.encrypt_box.isChecked(), dialog.encryption_label.text())
        dialog.reject()

    _open_settings(reopened, look_again)
    checked, text = seen["after"]  # type: ignore[misc]
    assert checked is True
    assert "is encrypted" in str(text)
    reopened.close()


def test_without_a_secure_keyring_the_encryption_box_cannot_be_ticked(
    window: MainWindow,
) -> None:
    seen: dict[str, object] = {}

    def look(dialog: SettingsDialog) -> None:
        assert dialog.encrypt_box is not None
        seen["box"] = (dialog.encrypt_box.isEnabled(), dialog.encrypt_box.isChecked())
        seen["text"] = dialog.encryption_label.text()
        dialog.reject()

    _open_settings(window, look)  # the tests' keyring is the "no backend" one, as on CI
    assert seen["box"] == (False, False)
    assert "not encrypted" in str(seen["text"])


def test_a_damaged_app_config_falls_back_to_the_platform_folder(config: Path) -> None:
    config.parent.mkdir(parents=True)
    config.write_bytes(b"\xff\xfe not an ini [[[")
    assert chosen_data_dir() is None
