"""The rewrite editor's live comparison: the word diff and the edit distance.

It recomputes only when told to (the editor debounces), and shows unchanged runs elided so
the view of a 50 KB rewrite stays short. All text is escaped before it becomes HTML, and the
view is a ``SafeMarkdownView``, which loads no resource and follows no link.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from widgets.markdown_view import SafeMarkdownView
from widgets.rubric.word_diff import DELETE_STYLE, INSERT_STYLE, WordComparison, compare, diff_html

_CONTEXT_CHARS = 160  # unchanged text kept beside each change


class RewriteDiff(QWidget):
    """Caption, diff view and the "Edit distance" line for one rewrite."""

    #: emitted after every recompute, with the comparison (None while nothing is edited)
    sig_updated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recomputes = 0  # how often a comparison ran: tests check typing never does it
        self.last: WordComparison | None = None
        self._caption = QLabel(self)
        self._view = SafeMarkdownView(self)
        self._view.setAccessibleName(self.tr("Changes against the source"))
        self.stats = QLabel(self)
        self.stats.setAccessibleName(self.tr("Edit distance"))
        captioned(self._caption, self._view, self)

    def set_source_label(self, label: str) -> None:
        # tr() outside the f-strings: lupdate does not look inside them.
        inserted, deleted = self.tr("inserted"), self.tr("deleted")
        self._caption.setText(
            self.tr("Changes against {0}: {1}, {2}").format(
                html.escape(label),
                f'<span style="{INSERT_STYLE}">{inserted}</span>',
                f'<span style="{DELETE_STYLE}">{deleted}</span>',
            )
        )

    def show_untouched(self) -> None:
        self.last = None
        self._view.setHtml("<p>" + html.escape(self.tr("Your changes appear here.")) + "</p>")
        self.stats.setText(self.tr("Edit distance: no edits yet"))
        self.sig_updated.emit(None)

    def show_comparison(self, original: str, text: str) -> None:
        self.recomputes += 1
        result = self.last = compare(original, text)
        scroll = self._view.verticalScrollBar()
        kept = scroll.value()  # a recompute must not throw the reader back to the top
        self._view.setHtml(diff_html(result.ops, _CONTEXT_CHARS, self._skipped))
        scroll.setValue(kept)
        words = (
            self.tr("1 word changed")
            if result.distance == 1
            else self.tr("{0} words changed").format(result.distance)
        )
        chars = self.tr("{0:+d} characters").format(result.char_delta)
        self.stats.setText(self.tr("Edit distance: {0} · {1}").format(words, chars))
        self.sig_updated.emit(result)

    def html(self) -> str:
        """The diff as the view holds it (Qt's normalised HTML)."""
        return self._view.toHtml()

    def _skipped(self, n: int) -> str:
        if n == 1:
            return self.tr("⋯ 1 unchanged word ⋯")
        return self.tr("⋯ {0} unchanged words ⋯").format(n)


def captioned(caption: QLabel, widget: QWidget, box: QWidget | None = None) -> QWidget:
    """``widget`` under ``caption`` (its buddy, so the caption names it), in ``box``."""
    box = box or QWidget()
    caption.setBuddy(widget)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(caption)
    layout.addWidget(widget)
    return box
