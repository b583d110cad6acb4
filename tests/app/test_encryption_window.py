"""The window's side of encryption at rest: a new profile left plaintext says why where the
token's in-memory fallback is said, and an encrypted profile without its key is a clear
message in the window, not a crash and not a new empty store."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import app.encryption
from app.encryption import open_store
from app.main_window import MainWindow
from app.tasks import TaskLanes
from storage import DB_FILENAME, is_encrypted
from tests.guidelines.keyring_fakes import MemoryKeyring

NO_KEYRING = "no keyring backend is available on this system"


def _window(qtbot: QtBot) -> MainWindow:
    win = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(win)
    win.account.keyring_backend = MemoryKeyring()
    win.show()
    return win


def test_a_new_profile_without_a_secure_keyring_says_it_is_not_encrypted(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever keyring this machine has, the app must see none (and never touch the real one).
    monkeypatch.setattr(app.encryption, "keyring_problem", lambda _backend=None: NO_KEYRING)
    win = _window(qtbot)
    profile = tmp_path / "new"
    with qtbot.waitSignal(win.account.sig_profile_ready, timeout=30_000):
        win.open_profile(profile)
    problem = win.account.status_widget.problem.text()
    assert "not encrypted" in problem
    assert NO_KEYRING in problem
    assert not is_encrypted(profile / DB_FILENAME)
    win.close()


def test_an_encrypted_profile_without_its_key_is_a_clear_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "locked"
    open_store(profile, MemoryKeyring()).store.close()
    before = (profile / DB_FILENAME).read_bytes()
    monkeypatch.setattr(app.encryption, "load_key", lambda _dir, _backend=None: None)
    win = _window(qtbot)
    with qtbot.waitSignal(win.sig_open_failed, timeout=30_000) as failed:
        win.open_profile(profile)
    message = str(failed.args[0])
    assert str(profile) in message
    assert "keyring" in message
    assert win.workspace is None
    assert (profile / DB_FILENAME).read_bytes() == before
    win.close()
