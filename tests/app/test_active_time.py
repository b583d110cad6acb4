"""Active time counts working stretches only: idle pauses and background time are left out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot

from app.active_time import IDLE_LIMIT_MS, ActiveTimeTracker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms


def test_time_between_inputs_counts_while_the_annotator_keeps_working(qtbot: QtBot) -> None:
    clock = Clock()
    tracker = ActiveTimeTracker(clock)
    tracker.start()
    for _ in range(10):
        clock.advance(5_000)
        tracker.note_input()
    assert tracker.elapsed_ms() == 50_000


def test_a_pause_over_a_minute_counts_not_at_all(qtbot: QtBot) -> None:
    clock = Clock()
    tracker = ActiveTimeTracker(clock)
    tracker.start()
    clock.advance(10_000)
    tracker.note_input()
    clock.advance(IDLE_LIMIT_MS + 1)  # lunch
    tracker.note_input()
    clock.advance(2_000)
    tracker.note_input()
    assert tracker.elapsed_ms() == 12_000


def test_the_running_stretch_counts_until_it_turns_idle(qtbot: QtBot) -> None:
    clock = Clock()
    tracker = ActiveTimeTracker(clock)
    tracker.start(already_ms=1_000)
    clock.advance(30_000)
    assert tracker.elapsed_ms() == 31_000
    clock.advance(40_000)
    assert tracker.elapsed_ms() == 1_000


def test_time_in_the_background_is_excluded(qtbot: QtBot) -> None:
    clock = Clock()
    tracker = ActiveTimeTracker(clock)
    tracker.start()
    clock.advance(3_000)
    tracker.set_foreground(False)
    clock.advance(30_000)
    tracker.note_input()  # events while in the background do not count
    clock.advance(10_000)
    tracker.set_foreground(True)
    clock.advance(4_000)
    tracker.note_input()
    assert tracker.elapsed_ms() == 7_000


def test_key_presses_anywhere_in_the_app_reach_the_tracker(qtbot: QtBot) -> None:
    clock = Clock()
    tracker = ActiveTimeTracker(clock)
    tracker.start()
    target = QObject()
    clock.advance(2_500)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    tracker.eventFilter(target, event)
    clock.advance(1_000_000)
    assert tracker.elapsed_ms() == 2_500
