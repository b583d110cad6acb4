from __future__ import annotations

import os

# Qt tests run offscreen unless a display was chosen on purpose.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
