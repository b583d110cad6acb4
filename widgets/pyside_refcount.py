"""A guard against a reference-count leak in PySide6 6.12.0 (abi3 wheel) on Python 3.11.

Measured in this venv: every call of a ``void`` Qt method from Python (``setText``,
``QTimer.start`` …) drops one reference to ``None`` that it never took, and every
``Signal.emit()`` drops one reference to ``True``. On Python 3.12+ these objects are
immortal and nothing happens; on 3.11 their counts fall with every call until the
interpreter aborts with "none_dealloc" / "bool_dealloc" — in a long annotation session,
or when a test process exits (``tests/widgets`` aborted with exit code 134 after 62 passing
tests).

``guard_refcounts`` adds a large number of references that are never released, so the
counts cannot reach zero: these singletons are never freed by a healthy interpreter anyway.
It does nothing on Python 3.12+ or on interpreters other than CPython. Remove it once the
pinned PySide6 no longer leaks (``test_pyside_refcount`` measures the leak).
"""

from __future__ import annotations

import ctypes
import platform
import sys

# One leaked reference per Qt call: a billion covers years of continuous use.
_EXTRA = 1_000_000_000
_guarded = False


def guard_refcounts() -> bool:
    """Make ``None``, ``True`` and ``False`` safe from the leak; True when it acted."""
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    global _guarded
    if _guarded:
        return False  # once per process
    for obj in (None, True, False):
        # ob_refcnt is the first field (a Py_ssize_t) of every object in CPython ≤ 3.11.
        ctypes.c_ssize_t.from_address(id(obj)).value += _EXTRA
    _guarded = True
    return True
