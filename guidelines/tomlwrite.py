"""Writing the small TOML documents the tools produce (pack.toml, pack.sig).

Only what those files need: top-level strings, integers, booleans, arrays of strings and
one level of string tables ({ en = "…", zh = "…" }). Round-trips through tomllib.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

Value = str | int | bool | list[str] | Mapping[str, str]


def toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string, except that TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def toml_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_string(v) for v in value) + "]"
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_string(v)}" for k, v in value.items()) + " }"


def toml_key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return toml_string(key)


def toml_document(values: Mapping[str, Value]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in values.items())
