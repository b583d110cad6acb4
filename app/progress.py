"""A progress bar on the terminal's stderr; silent when stderr is not a terminal."""

from __future__ import annotations

import time
from typing import Protocol, TextIO


class _Progress(Protocol):
    @property
    def bytes_read(self) -> int: ...
    @property
    def total_bytes(self) -> int: ...
    @property
    def rows(self) -> int: ...


class TerminalProgress:
    """Redraws at most ten times a second so a fast import is not slowed by printing."""

    WIDTH = 30

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self.enabled = stream.isatty()
        self._last = 0.0
        self._drawn = False

    def update(self, progress: _Progress) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        share = progress.bytes_read / progress.total_bytes if progress.total_bytes else 0.0
        share = min(max(share, 0.0), 1.0)
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%} {progress.rows:,} items")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line, whether the work finished or failed."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
