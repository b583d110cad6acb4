"""``prefdesk``: the desktop app, plus headless commands on the same store.

    prefdesk [--data-dir DIR] [--demo] [--smoke]     open the app (demo workspace with --demo)
    prefdesk import PACK... [--format F] [--project P]
    prefdesk export --format jsonl|jsonl.gz|parquet OUT [--project P]
    prefdesk doctor [--json]
    prefdesk sync [--server URL --user NAME] [--ca-bundle PEM]   (token: keyring or PREFDESK_TOKEN)
    prefdesk export-unsynced PROFILE OUT.jsonl   (last resort: what the server does not hold)
    prefdesk backup PROFILE OUT.zip
    prefdesk restore ZIP PROFILE [--overwrite]
    prefdesk profile status|encrypt|decrypt      encryption at rest (key: the OS keyring)

Headless commands never import Qt, so they run on servers and in scripts without a display.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402  (the start-up clock must start before anything else loads)
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

FORMATS_OUT = ("jsonl", "jsonl.gz", "parquet")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prefdesk", description="Collect RLHF preference judgments, offline first."
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="profile folder holding the local store (default: the one chosen in Settings, "
        "else the platform's data folder)",
    )
    parser.add_argument("--demo", action="store_true", help="open the built-in demo workspace")
    parser.add_argument(
        "--preview",
        type=Path,
        metavar="PACK",
        help="open a guideline pack (folder or .zip) on its own examples, as annotators see it",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start, show the first item, print start-up timings as one JSON line, and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = commands.add_parser("import", help="import task packs (all or nothing per file)")
    imp.add_argument("packs", nargs="+", type=Path, metavar="PACK")
    imp.add_argument(
        "--format",
        choices=("prefdesk", "hh-rlhf", "oasst", "sharegpt-dpo", "openai-chat"),
        help="source format (default: detected from the file)",
    )
    imp.add_argument("--project", help="project the items belong to (default: the pack's)")

    exp = commands.add_parser("export", help="export the store's items as a task pack")
    exp.add_argument("out", type=Path, metavar="OUT")
    exp.add_argument("--format", choices=FORMATS_OUT, default="jsonl")
    exp.add_argument("--project", help="which project, when the store holds several")

    doc = commands.add_parser("doctor", help="check integrity, counts and pending sync")
    doc.add_argument("--json", action="store_true", help="machine-readable output")

    rescue = commands.add_parser(
        "export-unsynced",
        help="write every judgment the server has not acknowledged (and drafts) to a file",
    )
    rescue.add_argument("profile", type=Path, metavar="PROFILE")
    rescue.add_argument("out", type=Path, metavar="OUT.jsonl")

    back = commands.add_parser("backup", help="back up a profile (store and settings) to a zip")
    back.add_argument("profile", type=Path, metavar="PROFILE")
    back.add_argument("out", type=Path, metavar="OUT.zip")

    res = commands.add_parser("restore", help="restore a profile from a backup zip")
    res.add_argument("archive", type=Path, metavar="ZIP")
    res.add_argument("profile", type=Path, metavar="PROFILE")
    res.add_argument(
        "--overwrite", action="store_true", help="replace the store the profile already holds"
    )

    # Defined here, not in app.sync_cli, so the app's start-up loads no HTTP or keyring code.
    syn = commands.add_parser("sync", help="sync with the vendor server once, then exit")
    syn.add_argument("--server", metavar="URL", help="server address (default: the saved one)")
    syn.add_argument("--user", metavar="NAME", help="username (default: the saved one)")
    syn.add_argument("--ca-bundle", metavar="PEM", help="CA bundle of a vendor intranet")

    pro = commands.add_parser("profile", help="encrypt or decrypt the profile's local store")
    pro.add_argument("action", choices=("status", "encrypt", "decrypt"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from app.gui import run_gui

        data_dir = args.data_dir
        if args.preview is not None:
            from app.pack_preview import make_preview_profile
            from guidelines import PackError

            try:
                data_dir = make_preview_profile(args.preview)
            except (PackError, ValueError, OSError) as error:
                print(f"prefdesk: {error}", file=sys.stderr)
                return 1
        return run_gui(data_dir=data_dir, demo=args.demo, smoke=args.smoke, started=STARTED)
    if args.command == "sync":
        from app.sync_cli import run_sync

        return run_sync(args)
    if args.command in ("export-unsynced", "backup", "restore"):
        from app.profile_tools import run_profile_tool

        return run_profile_tool(args)
    if args.command == "profile":
        from app.encryption import run_profile_command

        return run_profile_command(args)
    from app import headless

    return headless.run(args)


if __name__ == "__main__":
    sys.exit(main())
