"""The one funnel for background work: a single database-writer lane and a shared pool.

Anki's ``TaskManager`` pattern: every database write runs on one dedicated thread (so the
store has one writer and writes stay in submission order), reads run on a small pool, network
calls (sign-in checks, sync) on their own pool so a slow server never holds up a read, and
every result comes back to the GUI thread through a queued signal. The GUI
thread itself never waits on disk or network.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Finished:
    future: Future[Any] | None
    on_done: OnDone | None
    on_error: OnError | None
    #: The task itself, so its last reference is dropped on the GUI thread too.
    task: Callable[[], Any] | None = None


class TaskLanes(QObject):
    """Run callables off the GUI thread; ``on_done`` / ``on_error`` run on the GUI thread.

    ``sig_task_failed`` carries errors that had no ``on_error`` handler, so no background
    failure is ever silent. ``sig_shutdown_started`` fires (on the GUI thread) before
    :meth:`shutdown` waits for the lanes, so long network work can be told to stop.
    """

    sig_task_failed = Signal(object)
    sig_shutdown_started = Signal()
    _sig_finished = Signal(object)

    def __init__(self, pool_size: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")
        self._pool = ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="io")
        self._network = ThreadPoolExecutor(max_workers=2, thread_name_prefix="net")
        self._sig_finished.connect(self._deliver)
        self._closed = False
        self._keys = itertools.count()
        self._pending: dict[int, _Finished] = {}
        self._network_calls: list[Future[Any]] = []  # the ones not known to be done
        self._closers: list[Callable[[], Any]] = []  # close_after_network's, not yet run
        self._lock = threading.Lock()

    def run_write(
        self, fn: Callable[[], Any], on_done: OnDone | None = None, on_error: OnError | None = None
    ) -> Future[Any]:
        """Database writes, in order, on the one writer thread."""
        return self._submit(self._writer, fn, on_done, on_error)

    def run_read(
        self, fn: Callable[[], Any], on_done: OnDone | None = None, on_error: OnError | None = None
    ) -> Future[Any]:
        """Reads on the pool (WAL lets reads run beside the writer)."""
        return self._submit(self._pool, fn, on_done, on_error)

    def run_network(
        self, fn: Callable[[], Any], on_done: OnDone | None = None, on_error: OnError | None = None
    ) -> Future[Any]:
        """Network calls (which may also write the store, as sync does) on their own pool."""
        future = self._submit(self._network, fn, on_done, on_error)
        self._network_calls = [f for f in self._network_calls if not f.done()] + [future]
        return future

    def close_after_network(self, close: Callable[[], Any]) -> None:
        """Release a network resource (an HTTP client) once the calls queued before it ran.

        After shutdown no lane is left to run it, so it runs at once: a window closed
        while the application quits must still close its sockets, not leak them.
        """
        if self._closed:
            close()
            return
        # The network lane runs two calls at once: without waiting, the client could be
        # closed under a call still in flight, whose connection would then never close.
        earlier = [f for f in self._network_calls if not f.done()]
        with self._lock:
            self._closers.append(close)

        def after_earlier_calls() -> None:
            wait(earlier)
            self._run_closer(close)

        self.run_network(after_earlier_calls)

    def _run_closer(self, close: Callable[[], Any]) -> None:
        with self._lock:
            if close not in self._closers:
                return  # already run
            self._closers.remove(close)
        close()

    def shutdown(self) -> None:
        """Finish queued writes (nothing typed is dropped), then stop every lane."""
        if self._closed:
            return
        self._closed = True
        self.sig_shutdown_started.emit()
        self._writer.shutdown(wait=True)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._network.shutdown(wait=True, cancel_futures=True)
        # A close still queued was cancelled with the rest: it runs now, never skipped.
        for close in list(self._closers):
            self._run_closer(close)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_done: OnDone | None,
        on_error: OnError | None,
    ) -> Future[Any]:
        # The callables often hold the last reference to a window or widget. Were a worker
        # thread to drop that reference, Qt would destroy the object on the wrong thread
        # and crash. So they live in ``_pending``, which only the GUI thread empties: the
        # worker borrows ``fn`` for the call (its references end before the future is
        # done) and signals a bare key.
        key = next(self._keys)
        self._pending[key] = _Finished(None, on_done, on_error, fn)

        def run() -> Any:
            return self._pending[key].task()  # type: ignore[misc]

        future = executor.submit(run)
        self._pending[key] = replace(self._pending[key], future=future)
        future.add_done_callback(lambda _f: self._sig_finished.emit(key))
        return future

    @Slot(object)
    def _deliver(self, key: int) -> None:
        finished = self._pending.pop(key, None)
        if finished is None or finished.future is None or finished.future.cancelled():
            return
        error = finished.future.exception()
        if error is not None:
            if finished.on_error is not None:
                finished.on_error(error)
            else:
                log.error("background task failed", exc_info=error)
                self.sig_task_failed.emit(error)
            return
        if finished.on_done is not None:
            finished.on_done(finished.future.result())
