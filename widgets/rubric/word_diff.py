"""Word-level comparison of a rewrite with the response it started from (Qt-free).

Tokens are runs of non-space characters, except that every CJK character (and CJK
punctuation) is a token of its own: Chinese and Japanese have no spaces, so a run would make
one edited character count as a whole changed sentence.

The distance is a true Levenshtein distance over tokens (insert, delete, substitute each
cost 1), computed by rapidfuzz in C++: a pure-Python DP over two 8k-word texts is 64M cells,
and difflib's opcodes are not minimal. The diff comes from the same Levenshtein alignment,
so what is painted always adds up to the number shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

Op = Literal["equal", "insert", "delete"]

# CJK symbols and punctuation, kana, CJK extension A, unified ideographs, compatibility
# ideographs, full-width forms, and the supplementary ideograph planes (extensions B–H).
# Hangul is left out on purpose: Korean separates words with spaces.
_CJK = (
    "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003134f"
)
_TOKEN = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")

# Underline and strike-through keep insertions and deletions apart without colour.
INSERT_STYLE = "color:#116329; background-color:#dafbe1; text-decoration:underline;"
DELETE_STYLE = "color:#a40e26; background-color:#ffebe9; text-decoration:line-through;"


@dataclass(frozen=True)
class WordComparison:
    """The diff, the word edit distance and the change in length, from one alignment."""

    ops: list[tuple[Op, str]]
    distance: int
    char_delta: int


def word_tokens(text: str) -> list[str]:
    """The tokens of ``text``: whitespace-separated words, each CJK character on its own."""
    return _TOKEN.findall(text)


def word_edit_distance(old: str, new: str) -> int:
    """Fewest word insertions, deletions and substitutions turning ``old`` into ``new``."""
    a, b = _as_ints(word_tokens(old), word_tokens(new))
    return int(Levenshtein.distance(a, b))


def word_diff(old: str, new: str) -> list[tuple[Op, str]]:
    """``old`` → ``new`` as ``(op, text)`` pieces, in reading order.

    Joining the ``equal`` and ``insert`` pieces gives ``new`` back exactly; joining
    ``equal`` and ``delete`` gives ``old`` up to whitespace (equal runs carry ``new``'s
    whitespace, so a change of spacing alone is not shown). A changed run is one ``delete``
    followed by one ``insert``.
    """
    return compare(old, new).ops


def compare(old: str, new: str) -> WordComparison:
    """Diff, distance and length change of ``old`` → ``new``, tokenising each text once."""
    old_spans = [(m.start(), m.end()) for m in _TOKEN.finditer(old)]
    new_spans = [(m.start(), m.end()) for m in _TOKEN.finditer(new)]
    a, b = _as_ints([old[s:e] for s, e in old_spans], [new[s:e] for s, e in new_spans])
    opcodes = Levenshtein.opcodes(a, b)
    ops: list[tuple[Op, str]] = []
    if new_spans and new_spans[0][0] > 0:
        ops.append(("equal", new[: new_spans[0][0]]))  # leading whitespace of the rewrite
    elif not new_spans and new:
        ops.append(("equal", new))
    pending_delete: list[str] = []
    pending_insert: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            _flush(ops, pending_delete, pending_insert)
            ops.append(("equal", _slice(new, new_spans, j1, j2)))
            continue
        # Adjacent substitutions, deletions and insertions read better as one block each.
        if i2 > i1:
            pending_delete.append(_slice(old, old_spans, i1, i2))
        if j2 > j1:
            pending_insert.append(_slice(new, new_spans, j1, j2))
    _flush(ops, pending_delete, pending_insert)
    distance = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    return WordComparison(ops, distance, len(new) - len(old))


def diff_html(
    ops: list[tuple[Op, str]],
    context: int | None = None,
    skipped: Callable[[int], str] = lambda n: f"⋯ {n} unchanged words ⋯",
) -> str:
    """The diff as rich text for a Qt text view; every piece of text is escaped.

    Insertions are green and underlined, deletions red and struck through, so the two stay
    distinguishable without colour. Whitespace and line breaks are kept (``pre-wrap``).
    With ``context``, unchanged runs keep only about that many characters next to each
    change and say how many words they leave out (``skipped(n)``, translated by the
    caller): the view of a 50 KB text stays short.
    """
    parts: list[str] = []
    for index, (op, text) in enumerate(ops):
        if op == "equal" and context is not None:
            parts.append(_elided(text, context, index == 0, index == len(ops) - 1, skipped))
            continue
        escaped = html.escape(text, quote=True)
        if op == "insert":
            parts.append(f'<span style="{INSERT_STYLE}">{escaped}</span>')
        elif op == "delete":
            parts.append(f'<span style="{DELETE_STYLE}">{escaped}</span>')
        else:
            parts.append(escaped)
    return '<div style="white-space:pre-wrap;">' + "".join(parts) + "</div>"


def _elided(text: str, context: int, first: bool, last: bool, skipped: Callable[[int], str]) -> str:
    """An unchanged run, escaped, with its middle replaced by a count of the words left out."""
    head_end = 0 if first else _cut(text, context)
    tail_start = len(text) if last else _cut(text, len(text) - context)
    if tail_start - head_end < 2 * context:  # not worth eliding
        return html.escape(text, quote=True)
    marker = html.escape(skipped(len(word_tokens(text[head_end:tail_start]))))
    return (
        html.escape(text[:head_end], quote=True)
        + f'<span style="color:#6e7781;">{"" if first else chr(10)}{marker}'
        + f"{'' if last else chr(10)}</span>"
        + html.escape(text[tail_start:], quote=True)
    )


def _cut(text: str, at: int) -> int:
    """``at`` moved to the next whitespace (within 40 characters), so words stay whole."""
    at = max(0, min(at, len(text)))
    for i in range(at, min(at + 40, len(text))):
        if text[i].isspace():
            return i + 1
    return at


def _as_ints(a: list[str], b: list[str]) -> tuple[list[int], list[int]]:
    """Tokens as small ints: rapidfuzz compares hashable sequences fastest as integers."""
    ids: dict[str, int] = {}
    return [ids.setdefault(t, len(ids)) for t in a], [ids.setdefault(t, len(ids)) for t in b]


def _slice(text: str, spans: list[tuple[int, int]], first: int, last: int) -> str:
    """Tokens ``first``..``last``-1 of ``text`` with the whitespace that follows them."""
    end = spans[last][0] if last < len(spans) else len(text)
    return text[spans[first][0] : end]


def _flush(ops: list[tuple[Op, str]], deleted: list[str], inserted: list[str]) -> None:
    if deleted:
        text = "".join(deleted)
        if ops and _TOKEN.fullmatch(ops[-1][1][-1:] + text[:1]):
            # The piece before ends the new text (or touches a CJK token) without a space;
            # glued to it, the deleted word would read as part of the kept one.
            text = " " + text
        if inserted and _TOKEN.fullmatch(text[-1:] + inserted[0][:1]):
            text += " "  # likewise between a deleted word and the word replacing it
        ops.append(("delete", text))
        deleted.clear()
    if inserted:
        ops.append(("insert", "".join(inserted)))
        inserted.clear()
