"""Pygments tokens per line of a code block, with positions Qt can use.

Pure functions behind ``CodeHighlighter``: which lexer a fence's info string names, the
token spans of each line of a block lexed as a whole, and the mapping from Python code
points to Qt's UTF-16 positions.
"""

from __future__ import annotations

from collections.abc import Iterator

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import _TokenType
from pygments.util import ClassNotFound

Span = tuple[int, int, _TokenType]  # start, length (code points), token type
_lexers: dict[str, type[Lexer] | None] = {}


def lexer_for(language: str) -> Lexer | None:
    """A fresh lexer for a fence info string ("python", "js {.x}"), or None if unknown."""
    name = language.strip().split()[0].lower() if language.strip() else ""
    if not name:
        return None
    if name not in _lexers:
        try:
            _lexers[name] = type(get_lexer_by_name(name))
        except ClassNotFound:
            _lexers[name] = None
    cls = _lexers[name]
    return cls(stripnl=False, ensurenl=False) if cls is not None else None


def line_spans(lexer: Lexer, text: str) -> Iterator[tuple[int, int, list[Span]]]:
    """(line index, line length, spans) for each complete line of ``text``, in order."""
    line, line_start = 0, 0
    spans: list[Span] = []
    for index, token, value in lexer.get_tokens_unprocessed(text):
        pos = index
        for part_index, part in enumerate(value.split("\n")):
            if part_index:  # a newline ended the line before this part
                yield line, pos - 1 - line_start, spans
                line, line_start, spans = line + 1, pos, []
            if part:
                spans.append((pos - line_start, len(part), token))
            pos += len(part) + 1


def utf16_starts(text: str) -> list[int] | None:
    """UTF-16 offset of each code point (plus the end), or None when they coincide.

    Qt positions count UTF-16 units; Pygments counts code points. They differ after any
    character outside the Basic Multilingual Plane, such as an emoji in a comment.
    """
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
        return None
    starts, offset = [], 0
    for char in text:
        starts.append(offset)
        offset += 2 if ord(char) > 0xFFFF else 1
    starts.append(offset)
    return starts
