from __future__ import annotations

import os

# Qt tests run offscreen unless a display was chosen on purpose.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The lead windows' fixtures (a real server on a loopback port, the app's lanes).
from tests.app.lead_server import lanes, served  # noqa: F401
