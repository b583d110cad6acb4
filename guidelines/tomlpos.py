"""Line numbers for keys in a TOML text, so problems can point at the line to fix.

``tomllib`` parses but forgets positions. This scanner walks the same text and records the
line where each key path starts (``("questions", 1, "scale", 0, "label")``), including keys
inside arrays of tables, inline tables and multi-line arrays. It never validates: tomllib
has already accepted the text when this runs, and on odd input it returns what it found.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right

from guidelines.errors import KeyPath

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_TOMLLIB_POS = re.compile(r"\(at line (\d+), column \d+\)")


def tomllib_error_line(message: str) -> int | None:
    """The line number tomllib puts in its error messages, if any."""
    match = _TOMLLIB_POS.search(message)
    return int(match.group(1)) if match else None


class KeyLines:
    """Where each key path of one TOML text starts."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        # Partial positions are still useful; tomllib reports the syntax error itself.
        with contextlib.suppress(IndexError, ValueError):
            _Scanner(text, self._lines).run()

    def line(self, path: KeyPath) -> int | None:
        """Line of ``path``, or of its nearest recorded parent."""
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return None


class _Scanner:
    def __init__(self, text: str, out: dict[KeyPath, int]) -> None:
        self.t = text
        self.i = 0
        self.out = out
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.array_tables: dict[KeyPath, int] = {}

    def lineno(self, pos: int) -> int:
        return bisect_right(self.starts, pos)

    def record(self, path: KeyPath, pos: int) -> None:
        self.out.setdefault(path, self.lineno(pos))

    def run(self) -> None:
        table: KeyPath = ()
        while True:
            self.skip(newlines=True)
            if self.i >= len(self.t):
                return
            if self.t[self.i] == "[":
                table = self.header()
            else:
                start = self.i
                key = self.key()
                self.record_prefixes(table, key, start)
                self.skip(newlines=False)
                self.i += 1  # '='
                self.skip(newlines=False)
                self.value((*table, *key))
            self.to_line_end()

    def record_prefixes(self, base: KeyPath, key: list[str], pos: int) -> None:
        for n in range(1, len(key) + 1):
            self.record((*base, *key[:n]), pos)

    def header(self) -> KeyPath:
        start = self.i
        is_array = self.t.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        self.skip(newlines=False)
        key = self.key()
        concrete: list[str | int] = []
        for part in key[:-1]:
            concrete.append(part)
            count = self.array_tables.get(tuple(concrete))
            if count is not None:
                concrete.append(count - 1)
        base: KeyPath = (*concrete, key[-1])
        self.record(base, start)
        if not is_array:
            return base
        index = self.array_tables.get(base, 0)
        self.array_tables[base] = index + 1
        path: KeyPath = (*base, index)
        self.record(path, start)
        return path

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip(newlines=False)
            c = self.t[self.i]
            if c in "\"'":
                end = self.t.index(c, self.i + 1)
                parts.append(self.t[self.i + 1 : end])
                self.i = end + 1
            else:
                match = _BARE.match(self.t, self.i)
                if match is None:
                    raise ValueError("not a key")
                parts.append(match.group())
                self.i = match.end()
            self.skip(newlines=False)
            if self.i < len(self.t) and self.t[self.i] == ".":
                self.i += 1
                continue
            return parts

    def value(self, path: KeyPath) -> None:
        t = self.t
        if t.startswith('"""', self.i) or t.startswith("'''", self.i):
            quote = t[self.i : self.i + 3]
            end = self.i + 3
            while True:
                end = t.index(quote, end)
                if quote == "'''" or not _escaped(t, end):
                    break
                end += 1
            while t.startswith(quote[0], end + 3):
                end += 1  # up to two quotes may close a multi-line string early
            self.i = end + 3
        elif t[self.i] == '"':
            end = self.i + 1
            while t[end] != '"' or _escaped(t, end):
                end += 1
            self.i = end + 1
        elif t[self.i] == "'":
            self.i = t.index("'", self.i + 1) + 1
        elif t[self.i] == "[":
            self.i += 1
            index = 0
            while True:
                self.skip(newlines=True)
                if t[self.i] == "]":
                    self.i += 1
                    return
                self.record((*path, index), self.i)
                self.value((*path, index))
                self.skip(newlines=True)
                if t[self.i] == ",":
                    self.i += 1
                    index += 1
        elif t[self.i] == "{":
            self.i += 1
            while True:
                self.skip(newlines=False)
                if t[self.i] == "}":
                    self.i += 1
                    return
                start = self.i
                key = self.key()
                self.record_prefixes(path, key, start)
                self.i += 1  # '='
                self.skip(newlines=False)
                self.value((*path, *key))
                self.skip(newlines=False)
                if t[self.i] == ",":
                    self.i += 1
        else:
            while self.i < len(t) and t[self.i] not in ",]}\n#":
                self.i += 1

    def skip(self, *, newlines: bool) -> None:
        t = self.t
        while self.i < len(t):
            c = t[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                while self.i < len(t) and t[self.i] != "\n":
                    self.i += 1
            else:
                return

    def to_line_end(self) -> None:
        while self.i < len(self.t) and self.t[self.i] != "\n":
            self.i += 1


def _escaped(text: str, pos: int) -> bool:
    backslashes = 0
    while pos - 1 - backslashes >= 0 and text[pos - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
