"""Runs sync in the background: one at a time, on its own when signed in, backing off offline.

``SyncClient.run`` blocks (network, then store writes of what was pulled), so it runs on the
lanes' network pool, never on the GUI thread nor on the writer lane (which must stay free
for the annotator's drafts). Cancelling is a flag the client polls.

Auto-sync, while signed in: shortly after start, every ``account.sync_minutes``, and a few
seconds after a judgment is submitted (debounced, so a fast annotator causes one sync, not
ten). While offline the wait doubles from one minute up to half an hour; a token the server
refused or a too-old app stops auto-sync until the annotator signs in again or updates.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.account import Account
from app.sync_adapter import ClientFactory, FailedSync, default_client_factory, run_once
from app.tasks import TaskLanes
from storage import Store

log = logging.getLogger(__name__)

START_DELAY_MS = 3_000
DEBOUNCE_MS = 10_000
MIN_BACKOFF_MS = 60_000
MAX_BACKOFF_MS = 30 * 60_000
#: Outcomes after which syncing again cannot help until the annotator acts.
STOPPING = ("unauthorized", "too_old")


class SyncRunner(QObject):
    """Signals (facts): ``sig_sync_started()``, ``sig_sync_progress(SyncProgress)``,
    ``sig_sync_finished(SyncResult)`` — a result is always delivered, even when the client
    raised (then it is a :class:`~app.sync_adapter.FailedSync` with outcome "error")."""

    sig_sync_started = Signal()
    sig_sync_progress = Signal(object)
    sig_sync_finished = Signal(object)

    def __init__(
        self,
        lanes: TaskLanes,
        client_factory: ClientFactory = default_client_factory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.lanes = lanes
        self.client_factory = client_factory
        self.start_delay_ms = START_DELAY_MS
        self.debounce_ms = DEBOUNCE_MS
        self.min_backoff_ms = MIN_BACKOFF_MS
        self.max_backoff_ms = MAX_BACKOFF_MS
        self._store: Store | None = None
        self._account: Account | None = None
        self._token: str | None = None
        self._running = False
        self._auto = False
        self._backoff_ms = 0
        self._submitted_meanwhile = False
        self._cancel = threading.Event()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._auto_sync)
        lanes.sig_shutdown_started.connect(self.stop)

    # -- state ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    @property
    def signed_in(self) -> bool:
        return self._store is not None and self._account is not None and bool(self._token)

    @property
    def auto_sync_in_ms(self) -> int | None:
        """Milliseconds until the next automatic sync, or None when none is planned."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def set_account(self, store: Store | None, account: Account | None, token: str | None) -> None:
        """The profile's store and sign-in changed. With all three, auto-sync starts
        (first after ``start_delay_ms``); with any missing, it stops."""
        self._store, self._account, self._token = store, account, token
        self._backoff_ms = 0
        self._auto = self.signed_in
        if self._auto:
            self._plan(self.start_delay_ms)
        else:
            self._timer.stop()
            self._cancel.set()

    def stop(self) -> None:
        """Cancel a running sync and plan no more (sign-out, shutdown)."""
        self._auto = False
        self._timer.stop()
        self._cancel.set()

    # -- triggers ------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a sync now; False (and nothing started) when one is running or there is
        no sign-in. Pressed by hand, it also ends an offline back-off."""
        if self._running or not self.signed_in:
            return False
        self._backoff_ms = 0
        return self._start()

    def judgment_submitted(self) -> None:
        """Send new work soon, but let a run of submissions settle first."""
        if self._running:
            self._submitted_meanwhile = True
            return
        if not self._auto or self._backoff_ms:
            return  # offline: the back-off timer already decides when to try again
        self._plan(self.debounce_ms)  # each submission pushes the sync back a little

    # -- running -------------------------------------------------------------------------

    def _auto_sync(self) -> None:
        if self._auto and not self._running and self.signed_in:
            self._start()

    def _start(self) -> bool:
        store, account, token = self._store, self._account, self._token
        if store is None or account is None or not token:
            return False
        self._timer.stop()
        self._running = True
        self._submitted_meanwhile = False
        self._cancel = threading.Event()
        cancel = self._cancel
        factory = self.client_factory

        def job() -> Any:
            client = factory(store, account, token)
            return run_once(client, cancel.is_set, self.sig_sync_progress.emit)

        self.sig_sync_started.emit()
        self.lanes.run_network(job, on_done=self._finished, on_error=self._failed)
        return True

    def _failed(self, error: BaseException) -> None:
        # The token is never in an exception the client raises; the type and text are safe.
        log.warning("sync failed: %s: %s", type(error).__name__, error)
        self._finished(FailedSync(problem=f"{type(error).__name__}: {error}"))

    def _finished(self, result: Any) -> None:
        self._running = False
        outcome = getattr(result, "outcome", "error")
        if outcome in STOPPING:
            self._auto = False
        elif outcome == "offline":
            self._backoff_ms = min(
                max(self._backoff_ms * 2, self.min_backoff_ms), self.max_backoff_ms
            )
        else:
            self._backoff_ms = 0
        self.sig_sync_finished.emit(result)
        if not self._auto:
            return
        if self._backoff_ms:
            self._plan(self._backoff_ms)
        elif self._submitted_meanwhile:
            self._plan(self.debounce_ms)
        else:
            self._plan(self._interval_ms())

    def _interval_ms(self) -> int:
        minutes = self._account.sync_minutes if self._account is not None else 5
        return max(1, minutes) * 60_000

    def _plan(self, delay_ms: int) -> None:
        self._timer.start(max(0, delay_ms))
