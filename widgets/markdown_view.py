"""Markdown for untrusted model output: rendered, but inert.

Model responses are untrusted content. Qt's Markdown support would otherwise let a
response restyle the view with raw HTML, read local files through image syntax
(``![x](file:///etc/passwd)``), or open a link on a click. So this view parses with
``MarkdownNoHTML`` (HTML tags stay visible as text), loads no resource of any kind, and never
follows a link itself: it only reports the click through ``sig_link_requested`` so the app
can ask before opening anything.

Overriding ``QTextBrowser.loadResource`` alone is not enough: when it returns nothing,
``QTextDocument.loadResource`` falls back to opening ``file:`` URLs itself (a test proves
it). The override therefore lives on the document, and answers every request with an
empty placeholder image so that no fallback ever runs.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from widgets.code_colors import code_background
from widgets.code_highlighter import CodeHighlighter


class InertTextDocument(QTextDocument):
    """A document that never reads a file, a URL or a data URI for any resource."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked_resources: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> Any:
        self.blocked_resources.append(name.toString())
        return QImage()


# GitHub's dialect (tables, strikethrough, task lists) with every HTML feature switched off:
# ``MarkdownNoHTML`` alone would fall back to plain CommonMark and show tables as pipes.
_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


class SafeMarkdownView(QTextBrowser):
    """A read-only Markdown view that never loads a file, an image or a URL.

    Code blocks get a palette-derived tint; with ``highlight_code`` they are also coloured
    by a lazy ``CodeHighlighter`` (see ``highlighter``).
    """

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None, *, highlight_code: bool = False) -> None:
        super().__init__(parent)
        self._document = InertTextDocument(self)
        self._document.setUndoRedoEnabled(False)  # read-only: an undo stack only costs memory
        self.setDocument(self._document)
        self._detached = QTextDocument(self)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self.sig_link_requested)
        self.highlighter = CodeHighlighter(self._document, self) if highlight_code else None

    @property
    def blocked_resources(self) -> list[str]:
        return self._document.blocked_resources

    def set_markdown(self, text: str) -> None:
        """Show ``text`` from the top, nothing selected."""
        # Imported while the view shows an empty stand-in: otherwise the view's cursor rides
        # along to the end of the text (scrolling the view there), and moving it back costs
        # ~150 ms on a 200 KB text. Re-attaching puts a fresh cursor at the top.
        self.setDocument(self._detached)
        self._document.setMarkdown(text, _FEATURES)
        self.setDocument(self._document)

    def loadResource(self, kind: int, name: QUrl) -> Any:
        return self._document.loadResource(kind, name)

    def showEvent(self, event: QShowEvent) -> None:
        # QTextEdit.showEvent only scrolls the (hidden, read-only) cursor into view on the
        # first show — while a view just added to a layout is still 0 px tall, which scrolls
        # it down a line and moved synchronised neighbours with it. So it is skipped.
        QWidget.showEvent(self, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.highlighter is not None:
            self.highlighter.set_palette(self.palette())
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Tint code blocks under the text; only the visible blocks are looked at.
        layout = self._document.documentLayout()
        viewport = self.viewport()
        offset = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        block = self.cursorForPosition(QPoint(0, 0)).block()
        bottom = viewport.height() + offset.y()
        painter: QPainter | None = None
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            if rect.top() > bottom:
                break
            if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeLanguage):
                if painter is None:
                    painter = QPainter(viewport)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(code_background(self.palette()))
                full = QRectF(0, rect.top(), viewport.width() + offset.x(), rect.height())
                painter.drawRect(full.translated(-offset.x(), -offset.y()))
            block = block.next()
        if painter is not None:
            painter.end()
        super().paintEvent(event)


class FittedMarkdownView(SafeMarkdownView):
    """A ``SafeMarkdownView`` as tall as its text: it never scrolls, its page does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, highlight_code=True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The card is the frame; the app's sheet borders every QTextEdit, so only the focus
        # border is kept (same width as padding, so focusing does not move the text).
        self.setStyleSheet(
            "FittedMarkdownView { border: none; padding: 2px; }"
            "FittedMarkdownView:focus { border: 2px solid palette(highlight); padding: 0px; }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self, *_: object) -> None:
        margins = self.contentsMargins()
        height = math.ceil(self.document().size().height()) + margins.top() + margins.bottom()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()  # a collapsed system prompt was never laid out at its real width

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())
