"""The responses of an item: 2–4 side by side in resizable columns, 5–9 in tabs.

Side by side, scrolling is synchronised by default: when one column scrolls, the others move
to the same *fraction* of their length, so comparable parts of answers of different lengths
stay roughly level. ``set_synced_scrolling(False)`` lets each column scroll on its own.
Tabs show one response at a time, so they are never synchronised; each keeps its own place.
Tabs switch with Ctrl+Tab / Ctrl+Shift+Tab (Qt's tab widget keys) or ``focus_response``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QSplitter, QStackedLayout, QTabWidget, QWidget

from widgets.response_view import ResponseView
from widgets.view_models import ResponseCard

MAX_COLUMNS = 4


class ResponsePanel(QWidget):
    """Shows ``ResponseCard``s titled "Response A"…; see the module docstring for layout.

    ``sig_link_requested(QUrl)``: a link in a response was clicked; nothing was opened.
    """

    sig_link_requested = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Responses"))
        self.views: list[ResponseView] = []
        self._synced = True
        self._following = False  # True while moving the other columns (no echo)
        self._layout = QStackedLayout(self)
        self._container: QSplitter | QTabWidget | None = None

    # -- content ---------------------------------------------------------------------

    def clear(self) -> None:
        self.views = []
        if self._container is not None:
            self._layout.removeWidget(self._container)
            self._container.deleteLater()
            self._container = None

    def show_responses(self, responses: Sequence[ResponseCard]) -> None:
        """Replace the shown responses; titles follow the cards' labels in the given order."""
        self.clear()
        container: QSplitter | QTabWidget
        if len(responses) <= MAX_COLUMNS:
            container = QSplitter(Qt.Orientation.Horizontal)
            container.setChildrenCollapsible(False)
            container.setAccessibleName(self.tr("Responses side by side"))
        else:
            container = QTabWidget()
            container.setDocumentMode(True)
            container.setUsesScrollButtons(True)
            container.setAccessibleName(self.tr("Responses in tabs"))
        for response in responses:
            title = self.tr("Response {label}").format(label=response.label)
            view = ResponseView(response.label, title, response.text)
            view.sig_link_requested.connect(self.sig_link_requested)
            view.sig_scrolled.connect(lambda value, v=view: self._scrolled(v, value))
            if isinstance(container, QTabWidget):
                index = container.addTab(view, title)
                container.setTabToolTip(index, title)
                view.title_label.hide()  # the tab already says it
            else:
                view.setMinimumWidth(160)
                container.addWidget(view)
            self.views.append(view)
        if isinstance(container, QSplitter):
            container.setSizes([1000] * len(responses))  # equal columns
        self._container = container
        self._layout.addWidget(container)
        self._layout.setCurrentWidget(container)

    def titles(self) -> list[str]:
        return [view.title for view in self.views]

    def uses_tabs(self) -> bool:
        return isinstance(self._container, QTabWidget)

    def tabs(self) -> QTabWidget | None:
        return self._container if isinstance(self._container, QTabWidget) else None

    def focus_response(self, index: int) -> None:
        """Bring response ``index`` (display order) into view and give it keyboard focus."""
        if not 0 <= index < len(self.views):
            return
        tabs = self.tabs()
        if tabs is not None:
            tabs.setCurrentIndex(index)
        self.views[index].active_view().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- synchronised scrolling ------------------------------------------------------

    def synced_scrolling(self) -> bool:
        return self._synced

    def set_synced_scrolling(self, synced: bool) -> None:
        self._synced = synced

    def _scrolled(self, source: ResponseView, value: float) -> None:
        if not self._synced or self._following or self.uses_tabs() or source.is_restoring():
            return
        self._following = True
        try:
            for view in self.views:
                if view is not source and not view.is_restoring():
                    view.follow(value)
        finally:
            self._following = False

    # -- state -----------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """JSON-able: per response label, scroll fraction and mode; the open tab when tabbed."""
        state: dict[str, Any] = {
            "responses": {
                view.label: {"scroll": view.scroll_fraction(), "mode": view.mode()}
                for view in self.views
            }
        }
        tabs = self.tabs()
        if tabs is not None:
            state["tab"] = tabs.currentIndex()
        return state

    def restore_state(self, state: dict[str, Any]) -> None:
        """Apply what ``state()`` returned; unknown titles and malformed values are ignored."""
        saved = state.get("responses")
        if isinstance(saved, dict):
            for view in self.views:
                entry = saved.get(view.label)
                if not isinstance(entry, dict):
                    continue
                if entry.get("mode") in ("raw", "rendered"):
                    view.set_raw(entry["mode"] == "raw")
                scroll = entry.get("scroll")
                if isinstance(scroll, int | float) and not isinstance(scroll, bool):
                    view.set_scroll_fraction(float(scroll))
        tab = state.get("tab")
        tabs = self.tabs()
        if tabs is not None and isinstance(tab, int) and 0 <= tab < tabs.count():
            tabs.setCurrentIndex(tab)
