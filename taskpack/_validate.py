"""Small checks that raise ``TaskPackError`` naming the field, shared by every reader."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

from taskpack.errors import Location, TaskPackError
from taskpack.records import MAX_TEXT_CHARS

_MISSING: Any = object()
#: A ``\uD800``–``\uDFFF`` escape in JSON text: a surrogate, which only a valid pair makes
#: a character. Text without one cannot hold a lone surrogate, so only these are checked.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_TYPE_NAMES = {str: "a string", list: "a list", dict: "an object", int: "an integer"}


def fail(where: Location, field: str, problem: str) -> NoReturn:
    raise TaskPackError(Location(where.file, line=where.line, row=where.row, field=field), problem)


def describe(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), _TYPE_NAMES.get(type(value), type(value).__name__)
    )


def require(data: dict[str, Any], key: str, kind: type, where: Location, path: str) -> Any:
    # Runs several times per item on every import: the field name is only built on failure.
    value = data.get(key, _MISSING)
    if type(value) is kind:
        return value
    field = f"{path}.{key}" if path else key
    if value is _MISSING:
        fail(where, field, f"'{field}' is missing")
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        fail(
            where,
            field,
            f"'{field}' must be {_TYPE_NAMES.get(kind, kind.__name__)}, not {describe(value)}",
        )
    return value


def optional(
    data: dict[str, Any], key: str, kind: type, where: Location, path: str, default: Any
) -> Any:
    if key not in data or data[key] is None:
        return default
    return require(data, key, kind, where, path)


def text(value: Any, where: Location, field: str) -> str:
    if not isinstance(value, str):
        fail(where, field, f"'{field}' must be a string, not {describe(value)}")
    if len(value) > MAX_TEXT_CHARS:
        fail(
            where,
            field,
            f"'{field}' is {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,} "
            "(an item that long cannot be judged — is this a broken export?)",
        )
    return value


def no_unknown_keys(
    data: dict[str, Any], allowed: frozenset[str], where: Location, path: str
) -> None:
    if data.keys() <= allowed:
        return
    unknown = sorted(set(data) - allowed)
    if unknown:
        field = f"{path}.{unknown[0]}" if path else unknown[0]
        fail(
            where,
            field,
            f"unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(k) for k in unknown)}; allowed: {', '.join(sorted(allowed))}",
        )


def json_value(
    value: Any, where: Location, text: str, start: int = 0, end: int = sys.maxsize
) -> Any:
    """Refuse a decoded JSON value holding a lone surrogate (``"\\ud800"``): JSON can spell one,
    but it is no character, and UTF-8 (the store, the writer, the hash) cannot hold it.

    ``text[start:end]`` is the JSON ``value`` was decoded from.
    """
    if _SURROGATE_ESCAPE.search(text, start, end) is None:
        return value
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TaskPackError(
            where,
            f"the escape \\u{ord(exc.object[exc.start]):04x} is a lone UTF-16 surrogate, not a "
            "character; the text must be valid Unicode",
        ) from None
    except RecursionError:
        raise TaskPackError(where, "JSON nested too deeply") from None
    return value


def long_number_problem() -> str:
    """What to say when ``json.loads`` refuses a number too long to convert (a ValueError)."""
    return f"a number has more than {sys.get_int_max_str_digits():,} digits"
