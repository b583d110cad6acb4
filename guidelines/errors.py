"""Problems found in a pack, and the exceptions that carry them.

Every problem names the file, the line when one is known, and the key inside the file, so a
lead can go straight to the mistake. ``code`` is a stable machine name for tools and tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


def format_key(path: KeyPath) -> str:
    """``("questions", 2, "label")`` → ``questions[2].label``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass(frozen=True)
class PackProblem:
    """One mistake (or warning) in a pack, placed by file, line and key."""

    file: str
    code: str
    message: str
    line: int | None = None
    key: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        if self.key:
            where += f" [{self.key}]"
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {tag}{self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


class PackError(Exception):
    """Base of every error the guidelines package raises about a pack."""


class PackFormatError(PackError):
    """The path is not a readable pack at all: no pack.toml, a broken zip, an unsafe path."""

    def __init__(self, problem: PackProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class PackInvalidError(PackError):
    """The pack was read but has mistakes; ``problems`` lists every error found."""

    def __init__(self, problems: Iterable[PackProblem]) -> None:
        self.problems = tuple(p for p in problems if p.severity == "error")
        first = str(self.problems[0]) if self.problems else "invalid pack"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem(s))" if more > 0 else ""))


class PackRefusedError(PackError):
    """The pack is readable but must not be trusted: tampered, unsigned or signed by a stranger."""


class MigrationError(PackError):
    """A draft cannot be moved between the two given packs (different pack, or backwards)."""
