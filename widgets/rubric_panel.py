"""The right-hand column: the item's state, a lead's review of it, the rubric form, and the
submit/skip/amend bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from widgets.review_note import ReviewNote

BANNER_STYLES = {
    "info": "palette(highlight)",
    "done": "#2e7d32",
    "warning": "#b26a00",
}


class RubricPanel(QWidget):
    """Hosts one rubric form at a time (``set_form``) and the actions on it.

    The panel never decides anything: its buttons emit ``sig_submit_requested``,
    ``sig_skip_requested`` and ``sig_amend_requested`` for the app to act on.
    """

    sig_submit_requested = Signal()
    sig_skip_requested = Signal()
    sig_amend_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Rubric"))
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName(self.tr("Item state"))
        self.banner.setVisible(False)
        self.review = ReviewNote()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(self.tr("Questions"))
        self.submit_button = QPushButton(self.tr("Submit"))
        self.submit_button.setToolTip(self.tr("Validate and submit (Ctrl+Enter)"))
        self.submit_button.setAccessibleName(self.tr("Submit the judgment"))
        self.skip_button = QPushButton(self.tr("Skip…"))
        self.skip_button.setAccessibleName(self.tr("Skip this item with a reason"))
        self.amend_button = QPushButton(self.tr("Amend"))
        self.amend_button.setAccessibleName(self.tr("Reopen the submitted judgment to correct it"))
        self.submit_button.clicked.connect(self.sig_submit_requested)
        self.skip_button.clicked.connect(self.sig_skip_requested)
        self.amend_button.clicked.connect(self.sig_amend_requested)
        bar = QHBoxLayout()
        bar.addWidget(self.skip_button)
        bar.addWidget(self.amend_button)
        bar.addStretch(1)
        bar.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.review)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        self._form: QWidget | None = None
        self.set_form(None, self.tr("Choose an item in the queue."))

    @property
    def form(self) -> QWidget | None:
        return self._form

    def set_form(self, form: QWidget | None, placeholder: str = "") -> None:
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._form = form
        if form is None:
            label = QLabel(placeholder)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.scroll.setWidget(label)
        else:
            self.scroll.setWidget(form)

    def set_state(self, editable: bool, amendable: bool) -> None:
        """Which actions apply: a draft can be submitted or skipped, a finished one amended."""
        if self._form is not None:
            self._form.setEnabled(editable)
        self.submit_button.setEnabled(editable)
        self.skip_button.setEnabled(editable)
        self.amend_button.setVisible(amendable)

    def set_banner(self, text: str, kind: str = "info") -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        color = BANNER_STYLES.get(kind, BANNER_STYLES["info"])
        self.banner.setStyleSheet(f"QLabel {{ border-left: 4px solid {color}; padding: 4px 8px; }}")

    def set_review(
        self,
        heading: str,
        comment: str = "",
        hint: str = "",
        kind: str = "returned",
        when: str = "",
    ) -> None:
        """Show a lead's decision above the form; an empty ``heading`` hides it."""
        if heading:
            self.review.set_note(heading, comment, hint, kind, when)
        else:
            self.review.clear()
