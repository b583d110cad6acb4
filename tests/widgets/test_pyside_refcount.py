"""The PySide6 reference-count leak that widgets/pyside_refcount.py guards against."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot

from widgets.pyside_refcount import guard_refcounts


class _Emitter(QObject):
    sig = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal")
def test_the_pinned_pyside_still_leaks_so_the_guard_is_still_needed(qtbot: QtBot) -> None:
    # When this fails, PySide6 no longer leaks: delete widgets/pyside_refcount.py.
    timer, emitter = QTimer(), _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(100):
        timer.start()
        timer.stop()
        emitter.sig.emit()
    assert sys.getrefcount(None) <= none_before - 150  # 200 void calls, give or take
    assert sys.getrefcount(True) <= true_before - 75  # 100 emits


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal")
def test_the_guard_has_acted_once_for_this_process() -> None:
    assert sys.getrefcount(None) > 500_000_000
    assert sys.getrefcount(True) > 500_000_000
    assert guard_refcounts() is False  # a second call changes nothing
