"""Signing in and out: the dialog, the server check on the network lane, and what is kept.

On success the token goes to the :class:`~app.credentials.CredentialStore` (the OS keyring)
and the server URL, username and CA bundle path to ``settings.ini``; both happen off the GUI
thread, as a keyring may take a while to unlock. Errors come back as sentences that say what
to do: the dialog stays open with the token still typed, so one field can be fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.account import Account, normalize_url
from app.account_settings import forget_account, save_account
from app.tasks import TaskLanes
from widgets.sign_in_form import SignInDialog, SignInRequest

if TYPE_CHECKING:
    from app.credentials import CredentialStore

#: (server URL, username, token, CA bundle) -> raises ``SignInError`` unless the server
#: accepts them.
Checker = Callable[[str, str, str, str], object]


def _check_with_server(server_url: str, username: str, token: str, ca_bundle: str) -> object:
    # Imported when first used: HTTP and the wire models stay out of the app's start-up.
    from app.server_check import check_sign_in

    return check_sign_in(server_url, username, token, ca_bundle)


class SignInFlow(QObject):
    """Signals (facts): ``sig_signed_in(Account, str token)``, ``sig_signed_out()``."""

    sig_signed_in = Signal(object, str)
    sig_signed_out = Signal()

    def __init__(
        self,
        lanes: TaskLanes,
        credentials: CredentialStore,
        data_dir: Path,
        parent: QWidget,
        checker: Checker | None = None,
    ) -> None:
        super().__init__(parent)
        self._lanes = lanes
        self._credentials = credentials
        self._data_dir = data_dir
        self._parent = parent
        self._checker = checker or _check_with_server
        self.dialog: SignInDialog | None = None

    def open_dialog(self, account: Account | None) -> SignInDialog:
        """Show the dialog (window-modal, not blocking), prefilled from ``account``."""
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        previous = account or Account("", "")
        dialog = SignInDialog(
            previous.server_url, previous.username, previous.ca_bundle, self._parent
        )
        dialog.sig_sign_in_requested.connect(lambda r: self._check(dialog, r, previous))
        dialog.finished.connect(lambda _code: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def sign_out(self, account: Account) -> None:
        """Forget the token and the server (in the background); ``sig_signed_out`` follows."""
        credentials, data_dir = self._credentials, self._data_dir

        def forget() -> None:
            credentials.delete(account.server_url, account.username)
            forget_account(data_dir)

        self._lanes.run_network(forget, on_done=lambda _r: self.sig_signed_out.emit())

    def keep(self, account: Account, token: str, replaces: Account | None = None) -> None:
        """Keep ``token`` and ``account`` (background), forget the token of ``replaces`` if it
        was another server or user, then emit ``sig_signed_in``. Used after a checked
        sign-in, and directly with a token known to be good (the demo server's own)."""
        credentials, data_dir = self._credentials, self._data_dir

        def save() -> Account:
            old = (replaces.server_url, replaces.username) if replaces else ("", "")
            if old[0] and old != (account.server_url, account.username):
                credentials.delete(*old)
            credentials.save(account.server_url, account.username, token)
            save_account(data_dir, account)
            return account

        self._lanes.run_network(save, on_done=lambda kept: self.sig_signed_in.emit(kept, token))

    def _forget_dialog(self, dialog: SignInDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _check(self, dialog: SignInDialog, request: SignInRequest, previous: Account) -> None:
        account = replace(
            previous,
            server_url=normalize_url(request.server_url),
            username=request.username,
            ca_bundle=request.ca_bundle,
        )
        checker, token = self._checker, request.token

        def check() -> None:
            checker(account.server_url, account.username, token, account.ca_bundle)

        def done(_: object) -> None:
            if self.dialog is not dialog:
                return  # cancelled while the server was asked: nothing is kept
            dialog.accept()
            self.keep(account, token, replaces=previous)

        def failed(error: BaseException) -> None:
            if self.dialog is dialog:
                dialog.show_problem(self.problem_text(error))

        self._lanes.run_network(check, on_done=done, on_error=failed)

    def problem_text(self, error: BaseException) -> str:
        """A translated sentence saying what went wrong and what to do."""
        from app.server_check import SignInError

        if not isinstance(error, SignInError):
            return self.tr("Could not sign in: {error}").format(error=error)
        d = error.detail
        texts = {
            "bad_url": self.tr("“{d}” is not a server address: it starts with https://."),
            "plain_http": self.tr(
                "“{d}” is not encrypted (http): use the https:// address, so your token "
                "cannot be read on the way."
            ),
            "bad_ca": self.tr("The CA bundle cannot be used: {d}"),
            "unreachable": self.tr(
                "The server cannot be reached. Check the address and your connection. ({d})"
            ),
            "timeout": self.tr("The server did not answer in time. Try again later. ({d})"),
            "tls": self.tr(
                "The server's certificate is not trusted: {d}. If your vendor uses its own "
                "certificate authority, choose its CA bundle file."
            ),
            "unauthorized": self.tr(
                "The server refused this token: check it, or ask your vendor for a new one."
            ),
            "too_old": self.tr("This Prefdesk is too old for the server: update the app. {d}"),
            "wrong_user": self.tr("This token belongs to “{d}”, not to the username you typed."),
            "not_prefdesk": self.tr("No Prefdesk server answers at this address ({d})."),
            "server_error": self.tr("The server had a problem: {d}. Try again later."),
        }
        return texts[error.kind].format(d=d)
