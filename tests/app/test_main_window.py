"""The main window on the demo workspace and on real data, driven through pytest-qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow, StartupTimings
from app.tasks import TaskLanes
from app.workspace import DEMO_TASKS
from storage import Store, import_source

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[object]:
    windows: list[MainWindow] = []

    def make(profile: Path, seed_demo: bool = False) -> tuple[MainWindow, StartupTimings]:
        lanes = TaskLanes()
        window = MainWindow(lanes, started=0.0)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(window.sig_first_item_shown, timeout=30_000) as shown:
            window.open_profile(profile, seed_demo=seed_demo)
        return window, shown.args[0]

    yield make
    for window in windows:
        window.close()


def _demo_counts() -> tuple[int, set[str]]:
    lines = DEMO_TASKS.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines[1:] if line.strip()]
    return len(items), {item["batch"] for item in items}


def test_demo_workspace_lists_every_batch_and_shows_the_first_item(
    make_window: object, tmp_path: Path
) -> None:
    window, timings = make_window(tmp_path / "demo", seed_demo=True)  # type: ignore[operator]
    total, batches = _demo_counts()
    assert timings.items == total
    assert timings.batches == len(batches)
    assert window.queue.topLevelItemCount() == len(batches)
    first_batch = window.queue.topLevelItem(0)
    assert first_batch.isExpanded()
    assert first_batch.childCount() > 0
    assert window.item_view.current_item_id == timings.first_item
    titles = window.item_view.response_titles()
    assert titles[:2] == ["Response A", "Response B"]
    ARTIFACTS.mkdir(exist_ok=True)
    window.grab().save(str(ARTIFACTS / "main-window-demo.png"))


def test_moving_to_another_item_shows_its_responses(
    make_window: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, timings = make_window(tmp_path / "demo", seed_demo=True)  # type: ignore[operator]
    batch = window.queue.topLevelItem(0)
    second = batch.child(1)
    window.queue.setCurrentItem(second)
    qtbot.waitUntil(lambda: window.item_view.current_item_id == second.toolTip(0), timeout=5000)
    assert window.item_view.current_item_id != timings.first_item


def test_real_openassistant_trees_show_three_to_five_replies(
    make_window: object, tmp_path: Path, shared_data: Path
) -> None:
    profile = tmp_path / "oasst"
    with Store.open(profile) as store:
        report = import_source(store, shared_data / "oasst-en100-trees/en_100_tree.lines0-79.jsonl")
    window, timings = make_window(profile)  # type: ignore[operator]
    assert timings.items == report.added
    assert 2 <= len(window.item_view.response_titles()) <= 9


def test_smoke_run_prints_one_json_line_with_startup_timings(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("prefdesk")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run(
        [str(script), "--data-dir", str(tmp_path), "--demo", "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert completed.returncode == 0, completed.stderr
    line = completed.stdout.strip().splitlines()[-1]
    report = json.loads(line)
    assert report["ready_ms"] > 0
    assert report["items"] == _demo_counts()[0]
