"""Fixtures shared by every suite: the real data in ../shared, and fresh profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, read in place; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the real public datasets live beside the repo")
    return SHARED_DATA


@pytest.fixture(autouse=True, scope="session")
def no_real_keyring() -> None:
    """Code that reaches for the OS keyring (no backend passed in) finds none, as on CI.

    Tests must never read or write a developer's real keyring, and the answer must not
    depend on the machine: left to choose, keyring would pick whichever backend ranks
    highest — the real one, or one of the test fakes once they are imported. Subprocesses
    (a CLI, the frozen app) inherit the same choice through the environment.
    """
    import keyring
    from keyring.backends import fail

    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    keyring.set_keyring(fail.Keyring())


@pytest.hookimpl(trylast=True)  # after the fixtures' own teardown (qtbot closes its widgets)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Collect garbage on the main thread at the end of each test module.

    A Qt object caught in a reference cycle is otherwise freed whenever the collector
    happens to run — possibly on a worker thread of a later suite (a TestClient's event
    loop, a server thread), where destroying it corrupts Qt's state and a later
    processEvents crashes. Collecting here keeps those deletions on the GUI thread.
    """
    if nextitem is None or nextitem.module is not item.module:
        import gc

        gc.collect()
        _close_leftover_windows()


def _close_leftover_windows() -> None:
    """Delete the top-level widgets a test module left behind (forms prepared but never
    shown, windows nobody closed). Left alive they pile up across the suite, and every
    application-wide restyle (the theme tests) re-polishes each of them: minutes, not ms."""
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
