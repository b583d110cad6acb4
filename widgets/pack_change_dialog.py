"""“What changed”: a new guideline version, shown as its diff, acknowledged before work goes on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class _InertHtml(QTextDocument):
    def loadResource(self, kind: int, name: QUrl) -> Any:
        return QImage()  # the diff page is self-contained; nothing may be fetched


class PackChangeDialog(QDialog):
    """Shows the diff HTML of two pack versions.

    ``accepted`` means the annotator pressed “I have read what changed”; the caller records
    the acknowledgement. “Later” closes it without one, and the next submit asks again.
    """

    def __init__(
        self, title: str, summary: str, diff_html: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Guidelines changed"))
        self.setAccessibleName(self.tr("What changed in the guidelines"))
        self.resize(820, 640)
        heading = QLabel(title)
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        note = QLabel(summary)
        note.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.tr("Changes"))
        self.view.setOpenLinks(False)
        document = _InertHtml(self.view)
        document.setHtml(diff_html)
        self.view.setDocument(document)
        buttons = QDialogButtonBox()
        self.acknowledge_button = QPushButton(self.tr("I have read what changed"))
        self.acknowledge_button.setAccessibleName(self.tr("Acknowledge the changes"))
        later = QPushButton(self.tr("Later"))
        buttons.addButton(self.acknowledge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.acknowledge_button.setDefault(True)
        self.view.setFocus()
