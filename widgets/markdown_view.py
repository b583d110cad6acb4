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

from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget


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
    """A read-only Markdown view that never loads a file, an image or a URL."""

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = InertTextDocument(self)
        self.setDocument(self._document)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self.sig_link_requested)

    @property
    def blocked_resources(self) -> list[str]:
        return self._document.blocked_resources

    def set_markdown(self, text: str) -> None:
        self._document.setMarkdown(text, _FEATURES)

    def loadResource(self, kind: int, name: QUrl) -> Any:
        return self._document.loadResource(kind, name)
