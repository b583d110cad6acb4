"""Active time on an item: the annotator's working time, not the clock on the wall.

Time counts between two inputs (a key, a click, a scroll) when they are at most
``IDLE_LIMIT_MS`` apart and the app was in the foreground; a longer pause counts not at
all, because nobody can tell whether the annotator was reading or at lunch. The clock is
injected so tests can play out an afternoon in microseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

IDLE_LIMIT_MS = 60_000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


def _monotonic_ms() -> float:
    return time.monotonic() * 1000


class ActiveTimeTracker(QObject):
    """Accumulates active milliseconds for the item on screen.

    ``start(already_ms)`` begins an item (resuming a draft's stored time), ``elapsed_ms()``
    is the total so far. Feed input through ``note_input()`` — the app-wide event filter
    installed by ``watch(app)`` does this — and foreground changes through
    ``set_foreground()``.
    """

    def __init__(
        self, clock: Callable[[], float] = _monotonic_ms, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._total = 0.0
        self._last_input: float | None = None
        self._foreground = True

    def start(self, already_ms: int = 0) -> None:
        self._total = float(already_ms)
        self._last_input = self._clock() if self._foreground else None

    def note_input(self) -> None:
        now = self._clock()
        if not self._foreground:
            return
        self._credit(now)
        self._last_input = now

    def set_foreground(self, foreground: bool) -> None:
        now = self._clock()
        if foreground == self._foreground:
            return
        if not foreground:
            self._credit(now)
            self._last_input = None
        else:
            self._last_input = now
        self._foreground = foreground

    def elapsed_ms(self) -> int:
        """Total active time, counting the running stretch if it is still under the limit."""
        extra = 0.0
        if self._foreground and self._last_input is not None:
            gap = self._clock() - self._last_input
            if gap <= IDLE_LIMIT_MS:
                extra = gap
        return int(self._total + extra)

    def watch(self, app: QApplication) -> None:
        app.installEventFilter(self)
        app.applicationStateChanged.connect(
            lambda state: self.set_foreground(state == Qt.ApplicationState.ApplicationActive)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.note_input()
        return False

    def _credit(self, now: float) -> None:
        if self._last_input is None:
            return
        gap = now - self._last_input
        if 0 <= gap <= IDLE_LIMIT_MS:
            self._total += gap
