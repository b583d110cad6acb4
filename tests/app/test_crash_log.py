"""The crash log: hard crashes and Python errors land in the profile's logs/, redacted."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.crash_log import CRASH_LOG, FAULT_LOG, Crash, CrashLog, install
from app.crash_ui import install_crash_log
from widgets.crash_dialog import CrashDialog

TOKEN = "pdt_0a1b2c_S3cretS3cretS3cret"


def _raise_with_token() -> None:
    raise RuntimeError(f"server said no to Authorization: Bearer {TOKEN} for {TOKEN}")


def _crash_through_hook(log: CrashLog) -> None:
    try:
        _raise_with_token()
    except RuntimeError:
        log.excepthook(*sys.exc_info())


@pytest.fixture
def crashes(tmp_path: Path) -> Iterator[tuple[CrashLog, list[Crash]]]:
    seen: list[Crash] = []
    log = install(tmp_path / "profile", seen.append)
    yield log, seen
    log.uninstall()


def test_an_error_with_a_token_is_logged_and_reported_without_the_secret(
    crashes: tuple[CrashLog, list[Crash]], tmp_path: Path
) -> None:
    log, seen = crashes
    _crash_through_hook(log)
    text = (tmp_path / "profile" / "logs" / CRASH_LOG).read_text(encoding="utf-8")
    assert "_raise_with_token" in text
    assert "RuntimeError" in text
    assert "S3cretS3cret" not in text
    assert "pdt_0a1b2c_***" in text
    [crash] = seen
    assert "S3cretS3cret" not in crash.report
    assert "S3cretS3cret" not in crash.message
    assert crash.message.startswith("RuntimeError")
    for name in ("Prefdesk:", "Python:", "Qt:", "PySide6:", "OS:"):
        assert name in crash.report


def test_the_hooks_are_installed_and_faulthandler_writes_to_its_file(
    crashes: tuple[CrashLog, list[Crash]], tmp_path: Path
) -> None:
    log, _seen = crashes
    assert sys.excepthook == log.excepthook
    assert threading.excepthook == log.thread_excepthook
    assert (tmp_path / "profile" / "logs" / FAULT_LOG).exists()


def test_an_error_in_a_worker_thread_is_logged_too(
    crashes: tuple[CrashLog, list[Crash]], tmp_path: Path
) -> None:
    _log, seen = crashes
    worker = threading.Thread(target=_raise_with_token, name="writer-lane")
    worker.start()
    worker.join()
    text = (tmp_path / "profile" / "logs" / CRASH_LOG).read_text(encoding="utf-8")
    assert "thread writer-lane" in text
    assert "S3cretS3cret" not in text
    assert len(seen) == 1


def test_a_hard_crash_leaves_a_trace_in_the_faulthandler_file(tmp_path: Path) -> None:
    script = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from app.crash_log import install\n"
        f"install(Path({str(tmp_path)!r}))\n"
        "faulthandler._sigsegv()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode != 0
    assert "Fatal Python error" in (tmp_path / "logs" / FAULT_LOG).read_text(encoding="utf-8")


def test_copy_report_puts_the_redacted_report_on_the_clipboard(
    qtbot: QtBot, tmp_path: Path
) -> None:
    log, notifier = install_crash_log(tmp_path)
    try:
        _crash_through_hook(log)
        qtbot.waitUntil(lambda: bool(notifier.shown) and notifier.shown[0].isVisible())
        dialog = notifier.shown[0]
        qtbot.addWidget(dialog)
        assert str(tmp_path / "logs" / CRASH_LOG) in dialog.log_label.text()
        QGuiApplication.clipboard().clear()
        dialog.copy_button.click()
        copied = QGuiApplication.clipboard().text()
        assert "RuntimeError" in copied
        assert "Python:" in copied
        assert "S3cretS3cret" not in copied
        assert copied == dialog.report
        dialog.grab().save("/tmp/crash_dialog.png")
    finally:
        log.uninstall()


def test_the_crash_dialog_shows_its_message(qtbot: QtBot) -> None:
    dialog = CrashDialog("RuntimeError: boom", "/tmp/x/crash.log", "report")
    qtbot.addWidget(dialog)
    assert dialog.message.text() == "RuntimeError: boom"
