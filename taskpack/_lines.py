"""Numbered, decoded lines from a JSONL file (plain or gzipped), one at a time.

Lines are read as bytes and decoded one by one, so invalid UTF-8 is reported with its line
number and nothing else of the file is held in memory. Progress is measured in bytes of the
file on disk (compressed bytes for .gz), which is what a progress bar can compare to its size.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from taskpack.errors import Location, TaskPackError

#: A line longer than this cannot be an item anyone can judge; refuse it without reading on.
MAX_LINE_BYTES = 64 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == GZIP_MAGIC


class LineSource:
    """Iterate ``(line_number, text)`` over non-blank lines; ``bytes_read`` tracks progress."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total_bytes = path.stat().st_size
        self._raw: BinaryIO = path.open("rb")
        self._stream: BinaryIO = (
            gzip.GzipFile(fileobj=self._raw, mode="rb")  # type: ignore[assignment]
            if is_gzip(path)
            else self._raw
        )

    @property
    def bytes_read(self) -> int:
        return self._raw.tell() if not self._raw.closed else self.total_bytes

    def close(self) -> None:
        self._stream.close()
        self._raw.close()

    def __iter__(self) -> Iterator[tuple[int, str]]:
        name = self.path.name
        number = 0
        while True:
            number += 1
            # Locations are built only for errors: this loop runs once per line.
            try:
                raw = self._stream.readline(MAX_LINE_BYTES + 1)
            except (OSError, EOFError, zlib.error) as exc:
                raise TaskPackError(
                    Location(name, line=number), f"the gzip stream is corrupt ({exc})"
                ) from None
            if not raw:
                return
            if len(raw) > MAX_LINE_BYTES:
                raise TaskPackError(
                    Location(name, line=number),
                    f"the line is over {MAX_LINE_BYTES // (1024 * 1024)} MiB; no item "
                    "that large can be judged",
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TaskPackError(
                    Location(name, line=number),
                    f"invalid UTF-8 at byte {exc.start} of the line; the file must be UTF-8",
                ) from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            if text and not text.isspace():  # blank lines are skipped
                yield number, text
