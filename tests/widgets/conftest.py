from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from widgets.pyside_refcount import guard_refcounts

# PySide6 6.12.0 leaks references to None and True on Python 3.11; without this the test
# process aborts when it exits (see widgets/pyside_refcount.py).
guard_refcounts()
