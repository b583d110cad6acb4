"""Settings: language, theme, synced scrolling, every shortcut, and (given a
:class:`ProfileInfo`) the account, the data folder and encryption, all by keyboard.

Plain data in, plain data out: the dialog knows no settings file and no shortcut registry.
What makes a shortcut wrong (clashes, keys needed for typing) is asked of the ``check``
callable it is given, so the rules live in one place (``app.shortcuts``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from widgets.shortcut_editor import ShortcutEditor, ShortcutRow

__all__ = ["ProfileInfo", "SettingsDialog", "SettingsValues", "ShortcutRow"]

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
    # The data folder chosen for the next start; "" = the platform's default folder.
    data_folder: str = ""
    # Whether the store is to be encrypted from the next start; None when not offered.
    encrypted: bool | None = None


@dataclass
class ProfileInfo:
    """What the Profile tab shows. ``server``/``user`` are "" when signed out;
    ``encryption`` is a sentence on the store's encryption, or None to leave the row out.
    ``encrypted`` is whether the store is encrypted from the next start (None: no option to
    change it); ``can_encrypt`` is False where no key could be kept (no secure keyring)."""

    open_folder: str
    default_folder: str
    server: str = ""
    user: str = ""
    encryption: str | None = None
    encrypted: bool | None = None
    can_encrypt: bool = True


class SettingsDialog(QDialog):
    """Edits ``values``; after ``accepted``, :meth:`values` is the result.

    OK stays disabled while ``check`` reports a shortcut problem; each problem is shown under
    its row. ``languages`` is (code, name) pairs; names are in their own language, so anyone
    can find theirs whatever the UI language is.

    Signals (requests, given a ``profile``): ``sig_sign_in_requested()``,
    ``sig_sign_out_requested()``; the caller answers with :meth:`set_account`.
    """

    sig_sign_in_requested = Signal()
    sig_sign_out_requested = Signal()

    def __init__(
        self,
        values: SettingsValues,
        rows: Sequence[ShortcutRow | tuple[str, str, str, str]],
        check: ShortcutCheck,
        languages: Sequence[tuple[str, str]] = (("en", "English"), ("zh_CN", "简体中文")),
        parent: QWidget | None = None,
        profile: ProfileInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(values, languages), self.tr("&General"))
        self.shortcut_editor = ShortcutEditor([ShortcutRow(*r) for r in rows], values.shortcuts)
        self.tabs.addTab(self.shortcut_editor, self.tr("&Shortcuts"))
        self._data_folder = values.data_folder
        self._default_folder = profile.default_folder if profile is not None else ""
        self.encrypt_box: QCheckBox | None = None  # on the Profile tab, when offered
        if profile is not None:
            self.tabs.addTab(self._profile_tab(profile), self.tr("&Profile"))
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

    def _profile_tab(self, profile: ProfileInfo) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        selectable = Qt.TextInteractionFlag.TextSelectableByMouse
        self.account_label = QLabel()
        self.account_label.setWordWrap(True)
        self.account_label.setTextInteractionFlags(selectable)
        self.sign_in_button = QPushButton(self.tr("Sign &in…"))
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_in_button.clicked.connect(self.sig_sign_in_requested)
        self.sign_out_button.clicked.connect(self.sig_sign_out_requested)
        account_buttons = QHBoxLayout()
        account_buttons.addWidget(self.sign_in_button)
        account_buttons.addWidget(self.sign_out_button)
        account_buttons.addStretch(1)
        form.addRow(self.tr("Account:"), self.account_label)
        form.addRow("", account_buttons)
        self.set_account(profile.server, profile.user)
        open_now = QLabel(profile.open_folder)
        open_now.setWordWrap(True)
        open_now.setTextInteractionFlags(selectable)
        form.addRow(self.tr("Open profile:"), open_now)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(selectable)
        self.change_folder_button = QPushButton(self.tr("&Change…"))
        self.default_folder_button = QPushButton(self.tr("Use the &default"))
        self.change_folder_button.clicked.connect(self._choose_folder)
        self.default_folder_button.clicked.connect(lambda: self.set_data_folder(""))
        folder_buttons = QHBoxLayout()
        folder_buttons.addWidget(self.change_folder_button)
        folder_buttons.addWidget(self.default_folder_button)
        folder_buttons.addStretch(1)
        folder_note = QLabel(self.tr("A new data folder is opened the next time Prefdesk starts."))
        folder_note.setWordWrap(True)
        folder_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(self.tr("&Data folder:"), self.folder_label)
        form.addRow("", folder_buttons)
        form.addRow("", folder_note)
        self.set_data_folder(self._data_folder)
        if profile.encryption is None and profile.encrypted is None:
            return page
        # One cell for the box and its sentence: a word-wrapped label in a form row of its
        # own is given the height of a narrow column, leaving a gap under the box.
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        if profile.encrypted is not None:
            self.encrypt_box = QCheckBox(self.tr("&Encrypt the local store"))
            self.encrypt_box.setChecked(profile.encrypted)
            # Decrypting needs no keyring; encrypting needs one that can keep the key.
            self.encrypt_box.setEnabled(profile.encrypted or profile.can_encrypt)
            column.addWidget(self.encrypt_box)
        if profile.encryption is not None:
            self.encryption_label = QLabel(profile.encryption)
            self.encryption_label.setWordWrap(True)
            if self.encrypt_box is not None:
                self.encryption_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            column.addWidget(self.encryption_label)
        form.addRow(self.tr("Encryption:"), cell)
        return page

    def set_account(self, server: str, user: str) -> None:
        """Show who is signed in ("" and "" when nobody is)."""
        if server:
            text = self.tr("{user} on {server}").format(user=user, server=server)
        else:
            text = self.tr("Not signed in")
        self.account_label.setText(text)
        self.sign_in_button.setEnabled(not server)
        self.sign_out_button.setEnabled(bool(server))

    def set_data_folder(self, folder: str) -> None:
        """Choose ``folder`` for the next start ("" = the default folder)."""
        self._data_folder = folder
        if folder:
            self.folder_label.setText(folder)
        else:
            self.folder_label.setText(
                self.tr("{folder} (the default)").format(folder=self._default_folder)
            )
        self.default_folder_button.setEnabled(bool(folder))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the data folder"), self._data_folder or self._default_folder
        )
        if folder:
            self.set_data_folder(folder)

    def values(self) -> SettingsValues:
        """The edited settings (shortcut overrides only where they differ from the default)."""
        return SettingsValues(
            language=str(self.language.currentData()),
            theme=str(self.theme.currentData()),
            synced_scrolling=self.synced.isChecked(),
            shortcuts=self.shortcut_editor.overrides(),
            data_folder=self._data_folder,
            encrypted=self.encrypt_box.isChecked() if self.encrypt_box is not None else None,
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
