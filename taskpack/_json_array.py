"""Stream the elements of a top-level JSON array without loading the file.

LLaMA-Factory and many hub exports ship one big JSON array. Elements are decoded one at a
time with ``json.JSONDecoder.raw_decode`` over a buffer that grows only while an element is
incomplete, and the line each element starts on is tracked for error messages.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from taskpack._validate import json_value, long_number_problem
from taskpack.errors import Location, TaskPackError

CHUNK_CHARS = 1 << 20
MAX_ELEMENT_CHARS = 64 * 1024 * 1024
_WHITESPACE = " \t\r\n"


class JsonArraySource:
    """Iterate ``(location, element)``; ``bytes_read`` is the position in the file."""

    def __init__(self, path: Path, raw: BinaryIO, stream: BinaryIO) -> None:
        self.path = path
        self._raw = raw
        self._stream = stream
        self._decoder = json.JSONDecoder()
        self._buffer = ""
        self._pos = 0
        self._line = 1
        self._eof = False
        self._pending = b""

    @property
    def bytes_read(self) -> int:
        return self._raw.tell() if not self._raw.closed else 0

    def _where(self, index: int | None = None) -> Location:
        field = None if index is None else f"[{index}]"
        return Location(self.path.name, line=self._line, field=field)

    def _fill(self, want: int = CHUNK_CHARS) -> bool:
        if self._eof:
            return False
        try:
            data = self._stream.read(want)
        except (OSError, EOFError, zlib.error) as exc:
            line = self._line + self._buffer.count("\n", self._pos)
            raise TaskPackError(
                Location(self.path.name, line=line), f"the gzip stream is corrupt ({exc})"
            ) from None
        if not data:
            self._eof = True
            if self._pending:
                raise TaskPackError(self._where(), "the file ends inside a UTF-8 character")
            return False
        data = self._pending + data
        try:
            text = data.decode("utf-8")
            self._pending = b""
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                text, self._pending = data[: exc.start].decode("utf-8"), data[exc.start :]
            else:
                line = self._line + self._buffer.count("\n", self._pos)
                line += data[: exc.start].count(b"\n")
                raise TaskPackError(
                    Location(self.path.name, line=line), "invalid UTF-8; the file must be UTF-8"
                ) from None
        self._buffer = self._buffer[self._pos :] + text
        self._pos = 0
        return True

    def _skip_whitespace(self) -> None:
        while True:
            while self._pos < len(self._buffer) and self._buffer[self._pos] in _WHITESPACE:
                if self._buffer[self._pos] == "\n":
                    self._line += 1
                self._pos += 1
            if self._pos < len(self._buffer) or not self._fill():
                return

    def _peek(self) -> str:
        self._skip_whitespace()
        return self._buffer[self._pos] if self._pos < len(self._buffer) else ""

    def __iter__(self) -> Iterator[tuple[Location, Any]]:
        if self._peek() != "[":
            raise TaskPackError(self._where(), "expected a JSON array '[' at the start")
        self._pos += 1
        index = 0
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            self._peek()
            value = self._decode(index)
            yield self._where(index), value
            self._line += self._buffer.count("\n", self._start, self._pos)
            separator = self._peek()
            if separator == "]":
                self._pos += 1
                if self._peek():
                    raise TaskPackError(self._where(), "unexpected text after the array")
                return
            if separator != ",":
                raise TaskPackError(
                    self._where(index), "expected ',' or ']' after an array element"
                )
            self._pos += 1
            index += 1

    def _decode(self, index: int) -> Any:
        self._start = self._pos
        want = CHUNK_CHARS
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(self._buffer) - 1 or exc.msg.startswith(
                    "Unterminated string"
                )
                if incomplete and len(self._buffer) - self._pos > MAX_ELEMENT_CHARS:
                    raise TaskPackError(
                        self._where(index), "an array element is over 64 MiB"
                    ) from None
                if incomplete and self._fill_more(want):
                    want *= 2
                    self._start = self._pos
                    continue
                line = self._line + self._buffer.count("\n", self._pos, exc.pos)
                raise TaskPackError(
                    Location(self.path.name, line=line, field=f"[{index}]"),
                    f"broken JSON: {exc.msg}",
                ) from None
            except ValueError:  # an integer over Python's digit limit
                raise TaskPackError(self._where(index), long_number_problem()) from None
            except RecursionError:
                raise TaskPackError(self._where(index), "JSON nested too deeply") from None
            self._pos = end
            return json_value(value, self._where(index), self._buffer, self._start, end)

    def _fill_more(self, want: int) -> bool:
        # Keep the partial element: _fill keeps everything from _pos on.
        return self._fill(want)
