"""Semantic versions: parsing and ordering (``1.10.0`` > ``1.9.2`` > ``1.9.2-rc.1``)."""

from __future__ import annotations

import re

SEMVER_RE = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)

VersionKey = tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]


def is_semver(text: str) -> bool:
    return SEMVER_RE.match(text) is not None


def version_key(text: str) -> VersionKey:
    """A sort key; raises ValueError for a string that is not ``MAJOR.MINOR.PATCH[-pre]``."""
    match = SEMVER_RE.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a semantic version MAJOR.MINOR.PATCH")
    major, minor, patch, pre = match.groups()
    parts: tuple[tuple[int, int | str], ...] = ()
    if pre:
        parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in pre.split("."))
    # A release sorts after its pre-releases.
    return int(major), int(minor), int(patch), 0 if pre else 1, parts


def bump_kind(old: str, new: str) -> str:
    """``major``, ``minor`` or ``patch``: the biggest part that changed from old to new."""
    a, b = version_key(old), version_key(new)
    if a[0] != b[0]:
        return "major"
    if a[1] != b[1]:
        return "minor"
    return "patch"
