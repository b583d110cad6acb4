"""File ▸ Export unsynced / Back up / Restore, and Help ▸ About, for the open profile.

The work runs on the lanes (export on the reader pool; backup too, as SQLite's online backup
reads beside the writer), and each outcome is shown in a message box that does not block.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.account_controller import AccountController
from app.tasks import TaskLanes
from app.workspace import Workspace
from widgets.settings_dialog import ProfileInfo, SettingsDialog

if TYPE_CHECKING:
    from app.credentials import KeyringLike

DataDir = Callable[[], "Path | None"]
OpenWorkspace = Callable[[], "Workspace | None"]


class ProfileMenu(QObject):
    """Signals (facts): ``sig_finished(str)`` with the message shown for each outcome."""

    sig_finished = Signal(str)

    def __init__(
        self,
        lanes: TaskLanes,
        data_dir: DataDir,
        workspace: OpenWorkspace,
        parent: QWidget,
        keyring_backend: Callable[[], KeyringLike | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.lanes = lanes
        #: The keyring an encrypted backup's key is looked up in (None: the OS keyring).
        self.keyring_backend = keyring_backend
        self.data_dir = data_dir
        self.workspace = workspace
        self._parent = parent
        self.message: QMessageBox | None = None
        self.about_dialog: QWidget | None = None

    def add_file_actions(self, menu: QMenu) -> None:
        for name, text, slot in (
            ("export_unsynced", self.tr("Export &unsynced judgments…"), self.choose_export),
            ("backup_profile", self.tr("&Back up this profile…"), self.choose_backup),
            ("restore_profile", self.tr("&Restore a profile backup…"), self.choose_restore),
        ):
            action = QAction(text, self._parent)
            action.setObjectName(name)
            action.triggered.connect(slot)
            menu.addAction(action)

    def add_help_actions(self, menu: QMenu) -> None:
        action = QAction(self.tr("&About Prefdesk"), self._parent)
        action.setObjectName("about")
        action.setMenuRole(QAction.MenuRole.AboutRole)
        action.triggered.connect(self.show_about)
        menu.addAction(action)

    # -- export unsynced -----------------------------------------------------------------

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("Export unsynced judgments"),
            str(Path.home() / "prefdesk-unsynced.jsonl"),
            self.tr("JSON lines (*.jsonl)"),
        )
        if path:
            self.export_unsynced(Path(path))

    def export_unsynced(self, out: Path) -> None:
        from storage.unsynced import export_unsynced

        workspace = self.workspace()
        if workspace is None:
            return
        store = workspace.store
        self.lanes.run_read(
            lambda: export_unsynced(store, out),
            on_done=lambda report: self._tell(
                self.tr(
                    "Wrote {count} judgments the server has not acknowledged "
                    "({drafts} of them drafts) to {path}."
                ).format(count=report.judgments, drafts=report.drafts, path=report.path)
            ),
            on_error=self._failed,
        )

    # -- backup and restore --------------------------------------------------------------

    def choose_backup(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("Back up this profile"),
            str(Path.home() / "prefdesk-profile.zip"),
            self.tr("Zip files (*.zip)"),
        )
        if path:
            self.backup(Path(path))

    def backup(self, out: Path) -> None:
        from storage.profile_backup import backup_profile

        profile = self.data_dir()
        if profile is None:
            return
        workspace = self.workspace()
        key = workspace.store.key if workspace is not None else None
        self.lanes.run_read(
            lambda: backup_profile(profile, out, key),
            on_done=lambda report: self._tell(
                self.tr(
                    "Backed up this profile to {path}. The backup holds no password or token: "
                    "after a restore, sign in again."
                ).format(path=report.path)
            ),
            on_error=self._failed,
        )

    def choose_restore(self) -> None:
        archive, _ = QFileDialog.getOpenFileName(
            self._parent, self.tr("Restore a profile backup"), "", self.tr("Zip files (*.zip)")
        )
        if not archive:
            return
        folder = QFileDialog.getExistingDirectory(
            self._parent, self.tr("Choose an empty folder for the restored profile")
        )
        if folder:
            self.restore(Path(archive), Path(folder))

    def restore(self, archive: Path, folder: Path) -> None:
        """Restore into ``folder`` (never over a store: the open one least of all); an
        encrypted backup's key follows it (:func:`app.profile_tools.restore_keyed`)."""
        from app.profile_tools import restore_keyed

        backend = self.keyring_backend()
        self.lanes.run_read(
            lambda: restore_keyed(archive, folder, backend=backend),
            on_done=lambda report: self._tell(
                self.tr(
                    "Restored the profile into {folder}. To work in it, choose it as the data "
                    "folder in Settings, or start Prefdesk with --data-dir {folder}. If the "
                    "server has seen judgments this copy does not hold, its next sync gives it "
                    "a new device id and resends what the server has not acknowledged."
                ).format(folder=report.profile)
            ),
            on_error=self._failed,
        )

    # -- settings ------------------------------------------------------------------------

    def settings_profile(
        self, account: AccountController
    ) -> tuple[ProfileInfo, Callable[[SettingsDialog], None]]:
        """The Settings dialog's Profile tab for the open profile, and how its account
        buttons reach ``account``."""
        from app.paths import platform_data_dir

        folder = self.data_dir()
        signed_in = account.account
        encryption, encrypted, can_encrypt = self._encryption_row(account)
        info = ProfileInfo(
            open_folder=str(folder) if folder is not None else "",
            default_folder=str(platform_data_dir()),
            server=signed_in.server_url if signed_in is not None else "",
            user=signed_in.username if signed_in is not None else "",
            encryption=encryption,
            encrypted=encrypted,
            can_encrypt=can_encrypt,
        )

        def prepare(dialog: SettingsDialog) -> None:
            def refresh(_signed_in: bool) -> None:
                now = account.account
                dialog.set_account(
                    now.server_url if now is not None else "", now.username if now else ""
                )

            dialog.sig_sign_in_requested.connect(account.open_sign_in)
            dialog.sig_sign_out_requested.connect(account.sign_out)
            account.sig_signed_in_changed.connect(refresh)
            dialog.finished.connect(lambda _code: account.sig_signed_in_changed.disconnect(refresh))

        return info, prepare

    def _encryption_row(self, account: AccountController) -> tuple[str | None, bool | None, bool]:
        """The Profile tab's encryption row: a sentence on the state now, whether the store
        is encrypted from the next start, and whether a key could be kept here at all."""
        from app.encryption import keyring_problem
        from app.encryption_request import encrypted_at_next_start

        workspace = self.workspace()
        folder = self.data_dir()
        if workspace is None or folder is None:
            return None, None, False
        now = workspace.store.encrypted
        then = encrypted_at_next_start(folder)
        problem = keyring_problem(account.keyring_backend)
        if now != then:
            text = (
                self.tr("The local store will be encrypted when Prefdesk next starts.")
                if then
                else self.tr("The local store will be decrypted when Prefdesk next starts.")
            )
        elif now:
            text = self.tr(
                "The local store is encrypted; its key is kept in this computer's keyring. "
                "If the keyring is lost, so is the unsynced work in this profile."
            )
        elif problem is not None:
            text = self.tr("The local store is not encrypted: {problem}.").format(problem=problem)
        else:
            text = self.tr(
                "The local store is not encrypted. Encrypt it to protect your work if this "
                "computer is lost; the change is made when Prefdesk next starts."
            )
        return text, then, problem is None

    # -- about ---------------------------------------------------------------------------

    def show_about(self) -> None:
        from app.about import bundled_components, versions
        from widgets.about_dialog import AboutDialog

        folder = self.data_dir()
        dialog = AboutDialog(
            versions(),
            str(folder) if folder is not None else "",
            [(c.name, c.version, c.license) for c in bundled_components()],
            self._parent,
        )
        self.about_dialog = dialog
        dialog.open()

    # -- outcome -------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self._tell(self.tr("That did not work: {error}").format(error=error), warning=True)

    def _tell(self, text: str, warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        self.message = QMessageBox(icon, self.tr("Prefdesk"), text, parent=self._parent)
        self.message.open()
        self.sig_finished.emit(text)
