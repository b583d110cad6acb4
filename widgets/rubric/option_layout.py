"""How flags and choice editors lay out their option boxes.

Always a grid whose first column holds each option's key digit, so texts line up whether or
not an option has a key. For the item (or a pair) the boxes carry their text. Per response,
an option's text is shown once, followed by one column of boxes per response (A, B…): with
many options and several responses that stays far shorter than repeating every option under
every response, and reads like a table ("which responses are spam?").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QLabel, QWidget

from widgets.rubric.parts import muted, plain_button_text, row_label


@dataclass(frozen=True)
class OptionLine:
    """One line of the layout: its text, the key that toggles it ("" for none), its help."""

    text: str
    key: str = ""
    help: str | None = None


def lay_out_options(
    host: QWidget,
    lines: Sequence[OptionLine],
    cells: Sequence[Sequence[QAbstractButton]],
    row_labels: Sequence[str] | None,
    footer: Sequence[QWidget] = (),
) -> None:
    """Put ``cells[row][line]`` into ``host``: boxes with text for one row, else a table.

    ``row_labels`` (per-response questions) heads the table's columns; ``footer`` holds one
    extra widget per row (e.g. a Clear button) placed under the row's boxes.
    """
    grid = QGridLayout(host)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(6)
    grid.setVerticalSpacing(1)
    grid.setColumnStretch(1, 1)
    center = Qt.AlignmentFlag.AlignCenter
    top = 0
    if row_labels is not None:
        for column, label in enumerate(row_labels, start=2):
            grid.addWidget(row_label(label, host), 0, column, center)
        top = 1
    for number, line in enumerate(lines):
        key = muted(QLabel(line.key, host))
        key.setAccessibleName(host.tr("Key {0}").format(line.key) if line.key else "")
        grid.addWidget(key, top + number, 0, Qt.AlignmentFlag.AlignRight)
        if row_labels is None:
            box = cells[0][number]
            box.setText(plain_button_text(line.text))
            _describe(box, line.help)
            grid.addWidget(box, top + number, 1)
            continue
        text = QLabel(line.text, host)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        if line.help:
            text.setToolTip(line.help)
        grid.addWidget(text, top + number, 1)
        for row, row_cells in enumerate(cells):
            box = row_cells[number]
            _describe(box, line.help)
            grid.addWidget(box, top + number, row + 2, center)
    after = top + len(lines)
    for row, widget in enumerate(footer):
        if row_labels is None:
            grid.addWidget(widget, after, 1, Qt.AlignmentFlag.AlignLeft)
        else:
            grid.addWidget(widget, after, row + 2, center)


def _describe(box: QAbstractButton, help_text: str | None) -> None:
    if help_text:
        box.setToolTip(help_text)
        box.setAccessibleDescription(help_text)
