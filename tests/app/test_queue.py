"""The queue on a large batch: pages of rows, filter by status, search the prompts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.tasks import TaskLanes
from app.workspace import QUEUE_PAGE, Workspace
from storage import import_source

ITEMS = QUEUE_PAGE * 2 + 37


def _write_pack(path: Path) -> Path:
    header = {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": "demo", "name": "Big"},
        "batches": [{"id": "big", "name": "Big batch"}],
    }
    lines = [json.dumps(header)]
    for n in range(ITEMS):
        topic = "volcano" if n % 100 == 7 else "garden"
        lines.append(
            json.dumps(
                {
                    "id": f"big-{n:05d}",
                    "batch": "big",
                    "conversation": [{"role": "user", "content": f"Tell me about the {topic} {n}"}],
                    "responses": [{"id": "a", "content": "One."}, {"id": "b", "content": "Two."}],
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    profile = tmp_path / "big"
    workspace = Workspace.open(profile, seed_demo=True)
    import_source(workspace.store, _write_pack(tmp_path / "big.jsonl"))
    workspace.close()
    made = MainWindow(TaskLanes(), started=0.0)
    qtbot.addWidget(made)
    made.show()
    with qtbot.waitSignal(made.sig_first_item_shown, timeout=30_000):
        made.open_profile(profile, seed_demo=True)
    yield made
    made.close()


def _batch_row(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    for index in range(window.queue.topLevelItemCount()):
        row = window.queue.topLevelItem(index)
        if row.text(0) == name:
            return row
    raise AssertionError(name)


def test_a_large_batch_loads_a_page_at_a_time(window: MainWindow, qtbot: QtBot) -> None:
    big = _batch_row(window, "Big batch")
    big.setExpanded(True)
    qtbot.waitUntil(lambda: big.childCount() == QUEUE_PAGE + 1, timeout=10_000)
    assert big.child(QUEUE_PAGE).text(0) == "Show more…"
    window.queue.setCurrentItem(big.child(QUEUE_PAGE))
    qtbot.waitUntil(lambda: big.childCount() == 2 * QUEUE_PAGE + 1, timeout=10_000)
    window.queue.setCurrentItem(big.child(2 * QUEUE_PAGE))
    qtbot.waitUntil(lambda: big.childCount() == ITEMS, timeout=10_000)
    ids = [big.child(n).toolTip(0) for n in range(big.childCount())]
    assert ids == [f"big-{n:05d}" for n in range(ITEMS)]


def test_search_and_status_filter_narrow_the_open_batches(window: MainWindow, qtbot: QtBot) -> None:
    big = _batch_row(window, "Big batch")
    big.setExpanded(True)
    qtbot.waitUntil(lambda: big.childCount() == QUEUE_PAGE + 1, timeout=10_000)
    window.queue_panel.search.setText("volcano")
    expected = len([n for n in range(ITEMS) if n % 100 == 7])
    qtbot.waitUntil(lambda: big.childCount() == expected, timeout=10_000)
    assert all("volcano" in big.child(n).text(0) for n in range(expected))
    window.queue_panel.search.clear()
    status = window.queue_panel.status
    status.setCurrentIndex(status.findData("submitted"))
    qtbot.waitUntil(lambda: big.childCount() == 0, timeout=10_000)
