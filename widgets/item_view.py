"""A read-only view of one item: the conversation above, the responses A, B, C… below.

Everything shown is untrusted (model output and the data it came with): turns and responses
render through ``SafeMarkdownView`` — HTML shown as text, no file, image or URL ever loaded,
links only reported through ``sig_link_requested`` (the app asks with ``confirm_link``).
Turn images are decoded from the bytes the item carries, never from a path or URL.

Contract of the item view:

- ``show_item(content)`` / ``show_placeholder(message)``; ``current_item_id`` is the shown
  item's id or None.
- ``response_titles()``: "Response A"… in display order.
- ``scroll_state()`` → JSON-able dict; ``restore_scroll_state(state)`` takes it back (also
  after a restart: positions are fractions, modes by response label; bad input is ignored).
- ``set_synced_scrolling(bool)`` / ``synced_scrolling()``: side-by-side columns scroll together
  (on by default).
- ``focus_response(index)``: show response ``index`` (display order) and focus it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QSplitter, QWidget

from widgets.conversation_view import ConversationView
from widgets.response_panel import ResponsePanel
from widgets.view_models import ItemContent

STATE_VERSION = 1


#: The conversation pane is never smaller than this, nor larger than this share of the view.
MIN_CONVERSATION_PX = 80
MAX_CONVERSATION_SHARE = 0.45


class ItemView(QSplitter):
    """Conversation (top) and responses (bottom) of one item; see the module docstring.

    ``sig_link_requested(QUrl)``: a link in a turn or response was clicked; nothing was opened.
    """

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setAccessibleName(self.tr("Item"))
        self.setChildrenCollapsible(False)
        self.conversation = ConversationView()
        self.conversation.sig_link_requested.connect(self.sig_link_requested)
        self.responses = ResponsePanel()
        self.responses.sig_link_requested.connect(self.sig_link_requested)
        self.addWidget(self.conversation)
        self.addWidget(self.responses)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 2)
        self.setSizes([1000, 2000])  # a third for the conversation until the user drags
        self._user_sized = False
        self.splitterMoved.connect(self._dragged)
        self.current_item_id: str | None = None
        self.show_placeholder(self.tr("Choose an item in the queue."))

    def show_placeholder(self, message: str) -> None:
        """Show ``message`` instead of an item; ``current_item_id`` becomes None."""
        self.setFocusProxy(self.conversation)
        self.responses.clear()
        self.conversation.show_message(message)
        self.current_item_id = None

    def show_item(self, item: ItemContent) -> None:
        """Show ``item`` from the top, in rendered mode; code colours arrive lazily."""
        self.conversation.show_turns(item.turns)
        self.responses.show_responses(item.responses)
        if self.responses.views:
            self.setFocusProxy(self.responses.views[0])
        self.current_item_id = item.id
        self._fit_conversation()
        QTimer.singleShot(0, self._fit_conversation)  # again once the turns are laid out

    def _dragged(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def _fit_conversation(self) -> None:
        """Give a short conversation only the room it needs, a long one at most 45%.

        Once the annotator has dragged the divider, their choice stands.
        """
        if self._user_sized:
            return
        total = sum(self.sizes())
        if total <= 0:
            return
        page = self.conversation.widget()
        need = (
            (page.sizeHint().height() if page is not None else 0)
            + 2 * self.conversation.frameWidth()
            + 8
        )
        want = max(MIN_CONVERSATION_PX, min(need, int(total * MAX_CONVERSATION_SHARE)))
        self.setSizes([want, total - want])

    def response_titles(self) -> list[str]:
        """The responses' titles in display order (what a screen reader announces)."""
        return self.responses.titles()

    def focus_response(self, index: int) -> None:
        self.responses.focus_response(index)

    def synced_scrolling(self) -> bool:
        return self.responses.synced_scrolling()

    def set_synced_scrolling(self, synced: bool) -> None:
        self.responses.set_synced_scrolling(synced)

    def scroll_state(self) -> dict[str, Any]:
        """Where the reader is: conversation fraction, and per response fraction and mode."""
        state: dict[str, Any] = {
            "version": STATE_VERSION,
            "item_id": self.current_item_id,
            "conversation": self.conversation.scroll_fraction(),
        }
        state.update(self.responses.state())
        return state

    def restore_scroll_state(self, state: dict[str, Any]) -> None:
        """Take back a ``scroll_state()``; ignored when it was saved for another item."""
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            return
        saved_for = state.get("item_id")
        if saved_for is not None and saved_for != self.current_item_id:
            return
        conversation = state.get("conversation")
        if isinstance(conversation, int | float) and not isinstance(conversation, bool):
            self.conversation.set_scroll_fraction(float(conversation))
        self.responses.restore_state(state)
