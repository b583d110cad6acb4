"""One sync at a time per profile: an OS file lock next to the store.

The lock is taken without waiting; a second sync of the same profile (another thread or
another process) is told at once that one is already running. The OS drops the lock when
the holder dies, so a crash never leaves a profile locked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LOCK_FILENAME = "sync.lock"


class ProfileLock:
    """A non-blocking exclusive lock on ``path`` (created if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; True when this object now holds it."""
        if self._fd is not None:
            return False
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    # flock() locks belong to the open file, so two opens in one process also exclude
    # each other (two sync threads), unlike fcntl() record locks.
    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
