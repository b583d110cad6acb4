"""``make run``'s demo syncs with its own local server: a real ``prefdesk-server`` process is
seeded and started, the demo annotator is signed in, the first sync brings the assignment
and the signed pack, and a judgment made in the app reaches the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.demo_sync import SERVER_FOLDER, DemoSync
from app.item_session import DraftRef
from app.main_window import MainWindow
from app.tasks import TaskLanes
from server.db import Database, sqlite_url
from server.models import Judgment as ServerJudgment
from tests.guidelines.keyring_fakes import MemoryKeyring


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, DemoSync, Path]]:
    lanes = TaskLanes()
    win = MainWindow(lanes, started=0.0)
    qtbot.addWidget(win)
    win.account.keyring_backend = MemoryKeyring()
    win.account.runner.start_delay_ms = 10
    profile = tmp_path / "demo"
    demo_sync = DemoSync(lanes, win.account, profile)
    win.show()
    with qtbot.waitSignal(win.sig_first_item_shown, timeout=30_000):
        win.open_profile(profile, seed_demo=True)
    yield win, demo_sync, profile
    demo_sync.server.stop()
    win.close()


@pytest.mark.slow
def test_the_demo_signs_in_to_its_own_server_and_a_judgment_reaches_it(
    qtbot: QtBot, demo: tuple[MainWindow, DemoSync, Path]
) -> None:
    win, demo_sync, profile = demo
    results = []
    win.account.runner.sig_sync_finished.connect(results.append)
    qtbot.waitUntil(lambda: any(r.outcome == "ok" for r in results), timeout=60_000)
    assert demo_sync.info is not None
    assert win.account.status_widget.state.text() == "Online"
    assert (profile / "trusted-keys.txt").read_text(encoding="utf-8").count("ed25519:") == 1
    workspace = win.workspace
    assert workspace is not None
    item_id = "demo-en-001"
    session = workspace.item_session(item_id)
    assert session.pack is not None
    ref = DraftRef(item_id, session.pack.id, session.pack.version, session.display_order)
    done = win.lanes.run_write(lambda: workspace.skip(ref, {}, "checked by the demo test", 900))
    done.result(timeout=10)
    count = len(results)
    win.account.sync_now()
    qtbot.waitUntil(lambda: len(results) > count, timeout=30_000)
    assert results[-1].outcome == "ok"
    assert results[-1].accepted == 1
    db = Database.open(sqlite_url(profile / SERVER_FOLDER), upgrade=False)
    try:
        with db.session() as s:
            held = s.execute(select(ServerJudgment.item_id, ServerJudgment.user_id)).all()
    finally:
        db.dispose()
    assert [(row.item_id, row.user_id) for row in held] == [(item_id, "demo-annotator")]
