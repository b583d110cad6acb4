"""The main window's account side, end to end in the app: the Account menu, signing in
through the dialog against a loopback server, the first sync by itself, the status bar,
Sync now (Ctrl+Shift+S), what a pull changes, and signing out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.account import Account
from app.main_window import MainWindow
from app.tasks import TaskLanes
from tests.app.loopback_server import GOOD_TOKEN, USER, serve
from tests.app.sync_fakes import FakeClients, FakeResult
from tests.guidelines.keyring_fakes import MemoryKeyring


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, FakeClients]]:
    win = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(win)
    clients = FakeClients(outcomes=[FakeResult(pulled=2)])
    win.account.keyring_backend = MemoryKeyring()
    win.account.runner.client_factory = clients
    win.account.runner.start_delay_ms = 10
    win.show()
    with qtbot.waitSignal(win.sig_first_item_shown, timeout=30_000):
        win.open_profile(tmp_path / "demo", seed_demo=True)
    yield win, clients
    win.close()


def _sign_in(qtbot: QtBot, win: MainWindow, url: str) -> None:
    qtbot.waitUntil(lambda: win.actions_by_id["sign_in"].isEnabled(), timeout=5000)
    win.actions_by_id["sign_in"].trigger()
    dialog = win.account.sign_in.dialog if win.account.sign_in else None
    assert dialog is not None
    dialog.server.setText(url)
    dialog.username.setText(USER)
    dialog.token.setText(GOOD_TOKEN)
    dialog.sign_in_button.click()


def test_the_account_menu_has_sign_in_sync_now_and_sign_out(
    window: tuple[MainWindow, FakeClients],
) -> None:
    win, _clients = window
    menus = [a.text() for a in win.menuBar().actions()]
    assert "&Account" in menus
    sync_now = win.actions_by_id["sync_now"]
    assert sync_now.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert not win.actions_by_id["sign_out"].isEnabled()
    status = win.account.status_widget
    assert status.state.text() == "Not signed in"
    assert status.action.text() == "Sign in…"


def test_signing_in_syncs_at_once_and_the_status_bar_says_online(
    qtbot: QtBot, window: tuple[MainWindow, FakeClients]
) -> None:
    win, clients = window
    refreshed: list[bool] = []
    win.account.sig_work_changed.connect(lambda: refreshed.append(True))
    with serve() as server, qtbot.waitSignal(win.account.runner.sig_sync_finished, timeout=15_000):
        _sign_in(qtbot, win, server.url)
    status = win.account.status_widget
    assert clients.made[0][2] == GOOD_TOKEN
    assert status.state.text() == "Online"
    assert status.last.text() == "synced just now"
    qtbot.waitUntil(lambda: status.pending.text() == "all sent", timeout=5000)
    assert refreshed == [True]  # two items pulled: the queue is read again
    assert win.actions_by_id["sign_out"].isEnabled()
    with qtbot.waitSignal(win.account.runner.sig_sync_finished, timeout=5000):
        win.actions_by_id["sync_now"].trigger()
    assert clients.runs == 2


def test_an_offline_sync_offers_retry(qtbot: QtBot, window: tuple[MainWindow, FakeClients]) -> None:
    win, clients = window
    clients.outcomes = [FakeResult(outcome="offline")]
    with serve() as server, qtbot.waitSignal(win.account.runner.sig_sync_finished, timeout=15_000):
        _sign_in(qtbot, win, server.url)
    status = win.account.status_widget
    assert status.state.text() == "Offline"
    assert "your work is kept" in status.problem.text()
    assert status.action.text() == "Retry"


def test_a_pack_that_arrives_by_sync_moves_drafts_as_an_import_does(
    qtbot: QtBot, window: tuple[MainWindow, FakeClients]
) -> None:
    win, clients = window
    clients.outcomes = [FakeResult(packs_added=[("prefdesk-demo", "1.0.0")])]
    with (
        serve() as server,
        qtbot.waitSignal(win.account.sig_pack_arrived, timeout=15_000) as arrived,
    ):
        _sign_in(qtbot, win, server.url)
    assert arrived.args[0].pack.id == "prefdesk-demo"
    assert "drafts moved" in win.statusBar().currentMessage()


def test_signing_out_forgets_the_token_and_stops_syncing(
    qtbot: QtBot, window: tuple[MainWindow, FakeClients]
) -> None:
    win, _clients = window
    backend = win.account.keyring_backend
    assert isinstance(backend, MemoryKeyring)
    with serve() as server, qtbot.waitSignal(win.account.runner.sig_sync_finished, timeout=15_000):
        _sign_in(qtbot, win, server.url)
    assert list(backend.secrets.values()) == [GOOD_TOKEN]
    with qtbot.waitSignal(win.account.sign_in.sig_signed_out, timeout=5000):  # type: ignore[union-attr]
        win.actions_by_id["sign_out"].trigger()
    assert backend.secrets == {}
    assert not win.account.runner.signed_in
    assert win.account.status_widget.state.text() == "Not signed in"


def test_signing_in_without_the_dialog_keeps_the_token_and_syncs(
    qtbot: QtBot, window: tuple[MainWindow, FakeClients]
) -> None:
    win, clients = window
    qtbot.waitUntil(lambda: win.account.sign_in is not None, timeout=5000)
    with qtbot.waitSignal(win.account.runner.sig_sync_finished, timeout=15_000):
        win.account.sign_in_as(Account("http://127.0.0.1:9", "demo-annotator"), "tok-demo")
    assert clients.made[0][2] == "tok-demo"
    backend = win.account.keyring_backend
    assert isinstance(backend, MemoryKeyring)
    assert list(backend.secrets.values()) == ["tok-demo"]
