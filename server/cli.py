"""``prefdesk-server``: the vendor server and its admin commands.

The serving body and the admin commands (import, assign, review, deliver) arrive with the
sync protocol; until then the entry point exists so installs, packaging and scripts can
rely on its name, and it answers ``--version`` and ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    try:
        return version("prefdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prefdesk-server",
        description="Prefdesk vendor server: batches out to annotators, judgments back.",
        epilog="The serve and admin commands come with the sync protocol (see docs/).",
    )
    parser.add_argument(
        "--version", action="version", version=f"prefdesk-server {installed_version()}"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    build_parser().print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
