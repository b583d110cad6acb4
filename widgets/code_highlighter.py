"""Syntax colours for the code blocks of a Markdown document, computed lazily with Pygments.

Colours are set the way ``QSyntaxHighlighter`` sets them — as ``QTextLayout`` formats of each
block, which change neither the text, nor ``toHtml()``, nor the undo stack — but this class
is not a ``QSyntaxHighlighter``: that class marks the document dirty once per block, and with a
view attached each mark re-lays out everything below it, which measured 5.6 s for a 200 KB
response (quadratic). Here blocks are coloured in batches, one relayout per batch.

Lexing 150 KB of Python costs Pygments about half a second, so it never runs inside
``setMarkdown``: after the document changes, code groups (``widgets.code_groups``) are found
and lexed in time slices shared with every other view (``widgets.idle_work``), the code
visible in the attached view first. Until then code shows in plain monospace. Code without
a known language is left plain (guessing a lexer is slow and often wrong).
"""

from __future__ import annotations

import time

from pygments.token import _TokenType
from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QPalette, QTextBlock, QTextDocument, QTextLayout
from PySide6.QtWidgets import QApplication, QTextEdit

from widgets.code_colors import TokenFormats
from widgets.code_groups import CodeGroup, CodeGroupScanner
from widgets.code_tokens import Span, line_spans, utf16_starts
from widgets.idle_work import idle_work

APPLY_BATCH = 200  # off-screen lines coloured together: one relayout instead of many
MERGE_GAP = 64  # blocks this close share one relayout


