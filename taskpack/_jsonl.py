"""JSON Lines parsing shared by the line-based readers: one object per line, located."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from taskpack._lines import LineSource
from taskpack._validate import json_value, long_number_problem
from taskpack.errors import Location, TaskPackError


def json_objects(lines: LineSource) -> Iterator[tuple[Location, Any]]:
    """``(location, value)`` for each non-blank line; broken JSON names its line and column."""
    name = lines.path.name
    for number, line in lines:
        where = Location(name, line=number)
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            # Not exc.colno: past the line's own "\n" that restarts at 1 (a line cut short).
            column = min(exc.pos, len(line.rstrip("\r\n"))) + 1
            raise TaskPackError(where, f"broken JSON at column {column}: {exc.msg}") from None
        except ValueError:  # an integer over Python's digit limit
            raise TaskPackError(where, long_number_problem()) from None
        except RecursionError:
            raise TaskPackError(where, "JSON nested too deeply") from None
        yield where, json_value(value, where, line)
