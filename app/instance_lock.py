"""One running Prefdesk per profile: a lock file in the profile folder.

Two instances on one store would each keep their own idea of the current item and drafts;
the lock makes the second one stop with a message instead. A lock left by a crashed or
killed instance is taken over: QLockFile sees that the PID in it no longer runs. The lock is
never broken by age (``setStaleLockTime(0)``): an annotator may leave the app open for days.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Final

from PySide6.QtCore import QCoreApplication, QLockFile

LOCK_FILE: Final = "prefdesk.lock"
#: Exit status of a second instance (sysexits' EX_TEMPFAIL: try again once the other closes).
EXIT_PROFILE_IN_USE: Final = 75


class ProfileInUse(RuntimeError):
    """The profile is locked by another live process; ``str()`` is the message to show."""

    def __init__(self, message: str, profile: Path, pid: int | None, host: str) -> None:
        super().__init__(message)
        self.profile = profile
        self.pid = pid
        self.host = host


class InstanceLock:
    """The lock on ``data_dir``; :meth:`acquire` takes it, :meth:`release` (or exit) frees it.

    Also a context manager. Keep the object alive while the app runs: the lock is released
    when it is garbage-collected.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_FILE
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)

    def acquire(self) -> None:
        """Take the lock now (never waits). Raises :class:`ProfileInUse` naming the profile
        and the holder's PID and host, or ``OSError`` when the folder cannot hold a lock."""
        if self._lock.isLocked():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._lock.tryLock(0):
            return
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            raise OSError(f"cannot create the lock file {self.path}: {self._lock.error().name}")
        pid, host = self._holder()
        message = QCoreApplication.translate(
            "InstanceLock",
            "Prefdesk is already open on the profile {profile} (process {pid} on {host}). "
            "Switch to that window, or close it and try again.",
        ).format(profile=self.data_dir, pid=pid if pid is not None else "?", host=host or "?")
        raise ProfileInUse(message, self.data_dir, pid, host)

    def release(self) -> None:
        """Free the lock (harmless when not held)."""
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return bool(self._lock.isLocked())

    def _holder(self) -> tuple[int | None, str]:
        # (pid, hostname, appname); pid 0 when the file vanished or cannot be read.
        pid, host, _app = self._lock.getLockInfo()
        return (pid or None), host

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
