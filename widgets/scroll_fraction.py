"""Scroll positions as fractions, and restoring one while a document is still being laid out.

Positions are stored as a fraction of the scroll range so that they survive a different window
size or font. A text view's range grows while Qt lays its document out after the first show,
so a fraction set too early would land short; ``FractionKeeper`` re-applies it on every range
change until the user scrolls (the bar's ``actionTriggered``, or a key, click or wheel in the
watched view) or ``KEEP_MS`` pass.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject
from PySide6.QtWidgets import QScrollBar, QWidget

KEEP_MS = 3000


def fraction(bar: QScrollBar) -> float:
    """Where ``bar`` is, 0.0 (top) … 1.0 (bottom); 0.0 when there is nothing to scroll."""
    span = bar.maximum() - bar.minimum()
    return (bar.value() - bar.minimum()) / span if span > 0 else 0.0


def set_fraction(bar: QScrollBar, value: float) -> None:
    value = min(1.0, max(0.0, value))
    bar.setValue(bar.minimum() + round(value * (bar.maximum() - bar.minimum())))


class FractionKeeper(QObject):
    """Holds ``bar`` at a wanted fraction while its range settles (see module docstring)."""

    _USER_EVENTS = frozenset(
        {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}
    )

    def __init__(self, bar: QScrollBar, watch: tuple[QWidget, ...] = ()) -> None:
        super().__init__(bar)
        self._bar = bar
        self._wanted: float | None = None
        self._clock = QElapsedTimer()
        bar.rangeChanged.connect(self._range_changed)
        bar.actionTriggered.connect(self.release)
        for widget in watch:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._USER_EVENTS:
            self.release()
        return False

    @property
    def active(self) -> bool:
        """True while a wanted fraction is still being held."""
        if self._wanted is not None and self._clock.elapsed() > KEEP_MS:
            self._wanted = None
        return self._wanted is not None

    def hold(self, value: float) -> None:
        """Scroll to ``value`` now and keep it there while the range changes."""
        self._wanted = min(1.0, max(0.0, value))
        self._clock.start()
        set_fraction(self._bar, self._wanted)

    def release(self, *_: object) -> None:
        self._wanted = None

    def _range_changed(self, *_: int) -> None:
        if self.active and self._wanted is not None:
            set_fraction(self._bar, self._wanted)