class CodeHighlighter(QObject):
    """Colours the code blocks of ``document``; visible ones first when ``view`` is given.

    The document is expected to be replaced wholesale (``setMarkdown``) rather than edited:
    any change discards every computed colour and starts over.
    """

    def __init__(self, document: QTextDocument, view: QTextEdit | None = None) -> None:
        super().__init__(view)
        self._document = document
        self._view = view
        # Per lexed block: its length, then (start, length, token index) triples, flattened.
        # Tuples of ints only: the garbage collector stops tracking them, which kept its
        # full collections (≈40 ms with four 200 KB responses) out of the event loop.
        self._spans: dict[int, tuple[int, ...]] = {}
        self._tokens: list[_TokenType] = []
        self._token_index: dict[_TokenType, int] = {}
        self._scanner = CodeGroupScanner(document)
        self._pending: set[int] = set()  # lexed off screen, not yet coloured
        # Layout formats per block, built while lexing (inside the time budget) so that
        # colouring a batch is only setFormats + one relayout.
        self._ranges: dict[int, list[QTextLayout.FormatRange]] = {}
        self._formats = TokenFormats(view.palette() if view else QApplication.palette())
        document.contentsChange.connect(self._contents_changed)
        self._contents_changed()

    # -- public ----------------------------------------------------------------------

    def is_idle(self) -> bool:
        """True when every code group has been found and lexed (colours follow at once)."""
        return self._scanner.done and all(g.done for g in self._scanner.groups)

    def finish(self) -> None:
        """Do all remaining work now (tests, benchmarks)."""
        self.work_until(float("inf"))
        idle_work().discard(self)

    def on_screen(self) -> bool:
        return self._view is not None and self._view.isVisible()

    def set_palette(self, palette: QPalette) -> None:
        """Re-derive token colours for ``palette``; re-colours only if they changed."""
        formats = TokenFormats(palette)
        if formats.key != self._formats.key:
            self._formats = formats
            self._ranges.clear()
            self._apply(sorted(self._spans))

    def token_formats(self) -> TokenFormats:
        return self._formats

    # -- applying ----------------------------------------------------------------------

    def _apply(self, numbers: list[int]) -> None:
        """Set the layout formats of blocks ``numbers`` (ascending) and have them re-laid out.

        Each ``markContentsDirty`` costs time in proportion to the blocks *after* the range
        (~5 ms near the top of a 200 KB text), so nearby blocks share one call and code
        off screen is coloured in batches (see ``work_until``).
        """
        document = self._document
        start = 0
        while start < len(numbers):
            end = start
            while end + 1 < len(numbers) and numbers[end + 1] <= numbers[end] + MERGE_GAP:
                end += 1
            block = document.findBlockByNumber(numbers[start])
            first = last = block
            while block.isValid() and block.blockNumber() <= numbers[end]:
                if block.blockNumber() in self._spans:
                    self._apply_block(block)
                last = block
                block = block.next()
            length = last.position() + last.length() - first.position()
            document.markContentsDirty(first.position(), length)
            start = end + 1

    def _apply_block(self, block: QTextBlock) -> None:
        number = block.blockNumber()
        ranges = self._ranges.pop(number, None)  # set once; rebuilt only on a palette change
        if ranges is None:
            ranges = self._build_ranges(number, block.text())
        if ranges is not None:
            block.layout().setFormats(ranges)

    def _build_ranges(self, number: int, text: str) -> list[QTextLayout.FormatRange] | None:
        """The layout formats of block ``number`` with ``text``; None if it was not lexed."""
        entry = self._spans.get(number)
        if entry is None or entry[0] != len(text):
            return None
        tokens = self._tokens
        utf16 = utf16_starts(text)
        ranges: list[QTextLayout.FormatRange] = []
        for at in range(1, len(entry), 3):
            start, length = entry[at], entry[at + 1]
            fmt = self._formats.format(tokens[entry[at + 2]])
            if fmt is None:
                continue
            if utf16 is not None:
                start, length = utf16[start], utf16[start + length] - utf16[start]
            previous = ranges[-1] if ranges else None
            if (
                previous is not None
                and previous.format == fmt
                and previous.start + previous.length == start
            ):
                previous.length += length  # e.g. a string's quotes and body: one range
                continue
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = start, length, fmt
            ranges.append(span)
        return ranges

    # -- work ------------------------------------------------------------------------

    def _contents_changed(self, *_: int) -> None:
        self._spans.clear()
        self._ranges.clear()
        self._pending.clear()
        self._scanner = CodeGroupScanner(self._document)
        idle_work().add(self)

    def _flatten(self, length: int, spans: list[Span]) -> tuple[int, ...]:
        flat = [length]
        for start, size, token in spans:
            index = self._token_index.get(token)
            if index is None:
                index = self._token_index[token] = len(self._tokens)
                self._tokens.append(token)
            flat += (start, size, index)
        return tuple(flat)

    def _visible_blocks(self) -> tuple[int, int]:
        view = self._view
        if view is None or not view.isVisible():
            return (-1, -1)
        top = view.cursorForPosition(QPoint(0, 0)).blockNumber()
        bottom = view.cursorForPosition(QPoint(0, view.viewport().height())).blockNumber()
        return (top, bottom)

    def _next_group(self, visible: tuple[int, int]) -> CodeGroup | None:
        """The first unfinished group on screen, else the first unfinished one."""
        top, bottom = visible
        fallback = None
        for group in self._scanner.groups:
            if group.done:
                continue
            if group.first <= bottom and group.last >= top:
                return group
            fallback = fallback or group
        return fallback

    def work_until(self, deadline: float) -> bool:
        """Scan, then lex and colour, until ``deadline``; True when all is done."""
        if not self._scanner.done and not self._scanner.scan_until(deadline):
            return False
        touched: list[int] = []
        visible = self._visible_blocks()
        while time.perf_counter() < deadline:
            group = self._next_group(visible)
            if group is None:
                break
            if group.tokens is None:
                group.tokens = line_spans(group.lexer, "\n".join(group.lines) + "\n")
            for count, (line, length, spans) in enumerate(group.tokens):
                number = group.first + line
                self._spans[number] = self._flatten(length, spans)
                ranges = self._build_ranges(number, group.lines[line])
                if ranges is not None:
                    self._ranges[number] = ranges
                touched.append(number)
                if count % 16 == 15 and time.perf_counter() >= deadline:
                    break
            else:
                group.done = True
        self._pending.update(touched)
        top, bottom = visible
        on_screen = sorted(n for n in self._pending if top - 40 <= n <= bottom + 40)
        if on_screen:
            self._apply(on_screen)
            self._pending.difference_update(on_screen)
        if len(self._pending) >= APPLY_BATCH or (self._pending and self.is_idle()):
            self._apply(sorted(self._pending))
            self._pending.clear()
        return self.is_idle() and not self._pending
