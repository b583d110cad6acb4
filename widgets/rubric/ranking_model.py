"""The state behind the ranking editor: groups of candidate ids, best first (Qt-free).

Every operation keeps three invariants, so the editor can never show or return an invalid
ranking: each candidate appears at most once, no group is empty, and no group has more than
one member unless ties are allowed. Operations that would break one refuse by returning
False and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


class RankingModel:
    """A partial ranking of ``candidates`` (ids), grown by placing one candidate at a time."""

    def __init__(self, candidates: Sequence[str], allow_ties: bool) -> None:
        self.candidates: list[str] = list(candidates)
        self.allow_ties = allow_ties
        self.groups: list[list[str]] = []

    # -- reading -------------------------------------------------------------------------
    def placed(self) -> list[str]:
        return [cid for group in self.groups for cid in group]

    def unplaced(self) -> list[str]:
        """Candidates not yet ranked, in candidate order."""
        done = set(self.placed())
        return [cid for cid in self.candidates if cid not in done]

    def is_complete(self) -> bool:
        return bool(self.candidates) and not self.unplaced()

    def value(self) -> list[list[str]] | None:
        """The groups, copied, once every candidate is placed; else None."""
        return [list(g) for g in self.groups] if self.is_complete() else None

    def place_of(self, cid: str) -> int | None:
        """1-based place of ``cid``, or None while unplaced."""
        for place, group in enumerate(self.groups, start=1):
            if cid in group:
                return place
        return None

    # -- editing -------------------------------------------------------------------------
    def place(self, cid: str, *, tie: bool = False) -> bool:
        """Append ``cid`` as the next place, or (``tie``) into the last group."""
        if cid not in self.candidates or cid in self.placed():
            return False
        if tie:
            if not self.allow_ties or not self.groups:
                return False
            self.groups[-1].append(cid)
        else:
            self.groups.append([cid])
        return True

    def undo_last(self) -> str | None:
        """Remove the most recently placed candidate (the last of the last group)."""
        if not self.groups:
            return None
        cid = self.groups[-1].pop()
        if not self.groups[-1]:
            self.groups.pop()
        return cid

    def clear(self) -> None:
        self.groups.clear()

    def move_group(self, src: int, dst: int) -> bool:
        """Move group ``src`` so that it ends up at index ``dst`` (after removal)."""
        if not (0 <= src < len(self.groups) and 0 <= dst < len(self.groups)) or src == dst:
            return False
        self.groups.insert(dst, self.groups.pop(src))
        return True

    def merge_into(self, src: int, target: int) -> bool:
        """Tie group ``src`` with group ``target``: its members join ``target``'s place."""
        n = len(self.groups)
        if not self.allow_ties or src == target or not (0 <= src < n and 0 <= target < n):
            return False
        self.groups[target].extend(self.groups[src])
        del self.groups[src]
        return True

    def split(self, index: int) -> bool:
        """Undo a tie: each member of group ``index`` gets its own place, in order."""
        if not (0 <= index < len(self.groups)) or len(self.groups[index]) < 2:
            return False
        self.groups[index : index + 1] = [[cid] for cid in self.groups[index]]
        return True

    def set_candidates(self, candidates: Sequence[str]) -> None:
        """Change who must be ranked; placed candidates that left are dropped."""
        self.candidates = list(candidates)
        keep = set(candidates)
        self.groups = [[c for c in g if c in keep] for g in self.groups]
        self.groups = [g for g in self.groups if g]

    def load(self, value: Any) -> bool:
        """Show a stored (possibly partial) ranking; refuse anything that breaks an invariant."""
        groups = _as_groups(value)
        if groups is None:
            return False
        flat = [cid for g in groups for cid in g]
        if len(set(flat)) != len(flat) or not set(flat) <= set(self.candidates):
            return False
        if not self.allow_ties and any(len(g) > 1 for g in groups):
            return False
        self.groups = groups
        return True


def _as_groups(value: Any) -> list[list[str]] | None:
    if not isinstance(value, list):
        return None
    groups: list[list[str]] = []
    for group in value:
        if not isinstance(group, list) or not group:
            return None
        if not all(isinstance(cid, str) for cid in group):
            return None
        groups.append(list(group))
    return groups


def letters_for(labels: Iterable[str]) -> list[str]:
    """One key letter per label: the label itself when it is a single free letter (A → a),
    else the first free letter of the alphabet, so a response labelled "1" is still typable."""
    labels = list(labels)
    taken: set[str] = set()
    keys: list[str | None] = []
    for label in labels:
        key = label.lower() if len(label) == 1 and label.isalpha() else None
        if key is not None and key in taken:
            key = None
        keys.append(key)
        if key is not None:
            taken.add(key)
    out: list[str] = []
    for key in keys:
        if key is None:
            key = next((c for c in _ALPHABET if c not in taken), "")
            taken.add(key)
        out.append(key)
    return out


def extra_letter(label: str, taken: Iterable[str]) -> str:
    """The key for the extra candidate (the rewrite): the first letter of its label when free
    (R for "R" or "Rewrite"), else the first free one of r, w, x, y, z; "" if none is free."""
    used = set(taken)
    first = label[:1].lower()
    for key in (first if first.isalpha() and first.isascii() else "", *"rwxyz"):
        if key and key not in used:
            return key
    return ""


def key_map(responses: Sequence[tuple[str, str]], extra: tuple[str, str] | None) -> dict[str, str]:
    """Key letter → candidate id for ``(id, label)`` responses and the extra candidate."""
    keys = dict(
        zip(letters_for(label for _, label in responses), (r for r, _ in responses), strict=True)
    )
    if extra is not None and (key := extra_letter(extra[1], keys)):
        keys[key] = extra[0]
    return keys
