"""The sign-in dialog: server, username, API token and an optional CA bundle. No HTTP here.

Pressing “Sign in” emits ``sig_sign_in_requested(SignInRequest)``; whoever composes the
dialog checks the server in the background and answers with :meth:`SignInDialog.show_problem`
(the dialog stays open, the token field keeps its text) or ``accept()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def problem_style(widget: QWidget) -> str:
    """A style sheet colouring problem text readably on ``widget``'s palette (light or dark)."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return f"color: {'#ff8a80' if dark else '#b71c1c'};"


@dataclass(frozen=True)
class SignInRequest:
    """What the annotator typed; ``ca_bundle`` is "" for the system's trust store."""

    server_url: str
    username: str
    token: str
    ca_bundle: str


class SignInDialog(QDialog):
    """Prefilled with the last server and username; the token is always typed (or pasted)."""

    sig_sign_in_requested = Signal(object)

    def __init__(
        self,
        server_url: str = "",
        username: str = "",
        ca_bundle: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to a Prefdesk server"))
        self.setAccessibleName(self.tr("Sign in to a Prefdesk server"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "Your vendor gives you the server address, your username and an API token. "
                "The token is kept in your system's keyring, never in a file."
            )
        )
        intro.setWordWrap(True)
        self.server = self._field(server_url, self.tr("Server address"), "https://…")
        self.username = self._field(username, self.tr("Username"), "")
        self.token = self._field("", self.tr("API token"), self.tr("Paste your token"))
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_bundle = self._field(
            ca_bundle, self.tr("CA bundle file"), self.tr("Only for a vendor intranet")
        )
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAccessibleName(self.tr("Choose a CA bundle file"))
        browse.clicked.connect(self._choose_ca_bundle)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Server:"), self.server)
        form.addRow(self.tr("&Username:"), self.username)
        form.addRow(self.tr("API &token:"), self.token)
        ca_label = QLabel(self.tr("&CA bundle:"))
        ca_label.setBuddy(self.ca_bundle)  # a row holding a layout gets no buddy by itself
        form.addRow(ca_label, ca_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # server words are never markup
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setAccessibleName(self.tr("Sign-in problem"))
        self.problem.hide()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the check is one or two requests
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName(self.tr("Checking the server"))
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self._request)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        (self.token if server_url and username else self.server).setFocus()

    def _field(self, text: str, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit(text)
        field.setAccessibleName(name)
        field.setPlaceholderText(placeholder)
        return field

    def request(self) -> SignInRequest:
        return SignInRequest(
            self.server.text().strip(),
            self.username.text().strip(),
            self.token.text().strip(),
            self.ca_bundle.text().strip(),
        )

    def set_busy(self, busy: bool) -> None:
        """While the server is being checked: fields locked, a moving bar, no second press."""
        self.busy.setVisible(busy)
        self.sign_in_button.setEnabled(not busy)
        for field in (self.server, self.username, self.token, self.ca_bundle):
            field.setReadOnly(busy)
        if busy:
            self.problem.hide()

    def show_problem(self, text: str) -> None:
        """Say what went wrong; the annotator fixes a field and presses Sign in again."""
        self.set_busy(False)
        self.problem.setText(text)
        self.problem.setStyleSheet(problem_style(self))
        self.problem.show()

    def _request(self) -> None:
        request = self.request()
        missing = [
            name
            for name, value in (
                (self.tr("the server address"), request.server_url),
                (self.tr("your username"), request.username),
                (self.tr("the API token"), request.token),
            )
            if not value
        ]
        if missing:
            self.show_problem(self.tr("Please fill in {what}.").format(what=", ".join(missing)))
            return
        self.set_busy(True)
        self.sig_sign_in_requested.emit(request)

    def _choose_ca_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a CA bundle"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_bundle.setText(path)
