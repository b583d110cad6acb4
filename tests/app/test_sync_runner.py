"""The sync runner: one sync at a time, in the background, on its own while signed in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.account import Account
from app.sync_runner import SyncRunner
from app.tasks import TaskLanes
from tests.app.sync_fakes import FakeClients, FakeProgress, FakeResult

ACCOUNT = Account("https://annotate.example.com", "ana", sync_minutes=5)


@pytest.fixture
def lanes() -> Iterator[TaskLanes]:
    lanes = TaskLanes()
    yield lanes
    lanes.shutdown()


def _runner(lanes: TaskLanes, clients: FakeClients) -> SyncRunner:
    runner = SyncRunner(lanes, clients)
    runner.start_delay_ms = 60_000  # tests start syncs by hand unless they say otherwise
    runner.set_account(object(), ACCOUNT, "tok")  # type: ignore[arg-type]
    return runner


def _finish(qtbot: QtBot, runner: SyncRunner) -> Any:
    with qtbot.waitSignal(runner.sig_sync_finished, timeout=5000) as finished:
        assert runner.sync_now()
    return finished.args[0]


def test_a_sync_runs_in_the_background_with_the_account_and_token(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    clients = FakeClients(progress=[FakeProgress("pull", 5, 10)])
    runner = _runner(lanes, clients)
    seen: list[Any] = []
    runner.sig_sync_progress.connect(seen.append)
    with qtbot.waitSignal(runner.sig_sync_started, timeout=1000):
        result = _finish(qtbot, runner)
    assert result.outcome == "ok"
    assert clients.made[0][1:] == (ACCOUNT, "tok")
    qtbot.waitUntil(lambda: seen == [FakeProgress("pull", 5, 10)], timeout=1000)
    assert not runner.running


def test_a_second_sync_is_refused_while_one_runs(qtbot: QtBot, lanes: TaskLanes) -> None:
    gate = threading.Event()
    clients = FakeClients(gate=gate)
    runner = _runner(lanes, clients)
    assert runner.sync_now()
    assert runner.running
    assert not runner.sync_now()
    with qtbot.waitSignal(runner.sig_sync_finished, timeout=5000):
        gate.set()
    assert clients.runs == 1


def test_without_a_sign_in_nothing_runs(lanes: TaskLanes) -> None:
    clients = FakeClients()
    runner = SyncRunner(lanes, clients)
    assert not runner.sync_now()
    runner.set_account(object(), ACCOUNT, None)  # type: ignore[arg-type]
    assert not runner.sync_now()
    assert runner.auto_sync_in_ms is None


def test_signing_in_plans_a_first_sync_soon_then_every_interval(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    runner = SyncRunner(lanes, FakeClients())
    runner.start_delay_ms = 10
    with qtbot.waitSignal(runner.sig_sync_finished, timeout=5000):
        runner.set_account(object(), ACCOUNT, "tok")  # type: ignore[arg-type]
    planned = runner.auto_sync_in_ms
    assert planned is not None
    assert 4 * 60_000 < planned <= 5.3 * 60_000


def test_offline_backs_off_doubling_and_a_manual_sync_still_runs(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    runner = _runner(lanes, FakeClients(outcomes=[FakeResult(outcome="offline")]))
    runner.min_backoff_ms = 300
    _finish(qtbot, runner)
    first = runner.auto_sync_in_ms
    assert first is not None
    assert 200 < first <= 330
    with qtbot.waitSignal(runner.sig_sync_finished, timeout=5000):
        pass  # the back-off timer tries again by itself
    second = runner.auto_sync_in_ms
    assert second is not None
    assert second > 500
    runner.judgment_submitted()  # offline: a submission does not cut the back-off short
    assert runner.auto_sync_in_ms is not None
    assert runner.auto_sync_in_ms > 400
    assert _finish(qtbot, runner).outcome == "offline"  # Retry by hand runs at once


def test_a_submission_syncs_soon_after_debounced(qtbot: QtBot, lanes: TaskLanes) -> None:
    clients = FakeClients()
    runner = _runner(lanes, clients)
    runner.debounce_ms = 50
    for _ in range(5):
        runner.judgment_submitted()
    with qtbot.waitSignal(runner.sig_sync_finished, timeout=5000):
        pass
    assert clients.runs == 1


def test_a_refused_token_stops_auto_sync(qtbot: QtBot, lanes: TaskLanes) -> None:
    runner = _runner(lanes, FakeClients(outcomes=[FakeResult(outcome="unauthorized")]))
    assert _finish(qtbot, runner).outcome == "unauthorized"
    assert runner.auto_sync_in_ms is None
    runner.judgment_submitted()
    assert runner.auto_sync_in_ms is None


def test_a_client_that_raises_still_delivers_a_result(qtbot: QtBot, lanes: TaskLanes) -> None:
    runner = _runner(lanes, FakeClients(outcomes=[RuntimeError("disk full")]))
    result = _finish(qtbot, runner)
    assert result.outcome == "error"
    assert "disk full" in result.problem
    assert not runner.running


def test_shutting_the_lanes_down_cancels_a_running_sync(qtbot: QtBot, tmp_path: Path) -> None:
    lanes = TaskLanes()
    clients = FakeClients(gate=threading.Event())
    runner = _runner(lanes, clients)
    results: list[Any] = []
    runner.sig_sync_finished.connect(results.append)
    assert runner.sync_now()
    lanes.shutdown()  # returns only once the sync saw the cancel flag
    qtbot.waitUntil(lambda: bool(results), timeout=2000)
    assert results[0].outcome == "cancelled"


def test_the_status_reads_pending_work_and_the_last_good_sync_from_the_store(
    tmp_path: Path,
) -> None:
    from app.sync_adapter import local_sync_state
    from storage import Store
    from storage.sync_log import SessionCounts, finish_session, start_session

    with Store.open(tmp_path) as store:
        failed = start_session(store)
        finish_session(store, failed, "offline", SessionCounts(), "no route")
        assert local_sync_state(store).last_synced is None  # only a success counts
        good = start_session(store)
        finish_session(store, good, "ok", SessionCounts(), None)
        state = local_sync_state(store)
    assert state.pending == 0
    assert state.last_synced is not None
    assert state.last_synced.tzinfo is not None
