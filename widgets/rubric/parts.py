"""Small parts the rubric editors share: chips, their texts, muted and row labels."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


def _wrapped(label: str, width: int) -> list[str]:
    # Chinese or Japanese text may break between any two characters; words never break.
    wide = any(unicodedata.east_asian_width(c) in "WF" for c in label)
    return textwrap.wrap(label, width, break_long_words=wide) or [""]


def wrap_width(labels: Sequence[str], max_lines: int = 2) -> int:
    """The narrowest line length (in characters) that wraps every label onto ``max_lines``.

    One width for all chips of a scale keeps them alike. Lines are at least 10 characters
    (short labels such as "Point 1" stay whole); a label too long even at 24 characters a
    line takes more lines instead.
    """
    return _wrap_width(tuple(labels), max_lines)


@cache  # every response row, and every item of a batch, shows the same scales
def _wrap_width(labels: tuple[str, ...], max_lines: int) -> int:
    for width in range(10, 25):
        if all(len(_wrapped(label, width)) <= max_lines for label in labels):
            return width
    return 24


def chip_text(key: str, label: str, width: int = 14) -> str:
    """A chip's text: its key or value on the first line, the label wrapped below it."""
    if not label or label == key:
        return plain_button_text(key)
    return plain_button_text("\n".join([key, *_wrapped(label, width)]))


def plain_button_text(text: str) -> str:
    """``text`` for a button, with ``&`` shown as itself instead of making a mnemonic."""
    return text.replace("&", "&&")


class ChipButton(QPushButton):
    """A checkable button styled as a chip by the form's style sheet (``chip`` property).

    Chips are not grouped: the editor decides what is checked, so clicking a checked chip
    can clear it and ``set_value(None)`` can clear a row, which exclusive groups forbid.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setCheckable(True)
        self.setProperty("chip", True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # macOS would skip it when tabbing
        self.setAutoDefault(False)
        # Fill the cell the flow layout gives it, so chips of a scale are all the same size.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)


def muted(label: QLabel, smaller: bool = True) -> QLabel:
    """Show ``label`` in a secondary colour (text blended towards the background).

    Computed from the palette, so it reads in light and dark themes alike; a style sheet
    colour (e.g. the form's red for warnings) still wins over it.
    """
    palette = label.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    mix = QColor(
        (text.red() * 3 + back.red() * 2) // 5,
        (text.green() * 3 + back.green() * 2) // 5,
        (text.blue() * 3 + back.blue() * 2) // 5,
    )
    palette.setColor(QPalette.ColorRole.WindowText, mix)
    label.setPalette(palette)
    if smaller:
        font = label.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
        label.setFont(font)
    return label


def row_label(text: str, parent: QWidget | None = None) -> QLabel:
    """The blind label of a response ("A") at the start of its row."""
    label = QLabel(text, parent)
    label.setProperty("rowLabel", True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("MM"))
    return label
