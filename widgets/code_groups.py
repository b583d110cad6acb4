"""Finding the code blocks of a Markdown document, a slice at a time.

Qt's Markdown importer marks every code-block ``QTextBlock`` with the
``QTextFormat.BlockCodeLanguage`` property (the fence's info string, ``""`` for indented or
unlabelled code) and fenced ones also with ``BlockCodeFence``. Consecutive blocks with the same
language and fence form one ``CodeGroup``, lexed as a whole so that multi-line strings and
comments colour correctly. A 200 KB text has ~5k blocks and walking them costs ~40 ms, so
the scan is resumable.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from pygments.lexer import Lexer
from PySide6.QtGui import QTextBlock, QTextDocument, QTextFormat

from widgets.code_tokens import Span, lexer_for

# A single group larger than this stays plain: one regex step of a lexer cannot be split.
MAX_GROUP_CHARS = 512_000
_LANGUAGE = QTextFormat.Property.BlockCodeLanguage
_FENCE = QTextFormat.Property.BlockCodeFence


@dataclass
class CodeGroup:
    """Blocks ``first``…``last`` of one code block with a known language."""

    first: int
    last: int
    lexer: Lexer
    lines: list[str]
    tokens: Iterator[tuple[int, int, list[Span]]] | None = None
    done: bool = False


class CodeGroupScanner:
    """Walks ``document`` from the top, collecting ``groups``; ``scan_until`` resumes."""

    def __init__(self, document: QTextDocument) -> None:
        self.groups: list[CodeGroup] = []
        self._block: QTextBlock | None = document.begin()
        self._run: tuple[str, str] | None = None
        self._first = 0
        self._lines: list[str] = []

    @property
    def done(self) -> bool:
        return self._block is None

    def scan_until(self, deadline: float) -> bool:
        """Scan until ``time.perf_counter()`` passes ``deadline``; True when finished."""
        block = self._block
        count = 0
        while block is not None and block.isValid():
            fmt = block.blockFormat()
            key = None
            if fmt.hasProperty(_LANGUAGE):
                key = (fmt.stringProperty(_LANGUAGE), fmt.stringProperty(_FENCE))
            if key != self._run:
                self._close_run()
                self._run, self._first, self._lines = key, block.blockNumber(), []
            if key is not None:
                self._lines.append(block.text())
            block = block.next()
            count += 1
            if count % 256 == 0 and time.perf_counter() >= deadline:
                self._block = block
                return False
        self._close_run()
        self._block, self._run = None, None
        return True

    def _close_run(self) -> None:
        if self._run is None:
            return
        lexer = lexer_for(self._run[0])
        if lexer is not None and sum(map(len, self._lines)) <= MAX_GROUP_CHARS:
            last = self._first + len(self._lines) - 1
            self.groups.append(CodeGroup(self._first, last, lexer, self._lines))
