"""Syntax colours for the code blocks of a Markdown document, computed lazily with Pygments.

Colours are set the way ``QSyntaxHighlighter`` sets them — as ``QTextLayout`` formats of each
block, which change neither the text, nor ``toHtml()``, nor the undo stack — but this class
is not a ``QSyntaxHighlighter``: that class marks the document dirty once per block, and with a
view attached each mark re-lays out the document, which measured 5.6 s for a 200 KB response
(quadratic). Here a whole slice of blocks is marked dirty at once.

Qt's Markdown importer marks every code-block ``QTextBlock`` with the
``QTextFormat.BlockCodeLanguage`` property (the fence's info string, ``""`` for indented or
unlabelled code) and fenced ones also with ``BlockCodeFence``. Consecutive blocks with the same
language and fence form one code group, lexed as a whole so multi-line strings and comments
colour correctly.

Lexing 150 KB of Python costs Pygments about half a second, so it never runs inside
``setMarkdown``: after the document changes, groups are found once and lexed in time slices of
``SLICE_MS`` on a zero timer, the groups visible in the attached view first. Finished lines are
re-highlighted as they complete; until then code shows in the plain monospace font.
Code without a known language is left plain (guessing a lexer is slow and often wrong).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from pygments.lexer import Lexer
from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtGui import QPalette, QTextBlock, QTextDocument, QTextFormat, QTextLayout
from PySide6.QtWidgets import QApplication, QTextEdit

from widgets.code_colors import TokenFormats
from widgets.code_tokens import Span, lexer_for, line_spans, utf16_starts

SLICE_MS = 8.0
# A single group larger than this stays plain: one regex step of a lexer cannot be split.
MAX_GROUP_CHARS = 512_000
_LANGUAGE = QTextFormat.Property.BlockCodeLanguage
_FENCE = QTextFormat.Property.BlockCodeFence


@dataclass
class _Group:
    first: int
    last: int
    lexer: Lexer
    text: str
    lines: Iterator[tuple[int, int, list[Span]]] | None = None
    done: bool = False
    pending: list[int] = field(default_factory=list)


class CodeHighlighter(QObject):
    """Colours the code blocks of ``document``; visible ones first when ``view`` is given.

    The document is expected to be replaced wholesale (``setMarkdown``) rather than edited:
    any change discards every computed colour and starts over.
    """

    def __init__(self, document: QTextDocument, view: QTextEdit | None = None) -> None:
        super().__init__(view)
        self._document = document
        self._view = view
        self._spans: dict[int, tuple[int, list[Span]]] = {}
        self._groups: list[_Group] = []
        self._formats = TokenFormats(view.palette() if view else QApplication.palette())
        self._work = QTimer(self)
        self._work.setInterval(0)
        self._work.timeout.connect(self._step)
        self._scan = QTimer(self)
        self._scan.setSingleShot(True)
        self._scan.setInterval(0)
        self._scan.timeout.connect(self._find_groups)
        document.contentsChange.connect(self._contents_changed)
        self._contents_changed()

    # -- public ----------------------------------------------------------------------

    def is_idle(self) -> bool:
        """True when every code group has been lexed and coloured."""
        return not self._scan.isActive() and all(g.done for g in self._groups)

    def finish(self) -> None:
        """Do all remaining work now (tests, benchmarks)."""
        if self._scan.isActive():
            self._scan.stop()
            self._find_groups()
        while not self.is_idle():
            self._step(budget_ms=1e9)

    def set_palette(self, palette: QPalette) -> None:
        """Re-derive token colours for ``palette``; re-colours only if they changed."""
        formats = TokenFormats(palette)
        if formats.key != self._formats.key:
            self._formats = formats
            self._apply(sorted(self._spans))

    def token_formats(self) -> TokenFormats:
        return self._formats

    # -- applying ----------------------------------------------------------------------

    def _apply(self, numbers: list[int]) -> None:
        """Set the layout formats of blocks ``numbers`` (ascending), then one relayout."""
        if not numbers:
            return
        document = self._document
        block = document.findBlockByNumber(numbers[0])
        first = block.position()
        for number in numbers:
            if block.blockNumber() != number:
                block = document.findBlockByNumber(number)
            self._apply_block(block)
        document.markContentsDirty(first, block.position() + block.length() - first)

    def _apply_block(self, block: QTextBlock) -> None:
        entry = self._spans.get(block.blockNumber())
        text = block.text()
        if entry is None or entry[0] != len(text):
            return
        utf16 = utf16_starts(text)
        ranges: list[QTextLayout.FormatRange] = []
        for start, length, token in entry[1]:
            fmt = self._formats.format(token)
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
        block.layout().setFormats(ranges)

    # -- work ------------------------------------------------------------------------

    def _contents_changed(self, *_: int) -> None:
        self._spans.clear()
        self._groups.clear()
        self._work.stop()
        self._scan.start()

    def _find_groups(self) -> None:
        block = self._document.begin()
        run: tuple[str, str] | None = None
        first = 0
        lines: list[str] = []
        while block.isValid():
            fmt = block.blockFormat()
            key = None
            if fmt.hasProperty(_LANGUAGE):
                key = (fmt.stringProperty(_LANGUAGE), fmt.stringProperty(_FENCE))
            if key != run:
                if run is not None:
                    self._add_group(first, run[0], lines)
                run, first, lines = key, block.blockNumber(), []
            if key is not None:
                lines.append(block.text())
            block = block.next()
        if run is not None:
            self._add_group(first, run[0], lines)
        if self._groups:
            self._work.start()

    def _add_group(self, first: int, language: str, lines: list[str]) -> None:
        lexer = lexer_for(language)
        text = "\n".join(lines) + "\n"
        if lexer is not None and len(text) <= MAX_GROUP_CHARS:
            self._groups.append(_Group(first, first + len(lines) - 1, lexer, text))

    def _visible_blocks(self) -> tuple[int, int]:
        view = self._view
        if view is None or not view.isVisible():
            return (-1, -1)
        top = view.cursorForPosition(QPoint(0, 0)).blockNumber()
        bottom = view.cursorForPosition(QPoint(0, view.viewport().height())).blockNumber()
        return (top, bottom)

    def _next_group(self, visible: tuple[int, int]) -> _Group | None:
        """The first unfinished group on screen, else the first unfinished one."""
        top, bottom = visible
        fallback = None
        for group in self._groups:
            if group.done:
                continue
            if group.first <= bottom and group.last >= top:
                return group
            fallback = fallback or group
        return fallback

    def _step(self, budget_ms: float = SLICE_MS) -> None:
        deadline = time.perf_counter() + budget_ms / 1000
        touched: list[int] = []
        visible = self._visible_blocks()
        while time.perf_counter() < deadline:
            group = self._next_group(visible)
            if group is None:
                break
            if group.lines is None:
                group.lines = line_spans(group.lexer, group.text)
            for count, (line, length, spans) in enumerate(group.lines):
                self._spans[group.first + line] = (length, spans)
                touched.append(group.first + line)
                if count % 16 == 15 and time.perf_counter() >= deadline:
                    break
            else:
                group.done = True
        self._apply(sorted(touched))
        if all(g.done for g in self._groups):
            self._work.stop()
