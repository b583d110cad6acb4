"""The window's account side: the Account menu, the sync status widget, the sign-in flow and
the sync runner, composed for one profile.

The window tells it facts (a profile opened, a judgment was submitted) and listens for two:
``sig_work_changed()`` (sync pulled items: refresh the queue) and ``sig_pack_arrived(PackUpdate)``
(a guideline pack version came with sync and open drafts moved onto it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.account import Account, load_account, profile_name
from app.pack_updates import pack_arrived
from app.sign_in import Checker, SignInFlow
from app.sync_adapter import (
    ClientFactory,
    LocalSyncState,
    default_client_factory,
    local_sync_state,
)
from app.sync_messages import status_after
from app.sync_runner import SyncRunner
from app.tasks import TaskLanes
from app.workspace import Workspace
from widgets.sync_status import SyncStatusView, SyncStatusWidget

if TYPE_CHECKING:
    from app.credentials import CredentialStore, KeyringLike

log = logging.getLogger(__name__)
MakeAction = Callable[[str, str, Any], QAction]


class AccountController(QObject):
    sig_work_changed = Signal()
    sig_pack_arrived = Signal(object)
    #: The profile's sign-in was read; ``sign_in_as`` may be called from now on.
    sig_profile_ready = Signal(object)
    #: Signed in (True) or out (False): the Lead menu follows it.
    sig_signed_in_changed = Signal(bool)

    def __init__(
        self,
        lanes: TaskLanes,
        parent: QWidget,
        client_factory: ClientFactory = default_client_factory,
        keyring_backend: KeyringLike | None = None,
        checker: Checker | None = None,
    ) -> None:
        super().__init__(parent)
        self.lanes = lanes
        self._parent = parent
        self.keyring_backend = keyring_backend
        self.checker = checker
        self.runner = SyncRunner(lanes, client_factory, self)
        self.status_widget = SyncStatusWidget()
        self.account: Account | None = None
        self._token: str | None = None
        self.credentials: CredentialStore | None = None
        self.sign_in: SignInFlow | None = None
        self.workspace: Workspace | None = None
        self.view = SyncStatusView()
        self.status_widget.set_status(self.view)
        self.status_widget.sig_action_requested.connect(self._act)
        self.runner.sig_sync_started.connect(self._started)
        self.runner.sig_sync_progress.connect(self._progressed)
        self.runner.sig_sync_finished.connect(self._finished)

    def build_menu(self, menu: QMenu, make_action: MakeAction) -> None:
        """Fill the window's Account menu; ``make_action(id, text, slot)`` binds shortcuts."""
        self.sign_in_action = make_action("sign_in", self.tr("Sign &in…"), self.open_sign_in)
        self.sync_action = make_action("sync_now", self.tr("S&ync now"), self.sync_now)
        self.sign_out_action = make_action("sign_out", self.tr("Sign &out"), self.sign_out)
        for action in (self.sign_in_action, self.sync_action, self.sign_out_action):
            menu.addAction(action)
            action.setEnabled(False)  # until the profile is open

    # -- facts from the window -----------------------------------------------------------

    def workspace_opened(self, workspace: Workspace, data_dir: Path) -> None:
        """Read the profile's sign-in in the background; auto-sync starts if there is one."""
        self.workspace = workspace
        backend = self.keyring_backend

        def read() -> tuple[CredentialStore, Account | None, str | None]:
            # Opening the keyring may load a backend or wait for it to unlock: not here on
            # the GUI thread. Imported here too: keyring stays out of the app's start-up.
            from app.credentials import CredentialStore

            credentials = CredentialStore(profile_name(data_dir), backend)
            account = load_account(data_dir)
            token = credentials.load(account.server_url, account.username) if account else None
            return credentials, account, token

        self.lanes.run_network(read, on_done=lambda found: self._profile_read(data_dir, *found))
        self._refresh_pending()

    def _profile_read(
        self,
        data_dir: Path,
        credentials: CredentialStore,
        account: Account | None,
        token: str | None,
    ) -> None:
        self.credentials = credentials
        self.sign_in = SignInFlow(self.lanes, credentials, data_dir, self._parent, self.checker)
        self.sign_in.sig_signed_in.connect(self._signed_in)
        self.sign_in.sig_signed_out.connect(self._signed_out)
        self._account_loaded(account, token)
        self.sig_profile_ready.emit(data_dir)

    def judgment_submitted(self) -> None:
        self.runner.judgment_submitted()
        self._refresh_pending()

    # -- actions -------------------------------------------------------------------------

    def open_sign_in(self) -> None:
        if self.sign_in is not None:
            self.sign_in.open_dialog(self.account)

    def sign_in_as(self, account: Account, token: str) -> None:
        """Sign in without asking (the built-in demo server's annotator); the profile must
        be open. The token is kept as a typed one would be."""
        if self.sign_in is not None:
            self.sign_in.keep(account, token)

    def sign_out(self) -> None:
        if self.sign_in is not None and self.account is not None:
            self.runner.stop()
            self.sign_in.sign_out(self.account)

    def sync_now(self) -> None:
        if not self.runner.signed_in:
            self.open_sign_in()
        else:
            self.runner.sync_now()  # refused while one runs: the widget already says so

    def _act(self, action: str) -> None:
        if action == "sign_in":
            self.open_sign_in()
        elif action in ("retry", "sync"):
            self.sync_now()
        elif action == "update":
            QMessageBox.information(
                self._parent,
                self.tr("Update Prefdesk"),
                self.tr(
                    "The server needs a newer Prefdesk. Install the version your vendor "
                    "provides, then start Prefdesk again: your work is kept and will sync."
                ),
            )

    # -- state ---------------------------------------------------------------------------

    def _account_loaded(self, account: Account | None, token: str | None) -> None:
        self.account = account
        self._update_actions()
        if account is not None and token:
            self._signed_in(account, token)
            return
        problem = ""
        if account is not None:  # a server is named but no token was kept (no keyring)
            problem = self.tr("Sign in again to sync with {server}.").format(
                server=account.server_url
            )
        self._show(SyncStatusView(problem=problem, action="sign_in"))

    def _signed_in(self, account: Account, token: str) -> None:
        self.account = account
        self._token = token
        self._update_actions()
        store = self.workspace.store if self.workspace is not None else None
        self.runner.set_account(store, account, token)
        problem = ""
        credentials = self.credentials
        if credentials is not None and credentials.reason is not None:
            problem = self.tr(
                "Your system has no secure keyring ({reason}), so the token is kept only "
                "while Prefdesk runs: you will need to sign in again next time."
            ).format(reason=credentials.reason)
        self._show(replace(self.view, signed_in=True, problem=problem, action=""))

    def _signed_out(self) -> None:
        self.account = None
        self._token = None
        self.runner.set_account(None, None, None)
        self._update_actions()
        self._show(SyncStatusView(pending=self.view.pending, action="sign_in"))

    def _update_actions(self) -> None:
        if not hasattr(self, "sign_in_action"):
            return
        self.sign_in_action.setEnabled(self.sign_in is not None)
        self.sync_action.setEnabled(self.sign_in is not None)
        self.sign_out_action.setEnabled(self.account is not None)
        self.sig_signed_in_changed.emit(self.signed_in_session() is not None)

    def signed_in_session(self) -> tuple[Account, str] | None:
        """The account and its token while signed in (for the lead's own calls)."""
        if self.account is None or not self._token:
            return None
        return self.account, self._token

    def _started(self) -> None:
        self._show(replace(self.view, syncing=True, progress=None))

    def _progressed(self, progress: Any) -> None:
        total = getattr(progress, "total", None)
        if getattr(progress, "phase", "") == "pull" and total:
            self.status_widget.set_progress((int(progress.done), int(total)))

    def _finished(self, result: Any) -> None:
        now = datetime.now(UTC)
        self._show(status_after(self.view, result, now))
        self._refresh_pending()
        workspace = self.workspace
        if workspace is None:
            return
        if getattr(result, "pulled", 0) or getattr(result, "packs_added", None):
            self.sig_work_changed.emit()
        for pack_id, version in getattr(result, "packs_added", None) or []:
            self._apply_pack(workspace, str(pack_id), str(version))

    def _apply_pack(self, workspace: Workspace, pack_id: str, version: str) -> None:
        # Writer lane: moving drafts writes judgments, as an imported pack does.
        self.lanes.run_write(
            lambda: pack_arrived(workspace, pack_id, version),
            on_done=self.sig_pack_arrived.emit,
            on_error=lambda e: log.warning("pack from sync not applied: %s", e),
        )

    def _refresh_pending(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.lanes.run_read(
            lambda: local_sync_state(workspace.store),
            on_done=self._show_local,
            on_error=lambda e: log.info("sync state unavailable: %s", e),
        )

    def _show_local(self, state: LocalSyncState) -> None:
        last = self.view.last_synced
        if state.last_synced is not None and (last is None or state.last_synced > last):
            last = state.last_synced
        self._show(replace(self.view, pending=state.pending, last_synced=last))

    def _show(self, view: SyncStatusView) -> None:
        notice = self.workspace.encryption_notice if self.workspace is not None else None
        if notice and not view.problem:
            # Said where the token's in-memory fallback is said: both are about the keyring.
            view = replace(view, problem=notice)
        self.view = view
        self.status_widget.set_status(view)
