"""Entry point of the frozen desktop app (packaging/desktop/prefdesk.spec).

A frozen bundle has no interpreter to run ``python -m server``, yet the demo starts its local
server as ``[sys.executable, "-m", "server", ...]`` (app/demo_server.py), and in the bundle
``sys.executable`` is this program. So the bundle answers that exact command line itself and
everything else goes to the app's own command line, unchanged.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    # A windowed Windows program has no console: sys.stdout and sys.stderr are None, and the
    # first print (a log line, a warning) would raise. Its output goes nowhere, as intended.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.argv[1:3] == ["-m", "server"]:
        from server.cli import main as server_main

        return server_main(sys.argv[3:])
    from app.cli import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
