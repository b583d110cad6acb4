"""Shows the crash dialog for errors logged by :mod:`app.crash_log`, from any thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from app import crash_log
from app.crash_log import Crash, CrashLog
from widgets.crash_dialog import CrashDialog


class CrashNotifier(QObject):
    """Lives on the GUI thread; a worker thread's crash reaches it through a queued signal,
    since a dialog may only be built on the GUI thread."""

    sig_crashed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[CrashDialog] = []
        self.sig_crashed.connect(self._show)

    def notify(self, crash: Crash) -> None:
        if QApplication.instance() is not None:
            self.sig_crashed.emit(crash)

    def _show(self, crash: Crash) -> None:
        # One dialog at a time: an error repeating in a paint event must not stack hundreds.
        if any(d.isVisible() for d in self.shown):
            return
        dialog = CrashDialog(
            crash.message, str(crash.log_path), crash.report, QApplication.activeWindow()
        )
        self.shown = [dialog]
        dialog.show()


def install_crash_log(profile: Path | None) -> tuple[CrashLog, CrashNotifier]:
    """Hooks that log every unexpected error and show it in a dialog; keep both alive."""
    notifier = CrashNotifier()
    return crash_log.install(profile, notifier.notify), notifier
