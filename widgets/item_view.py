"""A read-only view of one item: the conversation, then the responses labelled A, B, C….

Responses are untrusted model output: they render through ``SafeMarkdownView`` (HTML shown
as text, nothing loaded, links only reported). Conversation turns are shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from widgets.markdown_view import SafeMarkdownView
from widgets.view_models import ItemContent

COLUMNS_SIDE_BY_SIDE = 4


def _text_box(text: str, accessible_name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setPlainText(text)
    box.setAccessibleName(accessible_name)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return box


class ItemView(QSplitter):
    """Shows an ``ItemContent``; 2–4 responses side by side, more in a grid of rows.

    ``sig_link_requested(QUrl)``: a link in a response was clicked; nothing was opened.
    """

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setAccessibleName(self.tr("Item"))
        self._conversation = QWidget()
        self._conversation_layout = QVBoxLayout(self._conversation)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._conversation)
        self._responses = QWidget()
        self._responses_layout = QGridLayout(self._responses)
        self.addWidget(scroll)
        self.addWidget(self._responses)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 2)
        self.current_item_id: str | None = None
        self.show_placeholder(self.tr("Choose an item in the queue."))

    def show_placeholder(self, message: str) -> None:
        self._clear()
        label = QLabel(message)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._conversation_layout.addWidget(label)
        self.current_item_id = None

    def show_item(self, item: ItemContent) -> None:
        self._clear()
        roles = {
            "system": self.tr("System"),
            "user": self.tr("User"),
            "assistant": self.tr("Assistant"),
        }
        for turn in item.turns:
            role = roles.get(turn.role, turn.role)
            box = QGroupBox(role)
            layout = QVBoxLayout(box)
            text = _text_box(turn.text, role)
            layout.addWidget(text)
            if turn.role == "system":
                box.setCheckable(True)
                box.setChecked(False)
                text.setVisible(False)
                box.toggled.connect(text.setVisible)
            self._conversation_layout.addWidget(box)
        self._conversation_layout.addStretch(1)
        for index, response in enumerate(item.responses):
            title = self.tr("Response {label}").format(label=response.label)
            box = QGroupBox(title)
            layout = QVBoxLayout(box)
            view = SafeMarkdownView()
            view.setAccessibleName(title)
            view.set_markdown(response.text)
            view.sig_link_requested.connect(self.sig_link_requested)
            layout.addWidget(view)
            row, column = divmod(index, COLUMNS_SIDE_BY_SIDE)
            self._responses_layout.addWidget(box, row, column)
        self.current_item_id = item.id

    def response_titles(self) -> list[str]:
        """The response boxes' titles in display order (what a screen reader announces)."""
        boxes = []
        for index in range(self._responses_layout.count()):
            child = self._responses_layout.itemAt(index)
            widget = child.widget() if child is not None else None
            if isinstance(widget, QGroupBox):
                boxes.append(widget.title())
        return boxes

    def _clear(self) -> None:
        for layout in (self._conversation_layout, self._responses_layout):
            while layout.count():
                child = layout.takeAt(0)
                widget = child.widget() if child is not None else None
                if widget is not None:
                    widget.deleteLater()
