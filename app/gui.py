"""Composition root of the desktop app: builds the lanes, the window and the profile."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

SMOKE_TIMEOUT_MS = 60_000


def _prefer_offscreen_for_smoke() -> None:
    # A smoke run must work on a machine with no display (CI, a server, a fresh clone).
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run_gui(data_dir: Path | None, demo: bool, smoke: bool, started: float) -> int:
    if smoke:
        _prefer_offscreen_for_smoke()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.active_time import ActiveTimeTracker
    from app.crash_ui import install_crash_log
    from app.desktop import load_shortcuts, lock_profile, prepare_application
    from app.main_window import MainWindow, StartupTimings
    from app.paths import default_data_dir, demo_data_dir
    from app.settings import load_prefs
    from app.tasks import TaskLanes
    from app.theme import prepare_high_dpi

    profile = demo_data_dir(data_dir) if demo else (data_dir or default_data_dir())
    prepare_high_dpi()  # must precede the QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Prefdesk")
    crash_log, _crash_notifier = install_crash_log(profile)
    prefs = load_prefs(profile)
    language = prepare_application(app, prefs)
    lock = lock_profile(profile, show_dialog=not smoke)
    if isinstance(lock, int):
        return lock  # another Prefdesk works on this profile; it said so
    shortcuts, warning = load_shortcuts(prefs)
    tracker = ActiveTimeTracker()
    tracker.watch(app)
    lanes = TaskLanes()
    window = MainWindow(lanes, started, language, tracker, shortcuts, prefs)
    if warning:
        window.statusBar().showMessage(warning, 15_000)
    outcome = {"code": 0}
    if smoke:

        def report(timings: StartupTimings) -> None:
            print(json.dumps(asdict(timings)), flush=True)
            window.close()

        def fail(reason: str) -> None:
            print(json.dumps({"error": reason}), flush=True)
            outcome["code"] = 1
            window.close()

        window.sig_first_item_shown.connect(report)
        window.sig_open_failed.connect(fail)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: fail("no item shown within 60 s"))
    if demo and not smoke:
        # The demo syncs with its own local server so a newcomer sees sync work end to end
        # (a smoke run stays offline: it measures start-up, not a second process).
        from app.demo_sync import DemoSync

        demo_sync = DemoSync(lanes, window.account, profile)
    window.show()
    window.open_profile(profile, seed_demo=demo)
    app.exec()
    if demo and not smoke:
        demo_sync.server.stop()
    lanes.shutdown()
    lock.release()
    crash_log.uninstall()
    return outcome["code"]
