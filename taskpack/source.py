"""Open any supported source: detect its format and stream its items as ``ItemRecord``s."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from taskpack import hh_rlhf, oasst, openai_chat, sharegpt
from taskpack._json_array import JsonArraySource
from taskpack._jsonl import json_objects
from taskpack._lines import LineSource, is_gzip
from taskpack.errors import Location, TaskPackError
from taskpack.native import FORMAT_NAME, item_from_dict, parse_header
from taskpack.records import ItemRecord, PackHeader

NATIVE = "prefdesk"
FORMATS = (NATIVE, hh_rlhf.NAME, oasst.NAME, sharegpt.NAME, openai_chat.NAME)
RowReader = Callable[[Any, Location, str | None], Iterator[ItemRecord]]
# Detection tries these in order. ShareGPT comes before HH-RLHF: a ShareGPT row whose
# ``chosen`` and ``rejected`` are plain strings also has what HH-RLHF looks for, but no HH
# row has ``conversations``.
_FOREIGN: dict[str, tuple[Callable[[Any], bool], RowReader]] = {
    sharegpt.NAME: (sharegpt.looks_like, sharegpt.items),
    hh_rlhf.NAME: (hh_rlhf.looks_like, hh_rlhf.items),
    oasst.NAME: (oasst.looks_like, oasst.items),
    openai_chat.NAME: (openai_chat.looks_like, openai_chat.items),
}


def _first_char(path: Path) -> str:
    try:
        with path.open("rb") as raw:
            if is_gzip(path):
                with gzip.GzipFile(fileobj=raw) as packed:
                    head = packed.read(4096)
            else:
                head = raw.read(4096)
    except (OSError, EOFError, zlib.error) as exc:
        raise TaskPackError(Location(path.name, line=1), f"cannot read the file: {exc}") from None
    return head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")[:1]


def _first_object(path: Path) -> Any:
    lines = LineSource(path)
    try:
        for _, value in json_objects(lines):
            return value
    finally:
        lines.close()
    raise TaskPackError(Location(path.name), "the file is empty: there is nothing to import")


def detect_format(path: Path) -> str:
    """Name the format of ``path`` from its first record."""
    if path.name.endswith(".parquet"):
        return NATIVE
    if _first_char(path) == "[":
        return sharegpt.NAME
    first = _first_object(path)
    if isinstance(first, dict) and first.get("format") == FORMAT_NAME:
        return NATIVE
    for name, (looks_like, _) in _FOREIGN.items():
        if looks_like(first):
            return name
    raise TaskPackError(
        Location(path.name, line=1),
        "cannot tell the format from the first record; this build reads "
        f"{', '.join(FORMATS)} (choose one with --format)",
    )


class SourceReader:
    """An open source. Iterate it once for its items; ``bytes_read`` / ``total_bytes`` for
    progress. Use it as a context manager so the file is closed on every path."""

    def __init__(self, path: Path, format: str, default_batch: str | None) -> None:
        if format not in FORMATS:
            raise TaskPackError(
                Location(path.name),
                f"unknown format '{format}'; this build reads {', '.join(FORMATS)}",
            )
        self.path = path
        self.format = format
        self.total_bytes = path.stat().st_size
        self._default_batch = default_batch
        self._close: Callable[[], None] = lambda: None
        self._progress: Callable[[], int] = lambda: 0
        self.header = PackHeader()
        try:
            self._items = self._open()
        except BaseException:
            self.close()
            raise

    @property
    def bytes_read(self) -> int:
        return self._progress()

    def _open(self) -> Iterator[ItemRecord]:
        if self.path.name.endswith(".parquet"):
            # pyarrow costs most of a second to import: only Parquet readers pay for it.
            from taskpack.parquet_io import ParquetSource

            parquet = ParquetSource(self.path)
            self.header = parquet.header
            self._close, self._progress = parquet.close, lambda: parquet.bytes_read
            return iter(parquet)
        if self.format == sharegpt.NAME and _first_char(self.path) == "[":
            raw = self.path.open("rb")
            stream: BinaryIO = raw
            if is_gzip(self.path):
                stream = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
            array = JsonArraySource(self.path, raw, stream)
            self._close, self._progress = raw.close, lambda: array.bytes_read
            return self._foreign(iter(array))
        lines = LineSource(self.path)
        self._close, self._progress = lines.close, lambda: lines.bytes_read
        objects = json_objects(lines)
        if self.format == NATIVE:
            return self._native(objects)
        return self._foreign(objects)

    def _native(self, objects: Iterator[tuple[Location, Any]]) -> Iterator[ItemRecord]:
        first = next(objects, None)
        if first is None:
            raise TaskPackError(Location(self.path.name), "the file is empty")
        where, value = first
        self.header = parse_header(value, where)
        known = frozenset(b.id for b in self.header.batches) or None
        return (item_from_dict(v, w, known) for w, v in objects)

    def _foreign(self, objects: Iterator[tuple[Location, Any]]) -> Iterator[ItemRecord]:
        _, read_row = _FOREIGN[self.format]
        for where, value in objects:
            yield from read_row(value, where, self._default_batch)

    def __iter__(self) -> Iterator[ItemRecord]:
        return self._items

    def close(self) -> None:
        self._close()

    def __enter__(self) -> SourceReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_source(
    path: Path, format: str | None = None, default_batch: str | None = None
) -> SourceReader:
    """Open ``path`` (format detected unless given); raises ``TaskPackError`` naming the place."""
    if not path.is_file():
        raise TaskPackError(Location(str(path)), "no such file")
    return SourceReader(path, format or detect_format(path), default_batch)
