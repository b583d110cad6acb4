"""Skipping an item needs a reason: one of the pack's, or the annotator's own words."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class SkipDialog(QDialog):
    """Offers ``reasons`` as (option id, label) plus “Other”; OK stays off until one is given.

    After ``accepted``: ``reason_id()`` is the chosen option id (None for Other) and
    ``reason_text()`` the words stored with the skip.
    """

    def __init__(self, reasons: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Skip this item"))
        self.setAccessibleName(self.tr("Skip this item"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Why are you skipping it?")))
        self._group = QButtonGroup(self)
        self._ids: list[str | None] = []
        for number, (option_id, label) in enumerate(reasons, start=1):
            button = QRadioButton(f"&{number}  {label}")
            button.setAccessibleName(label)
            self._group.addButton(button, len(self._ids))
            self._ids.append(option_id)
            layout.addWidget(button)
        self._other = QRadioButton(self.tr("&Other:"))
        self._group.addButton(self._other, len(self._ids))
        self._ids.append(None)
        self._text = QLineEdit()
        self._text.setAccessibleName(self.tr("Skip reason in your words"))
        self._text.setPlaceholderText(self.tr("Say why, briefly"))
        layout.addWidget(self._other)
        layout.addWidget(self._text)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout.addWidget(self._buttons)
        self._labels = dict(reasons)
        self._group.idToggled.connect(self._update)
        self._text.textChanged.connect(self._typed)
        self._update()
        first = self._group.button(0)
        if first is not None:
            first.setFocus()

    def reason_id(self) -> str | None:
        index = self._group.checkedId()
        return self._ids[index] if index >= 0 else None

    def reason_text(self) -> str:
        option = self.reason_id()
        if option is not None:
            return self._labels[option]
        return self._text.text().strip() if self._other.isChecked() else ""

    def _typed(self, text: str) -> None:
        if text.strip() and not self._other.isChecked():
            self._other.setChecked(True)
        self._update()

    def _update(self, *_args: object) -> None:
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason_text()))
