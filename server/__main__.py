"""``python -m server`` is ``prefdesk-server`` (the desktop app starts its demo server so)."""

import sys

from server.cli import main

sys.exit(main())
