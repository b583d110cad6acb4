"""The background lanes: results come back on the GUI thread, and whatever a task's
callables hold is let go on the GUI thread too (a Qt object freed on a worker thread
crashes the app)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.tasks import TaskLanes


@pytest.fixture
def lanes() -> Iterator[TaskLanes]:
    lanes = TaskLanes()
    yield lanes
    lanes.shutdown()


FREED_ON: list[str] = []


class Tracked(QObject):
    """Records the thread its Python wrapper is freed on."""

    def __del__(self) -> None:
        FREED_ON.append(threading.current_thread().name)


def test_results_and_errors_come_back_on_the_gui_thread(qtbot: QtBot, lanes: TaskLanes) -> None:
    seen: list[tuple[str, object]] = []
    lanes.run_network(lambda: 41 + 1, lambda v: seen.append((threading.current_thread().name, v)))
    lanes.run_read(
        lambda: 1 / 0,
        on_error=lambda e: seen.append((threading.current_thread().name, type(e).__name__)),
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    main = threading.main_thread().name
    assert sorted(seen, key=str) == sorted([(main, 42), (main, "ZeroDivisionError")], key=str)


def test_an_object_only_a_task_holds_is_freed_on_the_gui_thread(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    FREED_ON.clear()
    done: list[str] = []
    for lane in (lanes.run_network, lanes.run_read, lanes.run_write):
        holder = Tracked()

        def work(held: Tracked = holder) -> str:
            time.sleep(0.05)  # let the GUI thread run on meanwhile
            return held.objectName()

        lane(work, lambda value, held=holder: done.append(f"{value}{held.objectName()}"))
        del holder, work
        count = len(done)
        qtbot.waitUntil(lambda count=count: len(done) > count, timeout=5000)
        qtbot.wait(100)  # the worker thread has finished with its work item by now
        gc.collect()
    assert [threading.main_thread().name] * 3 == FREED_ON


def test_a_client_released_after_the_lanes_stopped_is_closed_at_once(qtbot: QtBot) -> None:
    # A window closed while the app quits (the lanes already stopped) must still close
    # its HTTP client: nothing is left to run it later, and the sockets would leak.
    lanes = TaskLanes()
    closed: list[str] = []
    lanes.close_after_network(lambda: closed.append("while running"))
    qtbot.waitUntil(lambda: closed == ["while running"])
    lanes.shutdown()
    lanes.close_after_network(lambda: closed.append("after shutdown"))
    assert closed == ["while running", "after shutdown"]


def test_a_client_is_closed_only_after_the_calls_in_flight_before_it(
    qtbot: QtBot, lanes: TaskLanes
) -> None:
    # Two network calls run at once: the close must not overtake a slow call before it.
    release = threading.Event()
    order: list[str] = []
    lanes.run_network(lambda: (release.wait(10), order.append("slow call"))[1])
    lanes.close_after_network(lambda: order.append("closed"))
    time.sleep(0.2)
    assert order == []  # the second worker is free, yet the close waits
    release.set()
    qtbot.waitUntil(lambda: order == ["slow call", "closed"])


def test_a_close_still_queued_when_the_lanes_stop_runs_all_the_same(qtbot: QtBot) -> None:
    # Stopping cancels queued calls; a queued close must run anyway, or its sockets leak.
    lanes = TaskLanes()
    release = threading.Event()
    closed: list[str] = []
    for _ in range(2):  # both network workers busy
        lanes.run_network(lambda: release.wait(10))
    lanes.run_network(lambda: release.wait(10))  # and one more queued before the close
    lanes.close_after_network(lambda: closed.append("closed"))
    threading.Timer(0.3, release.set).start()
    lanes.shutdown()
    assert closed == ["closed"]
