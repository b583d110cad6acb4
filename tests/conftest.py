"""Fixtures shared by every suite: the real data in ../shared, and fresh profiles."""

from __future__ import annotations

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
