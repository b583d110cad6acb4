"""PySide6 6.12.0 drops a reference to None on every void Qt call and to True on every
emit; on Python 3.11 the interpreter aborts after about ten thousand of them. The pin in
pyproject.toml keeps us below 6.12; this test fails if a lock update brings the leak back."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    sig = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal")
def test_void_qt_calls_and_emits_keep_none_and_true_alive(qtbot: QtBot) -> None:
    timer, emitter = QTimer(), _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        timer.start()
        timer.stop()
        emitter.sig.emit()
    assert sys.getrefcount(None) >= none_before - 20
    assert sys.getrefcount(True) >= true_before - 20
