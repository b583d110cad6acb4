"""``prefdesk export-unsynced``, ``backup`` and ``restore``: a profile's last resorts,
headless (no Qt), with errors as one clear line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from app.encryption import open_store, profile_key
from storage import DB_FILENAME, StoreError
from storage.profile_backup import backup_profile, restore_profile
from storage.unsynced import export_unsynced


def run_profile_tool(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.command == "export-unsynced":
            return _export_unsynced(args.profile, args.out, out)
        if args.command == "backup":
            return _backup(args.profile, args.out, out)
        return _restore(args.archive, args.profile, args.overwrite, out)
    except StoreError as exc:
        print(f"prefdesk: error: {exc}", file=err)
        return 1
    except OSError as exc:
        name = exc.filename if exc.filename else ""
        print(f"prefdesk: error: {name}: {exc.strerror or exc}", file=err)
        return 1


def _export_unsynced(profile: Path, target: Path, out: TextIO) -> int:
    if not (profile / DB_FILENAME).is_file():
        raise StoreError(f"{profile} holds no Prefdesk store")
    with open_store(profile, encrypt_new=False).store as store:
        report = export_unsynced(store, target)
    print(
        f"wrote {report.judgments} judgments the server has not acknowledged "
        f"({report.drafts} of them drafts) to {report.path}",
        file=out,
    )
    return 0


def _backup(profile: Path, target: Path, out: TextIO) -> int:
    # With the key, an encrypted store is copied in one transaction (still encrypted).
    report = backup_profile(profile, target, profile_key(profile))
    kind = "encrypted store copied as is" if report.encrypted else "store"
    print(f"backed up {profile} ({kind}; {', '.join(report.files)}) to {report.path}", file=out)
    return 0


def _restore(archive: Path, profile: Path, overwrite: bool, out: TextIO) -> int:
    report = restore_profile(archive, profile, overwrite=overwrite)
    print(f"restored {', '.join(report.files)} into {report.profile}", file=out)
    print(report.note, file=out)
    return 0
