"""Settings: language, theme, synced scrolling, and every shortcut, all by keyboard.

Plain data in, plain data out: the dialog knows no settings file and no shortcut registry.
What makes a shortcut wrong (clashes, keys needed for typing) is asked of the ``check``
callable it is given, so the rules live in one place (``app.shortcuts``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from widgets.shortcut_editor import ShortcutEditor, ShortcutRow

__all__ = ["SettingsDialog", "SettingsValues", "ShortcutRow"]

#: {action id: current portable key text} → {action id: what is wrong}; {} when all is well.
ShortcutCheck = Callable[[Mapping[str, str]], Mapping[str, str]]


@dataclass
class SettingsValues:
    """What the dialog edits. ``shortcuts`` holds overrides only ({action id: portable key
    text}, "" = no shortcut); an action at its default has no entry."""

    language: str = "system"
    theme: str = "system"
    synced_scrolling: bool = True
    shortcuts: dict[str, str] = field(default_factory=dict)


class SettingsDialog(QDialog):
    """Edits ``values``; after ``accepted``, :meth:`values` is the result.

    OK stays disabled while ``check`` reports a shortcut problem; each problem is shown under
    its row. ``languages`` is (code, name) pairs; names are in their own language, so anyone
    can find theirs whatever the UI language is.
    """

    def __init__(
        self,
        values: SettingsValues,
        rows: Sequence[ShortcutRow | tuple[str, str, str, str]],
        check: ShortcutCheck,
        languages: Sequence[tuple[str, str]] = (("en", "English"), ("zh_CN", "简体中文")),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(values, languages), self.tr("&General"))
        self.shortcut_editor = ShortcutEditor([ShortcutRow(*r) for r in rows], values.shortcuts)
        self.tabs.addTab(self.shortcut_editor, self.tr("&Shortcuts"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._check = check
        self.shortcut_editor.sig_changed.connect(self._revalidate)
        self._revalidate()
        self.summary.setStyleSheet(self.shortcut_editor.problem_style())
        self.resize(660, 580)

    def _general_tab(self, values: SettingsValues, languages: Sequence[tuple[str, str]]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        # Fields at their natural width: a combo box as wide as the dialog reads as a text field.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.language = QComboBox()
        self.language.addItem(self.tr("Same as the system"), "system")
        for code, name in languages:
            self.language.addItem(name, code)
        _select(self.language, values.language)
        language_note = QLabel(self.tr("A new language shows the next time Prefdesk starts."))
        language_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # secondary text
        self.theme = QComboBox()
        for code, name in (
            ("system", self.tr("Same as the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(name, code)
        _select(self.theme, values.theme)
        self.synced = QCheckBox(self.tr("Scroll the responses &together"))
        self.synced.setChecked(values.synced_scrolling)
        self.synced.setToolTip(
            self.tr("Side-by-side responses scroll as one; turn off to read them separately.")
        )
        for combo in (self.language, self.theme):
            combo.setMinimumWidth(combo.fontMetrics().averageCharWidth() * 24)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", language_note)
        form.addRow(self.tr("&Theme:"), self.theme)
        form.addRow("", self.synced)
        return page

    def values(self) -> SettingsValues:
        """The edited settings (shortcut overrides only where they differ from the default)."""
        return SettingsValues(
            language=str(self.language.currentData()),
            theme=str(self.theme.currentData()),
            synced_scrolling=self.synced.isChecked(),
            shortcuts=self.shortcut_editor.overrides(),
        )

    def problems(self) -> dict[str, str]:
        """The shortcut problems shown now, {action id: message}."""
        return self.shortcut_editor.problems()

    def _revalidate(self) -> None:
        problems = dict(self._check(self.shortcut_editor.current()))
        self.shortcut_editor.show_problems(problems)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)
        self.summary.setVisible(bool(problems))
        self.summary.setText(
            "⚠ "
            + self.tr(
                "Some shortcuts cannot work as set. Fix the marked rows on the Shortcuts tab."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.shortcut_editor.restyle()
            self.summary.setStyleSheet(self.shortcut_editor.problem_style())
        super().changeEvent(event)


def _select(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))
