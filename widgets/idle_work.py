"""One time budget per event-loop turn for all background work of the views.

Several responses each colouring 200 KB of code with their own zero timers took 60 ms per
event-loop turn between them (four views × one slice each, plus relayout), which made scrolling
stutter. Here every job shares one zero timer: each turn spends at most ``SLICE_MS`` in total,
jobs on screen first, the others in turn.
"""

from __future__ import annotations

import time
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer

SLICE_MS = 8.0


class IdleJob(Protocol):
    def work_until(self, deadline: float) -> bool:
        """Work until ``time.perf_counter()`` passes ``deadline``; True when nothing is left."""
        ...

    def on_screen(self) -> bool:
        """True when the job's results would be seen now (it goes first)."""
        ...


class IdleWork(QObject):
    """The shared queue; use ``idle_work()`` rather than constructing one."""

    def __init__(self) -> None:
        super().__init__()
        self._jobs: list[IdleJob] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.run_slice)

    def add(self, job: IdleJob) -> None:
        """Queue ``job`` (once) until its ``work_until`` reports it is done."""
        if job not in self._jobs:
            self._jobs.append(job)
        if not self._timer.isActive():
            self._timer.start()

    def discard(self, job: IdleJob) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

    def run_slice(self, budget_ms: float = SLICE_MS) -> None:
        """Spend up to ``budget_ms`` on the queued jobs (the timer calls this)."""
        deadline = time.perf_counter() + budget_ms / 1000
        # A job whose Qt object was deleted (its view closed) is dropped, not called.
        self._jobs = [job for job in self._jobs if not isinstance(job, QObject) or _alive(job)]
        for job in sorted(self._jobs, key=lambda j: not j.on_screen()):
            if time.perf_counter() >= deadline:
                break
            if job.work_until(deadline):
                self._jobs.remove(job)
        if self._jobs:
            self._jobs.append(self._jobs.pop(0))  # round-robin among equals
        else:
            self._timer.stop()


def _alive(obj: QObject) -> bool:
    return bool(shiboken6.isValid(obj))


_shared: IdleWork | None = None


def idle_work() -> IdleWork:
    """The process-wide queue (created on first use, after the QApplication)."""
    global _shared
    if _shared is None or not _alive(_shared):
        _shared = IdleWork()
    return _shared
