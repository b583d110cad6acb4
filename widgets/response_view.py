"""One response: its title, the rendered Markdown, and on demand the exact raw text.

Rendered mode is a ``SafeMarkdownView`` with lazy code highlighting. Raw mode is a read-only
``QPlainTextEdit`` holding the response text byte for byte (what the model really wrote,
e.g. to judge Markdown syntax errors); it is created on first use, because most responses
are never looked at raw and a second copy of a 200 KB text costs time and memory.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.markdown_view import SafeMarkdownView
from widgets.scroll_fraction import FractionKeeper, fraction, set_fraction

Mode = Literal["rendered", "raw"]


class ResponseView(QWidget):
    """A titled response with a rendered/raw toggle.

    ``sig_scrolled(float)``: the visible text was scrolled to this fraction (0…1).
    ``sig_link_requested(QUrl)``: a link was clicked; nothing was opened.
    """

    sig_scrolled = Signal(float)
    sig_link_requested = Signal(QUrl)

    def __init__(self, label: str, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.title = title
        self.text = text
        self.setAccessibleName(title)
        self.title_label = QLabel(title)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setAccessibleName(title)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.raw_toggle = QToolButton()
        self.raw_toggle.setText(self.tr("Raw"))
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.raw_toggle.setAccessibleName(self.tr("Show raw text of {title}").format(title=title))
        self.raw_toggle.setToolTip(self.tr("Show the exact text the model wrote"))
        self.raw_toggle.toggled.connect(self._apply_mode)
        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 2, 2)
        header.addWidget(self.title_label)
        header.addStretch(1)
        header.addWidget(self.raw_toggle)
        self.rendered = SafeMarkdownView(highlight_code=True)
        self.rendered.setAccessibleName(title)
        self.rendered.sig_link_requested.connect(self.sig_link_requested)
        self.rendered.document().setDocumentMargin(8)  # Qt's 4 px reads as cramped
        self.rendered.set_markdown(text)
        self.raw: QPlainTextEdit | None = None
        self._stack = QStackedWidget()
        self._stack.addWidget(self.rendered)
        self._keepers: dict[QAbstractScrollArea, FractionKeeper] = {
            self.rendered: self._watch(self.rendered)
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)
        self.setFocusProxy(self.rendered)

    def _watch(self, view: QAbstractScrollArea) -> FractionKeeper:
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(lambda _=0, v=view: self._scrolled(v))
        return FractionKeeper(bar, (view, view.viewport()))

    def _scrolled(self, view: QAbstractScrollArea) -> None:
        if view is self.active_view():
            self.sig_scrolled.emit(fraction(view.verticalScrollBar()))

    def _make_raw(self) -> QPlainTextEdit:
        raw = QPlainTextEdit()
        raw.setReadOnly(True)
        raw.document().setDocumentMargin(8)
        raw.setPlainText(self.text)
        raw.setAccessibleName(self.tr("{title}, raw text").format(title=self.title))
        raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        raw.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        raw.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._stack.addWidget(raw)
        self._keepers[raw] = self._watch(raw)
        return raw

    def active_view(self) -> SafeMarkdownView | QPlainTextEdit:
        """The widget showing the text now: the rendered view or the raw editor."""
        current = self._stack.currentWidget()
        assert isinstance(current, SafeMarkdownView | QPlainTextEdit)
        return current

    def is_raw(self) -> bool:
        return self.raw_toggle.isChecked()

    def mode(self) -> Mode:
        return "raw" if self.is_raw() else "rendered"

    def set_raw(self, raw: bool) -> None:
        """Show the raw text (True) or the rendered Markdown (False), like the toggle does."""
        self.raw_toggle.setChecked(raw)

    def _apply_mode(self, raw: bool) -> None:
        # Keeps the scroll fraction and keyboard focus across the switch.
        if raw and self.raw is None:
            self.raw = self._make_raw()
        old = self.active_view()
        had_focus = old.hasFocus()
        was = fraction(old.verticalScrollBar())
        target = self.raw if raw and self.raw is not None else self.rendered
        self._stack.setCurrentWidget(target)
        self.setFocusProxy(target)
        self.set_scroll_fraction(was)
        if had_focus:
            target.setFocus()

    def scroll_fraction(self) -> float:
        return fraction(self.active_view().verticalScrollBar())

    def set_scroll_fraction(self, value: float) -> None:
        """Scroll the visible text to ``value`` and hold it while its layout settles."""
        self._keepers[self.active_view()].hold(value)

    def follow(self, value: float) -> None:
        """Scroll to ``value`` because another response scrolled; nothing is held."""
        set_fraction(self.active_view().verticalScrollBar(), value)

    def is_restoring(self) -> bool:
        """True while a restored position is being held (its moves must not be synced)."""
        return self._keepers[self.active_view()].active
