"""The built-in demo syncs with its own local server (``make run``).

Once the demo profile's sign-in has been read, a local ``prefdesk-server`` is seeded and
started on a loopback port (network pool, never the GUI thread), the demo lead's key is
added to the profile's trusted keys, and the demo annotator is signed in: the status bar
then shows sync working end to end. If the server cannot start, the demo works offline
and the status bar says why. The server stops when the app quits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from app.account import Account
from app.account_controller import AccountController
from app.demo_server import DemoServer, DemoServerInfo
from app.pack_updates import TRUSTED_KEYS_FILE
from app.tasks import TaskLanes

SERVER_FOLDER = "demo-server"


def trust_demo_keys(profile: Path, keys: tuple[str, ...]) -> None:
    """Append the demo lead's keys to the profile's trusted keys unless already there."""
    path = profile / TRUSTED_KEYS_FILE
    known = path.read_text(encoding="utf-8").split() if path.exists() else []
    missing = [key for key in keys if key not in known]
    if missing:
        with path.open("a", encoding="utf-8") as handle:
            if known:
                handle.write("\n")
            handle.write("# the built-in demo's lead\n" + "\n".join(missing) + "\n")


class DemoSync(QObject):
    """Starts the demo server when the profile is ready and signs the demo annotator in."""

    def __init__(self, lanes: TaskLanes, account: AccountController, profile: Path) -> None:
        super().__init__(account)
        self._lanes = lanes
        self._account = account
        self._profile = profile
        self.server = DemoServer(profile / SERVER_FOLDER)
        self.info: DemoServerInfo | None = None
        account.sig_profile_ready.connect(self._start)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.server.stop)

    def _start(self, _data_dir: object) -> None:
        self._account.sig_profile_ready.disconnect(self._start)

        def start() -> DemoServerInfo:
            info = self.server.start()
            trust_demo_keys(self._profile, info.trusted_keys)
            return info

        self._lanes.run_network(start, on_done=self._started, on_error=self._failed)

    def _started(self, info: DemoServerInfo) -> None:
        self.info = info
        self._account.sign_in_as(Account(server_url=info.url, username=info.user), info.token)

    def _failed(self, error: BaseException) -> None:
        parent = self._account.parent()
        bar = getattr(parent, "statusBar", None)
        if bar is not None:
            bar().showMessage(
                self.tr("The demo server did not start ({0}); the demo works offline.").format(
                    error
                ),
                30_000,
            )
