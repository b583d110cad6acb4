"""The one error a reader raises for bad input: it names file, line or row, and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in a source a problem is. ``line`` is 1-based; ``row`` is 0-based (Parquet)."""

    file: str
    line: int | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        where = ":".join(parts[:1]) + ("" if len(parts) == 1 else ", " + ", ".join(parts[1:]))
        if self.field:
            where += f", field '{self.field}'"
        return where


class TaskPackError(Exception):
    """Bad input in a task pack. ``str()`` is the message shown to the user, place first."""

    def __init__(self, location: Location, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")
