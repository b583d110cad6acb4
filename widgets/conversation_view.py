"""The conversation of an item: one ``TurnCard`` per turn, the system prompt collapsed.

Turn text is untrusted like responses, so it renders through ``SafeMarkdownView`` (HTML as
text, no resource loaded, links only reported). Each card is as tall as its text so the
whole conversation scrolls as one page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from widgets.scroll_fraction import FractionKeeper, fraction
from widgets.turn_card import TurnCard
from widgets.view_models import TurnView


class ConversationView(QScrollArea):
    """The turns of one item, top to bottom, in one scrolling page."""

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Conversation"))
        self.setWidgetResizable(True)
        self.cards: list[TurnCard] = []
        self._keeper = FractionKeeper(self.verticalScrollBar(), (self, self.viewport()))
        self.show_message("")

    def _page(self) -> QVBoxLayout:
        page = QWidget()
        page.setAutoFillBackground(True)
        page.setBackgroundRole(QPalette.ColorRole.Window)
        layout = QVBoxLayout(page)
        layout.setSpacing(10)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(page)
        self.cards = []
        return layout

    def show_message(self, message: str) -> None:
        """Replace the turns with a centred message (no item shown)."""
        label = QLabel(message)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setAccessibleName(message)
        self._page().addWidget(label)

    def show_turns(self, turns: Sequence[TurnView]) -> None:
        layout = self._page()
        names = {
            "system": self.tr("System prompt"),
            "user": self.tr("User"),
            "assistant": self.tr("Assistant"),
        }
        for turn in turns:
            card = TurnCard(turn, names.get(turn.role, turn.role.capitalize()))
            card.sig_link_requested.connect(self.sig_link_requested)
            layout.addWidget(card)
            self.cards.append(card)
        layout.addStretch(1)
        self.verticalScrollBar().setValue(0)

    def scroll_fraction(self) -> float:
        return fraction(self.verticalScrollBar())

    def set_scroll_fraction(self, value: float) -> None:
        """Scroll to ``value`` (0…1) and hold it while the turns finish laying out."""
        self._keeper.hold(value)
