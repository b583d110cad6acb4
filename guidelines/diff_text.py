"""Word-level diff of guideline pages, plus the sections each version added or removed.

Chinese has no spaces between words, so each CJK character is its own token; elsewhere a
token is a word, a run of whitespace or one punctuation mark.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

_TOKEN = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]|\w+|\s+|[^\w\s]"
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")

Op = Literal["equal", "insert", "delete"]
PageStatus = Literal["added", "removed", "changed", "unchanged"]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[tuple[Op, str], ...]:
    """Runs of equal, deleted and inserted text (equal+delete spell old, equal+insert new)."""
    a, b = tokens(old), tokens(new)
    out: list[tuple[Op, str]] = []

    def push(op: Op, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("equal", "".join(a[i1:i2]))
        else:
            push("delete", "".join(a[i1:i2]))
            push("insert", "".join(b[j1:j2]))
    return tuple(out)


def section_paths(markdown: str) -> list[str]:
    """Heading paths below the page title, e.g. ``6. Ranking assistant replies › Do:``."""
    stack: list[tuple[int, str]] = []
    out: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match is None:
            continue
        level = len(match.group(1))
        if level == 1:
            continue  # the page title; a changed title is reported on its own
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match.group(2).strip()))
        out.append(" › ".join(title for _, title in stack))
    return out


def _multiset_minus(a: list[str], b: list[str]) -> tuple[str, ...]:
    """Items of ``a`` not matched in ``b``, counting repeats, in ``a``'s order."""
    spare = Counter(b)
    out = []
    for item in a:
        if spare[item]:
            spare[item] -= 1
        else:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class PageDiff:
    """How one page in one language changed between two pack versions."""

    name: str
    lang: str
    status: PageStatus
    old_title: str | None
    new_title: str | None
    ops: tuple[tuple[Op, str], ...]
    sections_added: tuple[str, ...]
    sections_removed: tuple[str, ...]

    @property
    def words_added(self) -> int:
        return sum(len(_words(t)) for op, t in self.ops if op == "insert")

    @property
    def words_removed(self) -> int:
        return sum(len(_words(t)) for op, t in self.ops if op == "delete")

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "lang": self.lang,
            "status": self.status,
            "old_title": self.old_title,
            "new_title": self.new_title,
            "sections_added": list(self.sections_added),
            "sections_removed": list(self.sections_removed),
            "words_added": self.words_added,
            "words_removed": self.words_removed,
            "ops": [[op, text] for op, text in self.ops],
        }


def _words(text: str) -> list[str]:
    return [
        t for t in tokens(text) if not t.isspace() and (t.isalnum() or "\u3400" <= t <= "\u9fff")
    ]


def diff_page(
    name: str, lang: str, old: tuple[str, str] | None, new: tuple[str, str] | None
) -> PageDiff:
    """``old`` / ``new`` are (title, markdown), None when the page is absent in that version."""
    old_md = old[1] if old else ""
    new_md = new[1] if new else ""
    status: PageStatus = (
        "added"
        if old is None
        else "removed"
        if new is None
        else "unchanged"
        if old_md == new_md
        else "changed"
    )
    old_sections, new_sections = section_paths(old_md), section_paths(new_md)
    return PageDiff(
        name=name,
        lang=lang,
        status=status,
        old_title=old[0] if old else None,
        new_title=new[0] if new else None,
        ops=() if status == "unchanged" else word_diff(old_md, new_md),
        sections_added=_multiset_minus(new_sections, old_sections),
        sections_removed=_multiset_minus(old_sections, new_sections),
    )
