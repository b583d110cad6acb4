"""Reading TOML tables against their ``schema`` entry, collecting every problem on the way.

Readers never stop at the first mistake: a bad value becomes a problem placed by file, line
and key, the reader returns ``None`` (or the default) and parsing goes on, so one validation
run lists everything a lead has to fix.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from typing import Any

from guidelines.errors import KeyPath, PackProblem, Severity, format_key
from guidelines.localtext import LocalText
from guidelines.schema import TEXT, TableSpec
from guidelines.tomlpos import KeyLines, tomllib_error_line


class Problems:
    """An ordered collection of problems found while reading a pack."""

    def __init__(self) -> None:
        self.items: list[PackProblem] = []

    def add(self, problem: PackProblem) -> None:
        self.items.append(problem)

    @property
    def errors(self) -> list[PackProblem]:
        return [p for p in self.items if p.severity == "error"]


class TomlSource:
    """One TOML file of a pack: its parsed data plus the line of every key."""

    def __init__(self, name: str, text: str, problems: Problems) -> None:
        self.name = name
        self.problems = problems
        self.lines = KeyLines(text)
        self.data: dict[str, Any] | None
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            self.data = None
            problems.add(
                PackProblem(
                    name, "toml-syntax", f"not valid TOML: {exc}", tomllib_error_line(str(exc))
                )
            )

    def problem(self, path: KeyPath, code: str, message: str, severity: Severity = "error") -> None:
        self.problems.add(
            PackProblem(
                self.name, code, message, self.lines.line(path), format_key(path) or None, severity
            )
        )


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class TableReader:
    """Typed access to one table; keys must be listed in its ``TableSpec``."""

    def __init__(
        self,
        src: TomlSource,
        path: KeyPath,
        data: Mapping[str, Any],
        spec: TableSpec,
        langs: tuple[str, ...],
    ) -> None:
        self.src = src
        self.path = path
        self.data = data
        self.spec = spec
        self.langs = langs
        self.failed = False

    def has(self, key: str) -> bool:
        self.spec.key(key)
        return key in self.data

    def problem(self, key: str | None, code: str, message: str) -> None:
        self.failed = True
        self.src.problem(self.path if key is None else (*self.path, key), code, message)

    def _get(self, key: str) -> Any:
        spec = self.spec.key(key)
        if key not in self.data:
            if spec.required:
                self.problem(None, "missing-key", f"missing required key '{key}' ({spec.doc})")
            return None
        return self.data[key]

    def raw(self, key: str) -> Any:
        return self._get(key)

    def string(self, key: str) -> str | None:
        value = self._get(key)
        if value is None:
            default = self.spec.key(key).default
            return default if isinstance(default, str) else None
        if not isinstance(value, str):
            self.problem(key, "wrong-type", f"'{key}' must be a string, not {type_name(value)}")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        default = bool(self.spec.key(key).default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(
                key, "wrong-type", f"'{key}' must be true or false, not {type_name(value)}"
            )
            return default
        return value

    def integer(self, key: str) -> int | None:
        value = self._get(key)
        if value is None:
            default = self.spec.key(key).default
            return default if isinstance(default, int) else None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "wrong-type", f"'{key}' must be an integer, not {type_name(value)}")
            return None
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "wrong-type", f"'{key}' must be an array of strings")
            return ()
        return tuple(value)

    def table(self, key: str) -> Mapping[str, Any] | None:
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, "wrong-type", f"'{key}' must be a table, not {type_name(value)}")
            return None
        return value

    def tables(self, key: str) -> list[tuple[KeyPath, Mapping[str, Any]]]:
        value = self._get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, "wrong-type", f"'{key}' must be an array of tables")
            return []
        out: list[tuple[KeyPath, Mapping[str, Any]]] = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                out.append(((*self.path, key, index), entry))
            else:
                self.src.problem(
                    (*self.path, key, index),
                    "wrong-type",
                    f"'{key}' entry {index + 1} must be a table, not {type_name(entry)}",
                )
                self.failed = True
        return out

    def text(self, key: str) -> LocalText | None:
        """Localized text: one entry per pack language (a plain string only in 1-language packs)."""
        assert self.spec.key(key).type == TEXT
        value = self._get(key)
        if value is None:
            return None
        return read_text(self.src, (*self.path, key), value, self.langs)

    def child(self, path: KeyPath, data: Mapping[str, Any], spec: TableSpec) -> TableReader:
        return TableReader(self.src, path, data, spec, self.langs)

    def finish(self) -> None:
        """Report keys the spec does not know, with the nearest known name as a hint."""
        known = self.spec.names()
        for key in self.data:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                allowed = ", ".join(known)
                self.problem(
                    key, "unknown-key", f"unknown key '{key}'{hint}; allowed here: {allowed}"
                )


def read_text(
    src: TomlSource, path: KeyPath, value: object, langs: tuple[str, ...]
) -> LocalText | None:
    if isinstance(value, str):
        if len(langs) <= 1:
            return LocalText(((langs[0] if langs else "en", value),))
        src.problem(
            path,
            "missing-translation",
            f"'{format_key(path)}' is one string but the pack has languages "
            f'{", ".join(langs)}: give a table like {{ {langs[0]} = "…", {langs[1]} = "…" }}',
        )
        return LocalText(((langs[0], value),))
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        src.problem(path, "wrong-type", 'text must be a table of language = "text"')
        return None
    ok = True
    for lang in langs:
        if not value.get(lang, "").strip():
            src.problem(path, "missing-translation", f"missing translation for language '{lang}'")
            ok = False
    for lang in value:
        if lang not in langs:
            src.problem(
                (*path, lang),
                "unknown-language",
                f"language '{lang}' is not listed in pack.toml languages ({', '.join(langs)})",
            )
            ok = False
    ordered = [(lang, value[lang]) for lang in langs if lang in value]
    return LocalText(tuple(ordered)) if ordered or ok else None
