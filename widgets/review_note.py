"""A lead's decision on the judgment on screen: a heading, the lead's comment, what to do.

The comment is someone else's free text, so it only ever goes in with ``setPlainText`` into
a read-only view that accepts no rich text: markup shows as typed, nothing becomes a link,
any script stays as written. Unlike a word-wrapped label it breaks a long unbroken word (a
URL, a hash) instead of widening the column. It grows with the comment up to a few lines,
then scrolls.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextOption
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

# Left-border colours by kind; amber asks for action without the alarm of red, and a
# return already answered by a revision fades to grey.
NOTE_COLORS = {
    "returned": "#b26a00",
    "accepted": "#2e7d32",
    "fixed": "palette(highlight)",
    "answered": "palette(mid)",
}
MAX_COMMENT_LINES = 8


class CommentView(QTextEdit):
    """Read-only plain text sized to its wrapped lines, at most ``MAX_COMMENT_LINES``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("QTextEdit { background: transparent; border: none; }")
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: Any) -> None:
        # The document is laid out at the viewport's width, so its height in pixels
        # follows both the comment and the column's width.
        most = MAX_COMMENT_LINES * self.fontMetrics().lineSpacing()
        height = min(self.document().size().height(), most + 2 * self.document().documentMargin())
        margins = self.contentsMargins()
        self.setFixedHeight(int(height) + margins.top() + margins.bottom() + 1)


class ReviewNote(QFrame):
    """Shows one review (``set_note``) or nothing (``clear``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_note")
        self.setAccessibleName(self.tr("Your lead's review"))
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.comment = CommentView()
        self.comment.setAccessibleName(self.tr("Your lead's comment"))
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.comment)
        layout.addWidget(self.hint)
        self.clear()

    def set_note(
        self,
        heading: str,
        comment: str = "",
        hint: str = "",
        kind: str = "returned",
        when: str = "",
    ) -> None:
        """``comment`` is shown exactly as given; ``when`` goes to the tooltip."""
        self.heading.setText(heading)
        self.comment.setPlainText(comment)
        self.comment.setVisible(bool(comment.strip()))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.setToolTip(when)
        self.setAccessibleDescription(" ".join(p for p in (heading, comment, hint) if p))
        color = NOTE_COLORS.get(kind, NOTE_COLORS["returned"])
        self.setStyleSheet(
            f"QFrame#review_note {{ border-left: 4px solid {color}; "
            "background: palette(alternate-base); }"
        )
        self.setVisible(True)

    def clear(self) -> None:
        self.heading.clear()
        self.comment.clear()
        self.hint.clear()
        self.setVisible(False)
