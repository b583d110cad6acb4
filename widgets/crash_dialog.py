"""The dialog shown after an unexpected error: what went wrong, where the log is, and a
button that copies a report (already redacted by the caller) for the support request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashDialog(QDialog):
    """Shows ``message`` and ``log_path``; "Copy report" puts ``report`` on the clipboard."""

    def __init__(
        self, message: str, log_path: str, report: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Prefdesk ran into a problem"))
        intro = QLabel(
            self.tr(
                "Something unexpected went wrong. Your saved work is safe in the local store. "
                "If this keeps happening, send the report to your project lead."
            )
        )
        intro.setWordWrap(True)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-weight: bold")
        self.log_label = QLabel(self.tr("Details were written to: {path}").format(path=log_path))
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Report"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy report"))
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        self.buttons.rejected.connect(self.reject)
        self.copied = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.log_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.copied)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copied.setText(self.tr("The report is on the clipboard."))
