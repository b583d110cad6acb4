"""The shortcut table of the settings dialog: one key editor and one Reset button per action.

Keyboard: Tab walks editor → Reset → next editor. In an editor, pressing keys records them;
Backspace or Delete removes the shortcut; Esc undoes a change made since the editor got
focus, and a second Esc (nothing to undo) closes the dialog as usual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from PySide6.QtCore import QKeyCombination, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

_PORTABLE = QKeySequence.SequenceFormat.PortableText
_NATIVE = QKeySequence.SequenceFormat.NativeText
_CLEAR_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)


class ShortcutRow(NamedTuple):
    """One editable action: ids and keys are portable text, the words already translated."""

    action_id: str
    category: str
    description: str
    default: str


class KeyEdit(QKeySequenceEdit):
    """Records a single key combination (see the module docstring for Backspace and Esc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumSequenceLength(1)  # chords are hard to discover and to remember
        self._before = QKeySequence()

    def setKeySequence(
        self,
        sequence: QKeySequence | QKeyCombination | QKeySequence.StandardKey | str | int,
    ) -> None:
        """Set the keys; set while not being edited, they are also what Esc goes back to."""
        super().setKeySequence(sequence)
        if not self.hasFocus():
            self._before = QKeySequence(sequence)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._before = self.keySequence()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier(0)
        if plain and event.key() in _CLEAR_KEYS:
            self.clear()
            return
        if plain and event.key() == Qt.Key.Key_Escape:
            if self.keySequence() != self._before:
                self.setKeySequence(self._before)
                return
            event.ignore()  # nothing to undo: let the dialog close
            return
        super().keyPressEvent(event)


class _Row:
    def __init__(self, spec: ShortcutRow, current: str) -> None:
        self.spec = spec
        self.label = QLabel(spec.description)
        self.label.setWordWrap(True)
        self.edit = KeyEdit()
        self.edit.setKeySequence(QKeySequence(current))
        self.edit.setAccessibleName(spec.description)
        self.label.setBuddy(self.edit)
        self.reset = QPushButton()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()

    def text(self) -> str:
        return self.edit.keySequence().toString(_PORTABLE)


class ShortcutEditor(QWidget):
    """Edits the shortcut of every row; ``sig_changed`` after each change.

    ``overrides`` ({action id: portable text}) sets the starting keys; other rows start at
    their default.
    """

    sig_changed = Signal()

    def __init__(
        self,
        rows: Sequence[ShortcutRow],
        overrides: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows: dict[str, _Row] = {}
        self._problems: dict[str, str] = {}
        intro = QLabel(
            self.tr(
                "Select a shortcut and press the new keys. Backspace removes it; "
                "Esc undoes a change you have just made."
            )
        )
        intro.setWordWrap(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(12)
        line = 0
        category = None
        for spec in rows:
            if spec.category != category:
                category = spec.category
                heading = QLabel(category)
                font = QFont(heading.font())
                font.setBold(True)
                heading.setFont(font)
                heading.setContentsMargins(0, 8 if line else 0, 0, 2)
                grid.addWidget(heading, line, 0, 1, 3)
                line += 1
            row = _Row(spec, overrides.get(spec.action_id, spec.default))
            self._rows[spec.action_id] = row
            grid.addWidget(row.label, line, 0)
            grid.addWidget(row.edit, line, 1)
            grid.addWidget(row.reset, line, 2)
            grid.addWidget(row.problem, line + 1, 0, 1, 3)
            line += 2
            row.reset.setText(self.tr("Reset"))
            row.reset.setAccessibleName(self.tr("Reset “{0}”").format(spec.description))
            row.reset.clicked.connect(lambda _=False, i=spec.action_id: self.reset(i))
            row.edit.keySequenceChanged.connect(self._changed)
        grid.setRowStretch(line, 1)
        scroll = QScrollArea()
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The rows sit on the tab page itself, not on a differently coloured well.
        scroll.viewport().setAutoFillBackground(False)
        grid_host.setAutoFillBackground(False)
        self.reset_all_button = QPushButton(self.tr("Reset &all to defaults"))
        self.reset_all_button.clicked.connect(self.reset_all)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reset_all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.restyle()
        self._changed()

    def current(self) -> dict[str, str]:
        """Every action's key sequence now, as portable text ("" = none)."""
        return {action_id: row.text() for action_id, row in self._rows.items()}

    def overrides(self) -> dict[str, str]:
        """Only the actions whose keys differ from their default."""
        return {i: text for i, text in self.current().items() if text != self._rows[i].spec.default}

    def edit(self, action_id: str) -> KeyEdit:
        """The key editor of ``action_id``'s row."""
        return self._rows[action_id].edit

    def set_keys(self, action_id: str, portable: str) -> None:
        """Give ``action_id`` the keys ``portable`` ("" = none), as typing them would."""
        self._rows[action_id].edit.setKeySequence(QKeySequence(portable))

    def reset(self, action_id: str) -> None:
        """Put ``action_id`` back on its default keys."""
        self.set_keys(action_id, self._rows[action_id].spec.default)

    def reset_all(self) -> None:
        """Put every action back on its default keys."""
        for action_id in self._rows:
            self.reset(action_id)

    def problems(self) -> dict[str, str]:
        """The problems shown now."""
        return dict(self._problems)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show each message under its row, and clear the rows that have none."""
        self._problems = dict(problems)
        for action_id, row in self._rows.items():
            message = problems.get(action_id, "")
            row.problem.setText(f"⚠ {message}" if message else "")
            row.problem.setVisible(bool(message))
            row.edit.setAccessibleDescription(message)

    def problem_style(self) -> str:
        """A style sheet colouring problem text readably on the current palette."""
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return f"color: {'#ff8a80' if dark else '#b71c1c'};"

    def restyle(self) -> None:
        """Recolour the problem messages for the current palette (light or dark)."""
        for row in self._rows.values():
            row.problem.setStyleSheet(self.problem_style())

    def _changed(self, *_args: object) -> None:
        for row in self._rows.values():
            row.reset.setEnabled(row.text() != row.spec.default)
            default = QKeySequence(row.spec.default).toString(_NATIVE) or self.tr("none")
            row.reset.setToolTip(self.tr("Back to the default: {0}").format(default))
        self.sig_changed.emit()
