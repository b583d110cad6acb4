"""What the About dialog shows: versions, the data folder, and the licenses of the
components Prefdesk bundles, read from the installed distributions' own metadata so the
list follows whatever a build actually ships."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import metadata

from app.crash_log import environment

APP_DISTRIBUTION = "prefdesk"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
#: A License field longer than this is the whole licence text, not its name.
_MAX_LICENSE = 80


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    license: str


def versions() -> list[tuple[str, str]]:
    """(name, version): the app, Python, Qt, PySide6, SQLite (and SQLCipher), the OS."""
    rows = environment()
    rows.insert(-1, ("SQLite", sqlite3.sqlite_version))
    cipher = _sqlcipher_version()
    if cipher:
        rows.insert(-1, ("SQLCipher", cipher))
    return rows


def _sqlcipher_version() -> str:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return ""
    conn = dbapi2.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    return str(row[0]) if row else ""


def license_of(dist: metadata.Distribution) -> str:
    """The SPDX expression when declared, else the License field, else the classifiers."""
    meta = dist.metadata
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    declared = _field(meta, "License")
    if declared and "\n" not in declared and len(declared) <= _MAX_LICENSE:
        return declared
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    return declared.splitlines()[0][:_MAX_LICENSE] if declared else "unknown"


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    # get_all, not [name]: a missing field is None today and a KeyError in newer Pythons.
    values = meta.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _runtime_requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        # Extras are optional parts (dev tools, test suites) that a build does not bundle.
        if "extra ==" in requirement.replace('"', "").replace("'", ""):
            continue
        match = _NAME.match(requirement)
        if match:
            names.append(match.group(1))
    return names


def bundled_components(root: str = APP_DISTRIBUTION) -> list[Component]:
    """Every installed runtime dependency of ``root``, transitively, sorted by name."""
    seen: dict[str, Component] = {}
    try:
        pending = _runtime_requirements(metadata.distribution(root))
    except metadata.PackageNotFoundError:
        return []
    while pending:
        name = pending.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform
        seen[key] = Component(dist.metadata["Name"] or name, dist.version, license_of(dist))
        pending.extend(_runtime_requirements(dist))
    return sorted(seen.values(), key=lambda c: c.name.lower())
