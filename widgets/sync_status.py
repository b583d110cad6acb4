"""The status-bar view of sync: online or not, what waits to be sent, when it last synced,
what went wrong with one button to fix it, and how far a large download has come.

It shows a :class:`SyncStatusView` (plain values; no SQL, no HTTP) and emits
``sig_action_requested(action)`` when the annotator presses the button, where ``action`` is
one of :data:`ACTIONS`. The “synced N min ago” text refreshes itself every half minute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from widgets.sign_in_form import problem_style

ACTIONS: Final = ("sign_in", "retry", "update", "sync")
REFRESH_MS = 30_000


@dataclass(frozen=True)
class SyncStatusView:
    """What to show. ``online`` is None until a sync has said; ``progress`` is
    (done, total) of a download whose size is known, else None; ``action`` is "" or one
    of :data:`ACTIONS`; ``problem`` is a translated sentence or ""."""

    signed_in: bool = False
    online: bool | None = None
    syncing: bool = False
    pending: int | None = None
    last_synced: datetime | None = None
    problem: str = ""
    action: str = ""
    progress: tuple[int, int] | None = None


class SyncStatusWidget(QWidget):
    """A row of small labels for the status bar, with an optional action button."""

    sig_action_requested = Signal(str)

    def __init__(
        self, now: Callable[[], datetime] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._now = now or (lambda: datetime.now(UTC))
        self.view = SyncStatusView()
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Sync state"))
        self.pending = QLabel()
        self.pending.setAccessibleName(self.tr("Judgments waiting to be sent"))
        self.last = QLabel()
        self.last.setAccessibleName(self.tr("Last sync"))
        self.last.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # secondary text
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # server words are never markup
        self.problem.setAccessibleName(self.tr("Sync problem"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.progress.setFixedWidth(90)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)  # the state label says "Receiving 340 of 1000"
        self.action = QPushButton()
        self.action.setFlat(True)
        self.action.setCursor(Qt.CursorShape.PointingHandCursor)
        self.action.clicked.connect(self._act)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for widget in (self.problem, self.action, self.progress, self.state, self.pending):
            layout.addWidget(widget)
        layout.addWidget(self.last)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._show_last)
        self._timer.start()
        self.set_status(self.view)

    def set_status(self, view: SyncStatusView) -> None:
        self.view = view
        self.state.setText(self._state_text(view))
        self.pending.setText(
            self.tr("%n to send", "", view.pending) if view.pending else self.tr("all sent")
        )
        self.pending.setVisible(view.pending is not None)
        self._show_last()
        self.problem.setText(view.problem)
        self.problem.setStyleSheet(problem_style(self))
        self.problem.setToolTip(view.problem)
        self.problem.setVisible(bool(view.problem))
        self.action.setText(self._action_text(view))
        self.action.setAccessibleName(self.action.text().replace("&", ""))
        self.action.setVisible(bool(view.action))
        self.set_progress(view.progress)

    def set_progress(self, progress: tuple[int, int] | None) -> None:
        """Show (done, total) of a download, or hide the bar (None or an unknown total)."""
        if progress is None or progress[1] <= 0:
            self.progress.hide()
            self.state.setText(self._state_text(self.view))
            return
        done, total = progress
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self.progress.show()
        self.state.setText(
            self.tr("Receiving {done} of {total}").format(done=f"{done:,}", total=f"{total:,}")
        )

    def _state_text(self, view: SyncStatusView) -> str:
        if not view.signed_in:
            return self.tr("Not signed in")
        if view.syncing:
            return self.tr("Syncing…")
        if view.online is None:
            return self.tr("Signed in")
        return self.tr("Online") if view.online else self.tr("Offline")

    def _action_text(self, view: SyncStatusView) -> str:
        texts = {
            # "again" only when something went wrong with an earlier sign-in.
            "sign_in": self.tr("Sign in again") if view.problem else self.tr("Sign in…"),
            "retry": self.tr("Retry"),
            "update": self.tr("Update the app"),
            "sync": self.tr("Sync now"),
        }
        return texts.get(view.action, "")

    def _show_last(self) -> None:
        when = self.view.last_synced
        self.last.setVisible(when is not None and self.view.signed_in)
        if when is None:
            return
        minutes = max(0, int((self._now() - when).total_seconds() // 60))
        if minutes < 1:
            text = self.tr("synced just now")
        elif minutes < 60:
            text = self.tr("synced %n min ago", "", minutes)
        elif minutes < 48 * 60:
            text = self.tr("synced %n h ago", "", minutes // 60)
        else:
            text = self.tr("synced %n days ago", "", minutes // (24 * 60))
        self.last.setText(text)
        self.last.setToolTip(when.astimezone().strftime("%Y-%m-%d %H:%M"))

    def _act(self) -> None:
        if self.view.action:
            self.sig_action_requested.emit(self.view.action)
