"""The guideline panel: the pack's pages in the annotator's language, beside the work.

Pages come from a signed pack, but they are still shown through an inert document: the
only resources it can show are the pack's own images, handed over as bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QComboBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


@dataclass(frozen=True)
class GuidelinePage:
    title: str
    path: str  # e.g. pages/en/guidelines.md; images resolve relative to it
    markdown: str


class _PackDocument(QTextDocument):
    """Serves only the pack's own images; everything else is an empty image."""

    def __init__(self, assets: Mapping[str, bytes], parent: Any = None) -> None:
        super().__init__(parent)
        self._assets = dict(assets)
        self.base_path = ""

    def loadResource(self, kind: int, name: QUrl) -> Any:
        if name.scheme() or name.isEmpty():
            return QImage()
        base = QUrl(self.base_path)
        wanted = base.resolved(name).path().lstrip("/")
        data = self._assets.get(wanted)
        return QImage.fromData(data) if data is not None else QImage()


class GuidelinePanel(QWidget):
    """Shows a pack's pages; ``set_pages`` replaces them. Links are reported, not followed."""

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Guidelines"))
        self._title = QLabel()
        self._title.setWordWrap(True)
        self._pages = QComboBox()
        self._pages.setAccessibleName(self.tr("Guideline page"))
        self._view = QTextBrowser()
        self._view.setAccessibleName(self.tr("Guideline text"))
        self._view.setOpenLinks(False)
        self._view.anchorClicked.connect(self.sig_link_requested)
        self._document = _PackDocument({}, self._view)
        self._view.setDocument(self._document)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._pages)
        layout.addWidget(self._view, 1)
        self._page_list: list[GuidelinePage] = []
        self._pages.currentIndexChanged.connect(self._show_page)
        self.set_pages("", [], {})

    def set_pages(
        self, title: str, pages: Sequence[GuidelinePage], assets: Mapping[str, bytes]
    ) -> None:
        self._title.setText(f"<b>{_escape(title)}</b>" if title else self.tr("No guidelines"))
        self._page_list = list(pages)
        self._document = _PackDocument(assets, self._view)
        self._view.setDocument(self._document)
        self._pages.blockSignals(True)
        self._pages.clear()
        self._pages.addItems([p.title for p in pages])
        self._pages.blockSignals(False)
        self._pages.setVisible(len(pages) > 1)
        self._show_page(0)

    def current_text(self) -> str:
        return self._document.toPlainText()

    def _show_page(self, index: int) -> None:
        if not 0 <= index < len(self._page_list):
            self._document.setMarkdown("")
            return
        page = self._page_list[index]
        self._document.base_path = page.path
        self._document.setMarkdown(page.markdown, _FEATURES)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
