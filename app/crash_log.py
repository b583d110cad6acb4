"""The crash log: faulthandler for hard crashes, and an excepthook for Python errors.

Both write under the profile's ``logs/`` folder (the user log folder when no profile is
known yet), so an annotator can send a file that shows what happened. Every traceback
passes :func:`protocol.scrub` before it is written or shown: an exception message may
carry a URL or a header, and a token must never reach a file someone will email.

Qt-free: the GUI gives :func:`install` a callback that shows the dialog; this module only
logs and builds the report.
"""

from __future__ import annotations

import faulthandler
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

import platformdirs

from app.paths import APP_NAME
from protocol import scrub

CRASH_LOG = "crash.log"
FAULT_LOG = "faulthandler.log"
#: A line longer than this is cut: a long exception message is more likely to quote an
#: item's prompt, a response or an answer than to help find the bug.
MAX_LINE = 300


@dataclass(frozen=True)
class Crash:
    """One unexpected error, as logged: ``message`` is the redacted last line."""

    message: str
    traceback: str
    report: str
    log_path: Path


def log_dir(profile: Path | None) -> Path:
    """``<profile>/logs``, or the user's log folder when there is no profile."""
    if profile is not None:
        return profile / "logs"
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prefdesk")
    except PackageNotFoundError:
        return "unknown"


def environment() -> list[tuple[str, str]]:
    """(name, version) of what the report names: the app, Python, Qt, PySide6, the OS."""
    rows = [("Prefdesk", app_version()), ("Python", platform.python_version())]
    # Only when the GUI loaded Qt: the headless commands must not start loading it here.
    if "PySide6" in sys.modules:
        import PySide6
        from PySide6 import QtCore

        rows += [("Qt", QtCore.qVersion()), ("PySide6", PySide6.__version__)]
    rows.append(("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"))
    return rows


def redact(text: str) -> str:
    """``text`` scrubbed of secrets, each line cut at :data:`MAX_LINE` characters."""
    lines = []
    for line in scrub(text).splitlines():
        lines.append(line if len(line) <= MAX_LINE else line[:MAX_LINE] + " […]")
    return "\n".join(lines)


def build_report(traceback_text: str) -> str:
    """What "Copy report" puts on the clipboard: versions and the redacted traceback."""
    head = "\n".join(f"{name}: {value}" for name, value in environment())
    return f"{head}\n\n{redact(traceback_text)}\n"


class CrashLog:
    """Installed hooks; :meth:`uninstall` puts the previous ones back (tests, shutdown)."""

    def __init__(self, folder: Path, on_crash: Callable[[Crash], None] | None) -> None:
        self.folder = folder
        self.log_path = folder / CRASH_LOG
        self.fault_path = folder / FAULT_LOG
        self.on_crash = on_crash
        self._fault_file: IO[str] | None = None
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self) -> CrashLog:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Kept open for the whole run: after a segfault nothing can open a file any more.
        self._fault_file = self.fault_path.open("a", encoding="utf-8")
        faulthandler.enable(self._fault_file, all_threads=True)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def excepthook(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, value, tb)
            return
        self.record(kind, value, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else "?"
        self.record(args.exc_type, args.exc_value, args.exc_traceback, f"thread {thread}")

    def record(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: TracebackType | None,
        where: str = "main thread",
    ) -> Crash:
        """Log one error (redacted), then hand it to ``on_crash``; never raises."""
        text = redact("".join(traceback.format_exception(kind, value, tb)))
        last = text.strip().splitlines()[-1] if text.strip() else kind.__name__
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        crash = Crash(last, text, build_report(text), self.log_path)
        try:
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(f"=== {stamp} {where}\n{crash.report}\n")
        except OSError as error:
            print(f"prefdesk: crash log not written: {error}", file=sys.stderr)
        print(text, file=sys.stderr)
        if self.on_crash is not None:
            try:
                self.on_crash(crash)
            except Exception as error:  # a failing dialog must not hide the first error
                print(f"prefdesk: crash dialog failed: {error!r}", file=sys.stderr)
        return crash


def install(profile: Path | None, on_crash: Callable[[Crash], None] | None = None) -> CrashLog:
    """Enable faulthandler and the exception hooks, logging under :func:`log_dir`."""
    return CrashLog(log_dir(profile), on_crash).install()
