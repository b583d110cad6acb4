"""``prefdesk export-unsynced``, ``backup`` and ``restore``: a profile's last resorts,
headless (no Qt), with errors as one clear line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.encryption import (
    EncryptionError,
    delete_key,
    load_key,
    open_store,
    profile_key,
    save_key,
)
from storage import DB_FILENAME, StoreError
from storage.profile_backup import (
    RestoreReport,
    backup_profile,
    read_backup_info,
    restore_profile,
)
from storage.unsynced import export_unsynced

if TYPE_CHECKING:
    from app.credentials import KeyringLike


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


def restore_keyed(
    archive: Path, profile: Path, *, overwrite: bool = False, backend: KeyringLike | None = None
) -> RestoreReport:
    """Restore ``archive`` into ``profile``, its store key following it when encrypted.

    The keyring names a store's key by the profile folder, so a backup restored into another
    folder would be unreadable there: the key of the profile it came from is checked against
    the backup (integrity check) and saved under the new folder. Refused, with nothing
    changed, when this keyring holds no key for it (another computer, a reset keyring).
    """
    info = read_backup_info(archive)
    if not info.encrypted:
        report = restore_profile(archive, profile, overwrite=overwrite)
        if overwrite and load_key(profile, backend) is not None:
            delete_key(profile, backend)  # the encrypted store it replaced needs it no more
        return report
    key = load_key(info.source, backend) if info.source is not None else None
    if key is None:
        origin = f"the profile in {info.source}" if info.source else "the profile it came from"
        raise EncryptionError(
            f"{archive} holds an encrypted store, and this computer's keyring has no key for "
            f"{origin}. Restore it on the computer it was made on; to move a profile to "
            "another computer, decrypt it first (Settings ▸ Profile), then back it up. "
            "Nothing was restored."
        )
    previous = load_key(profile, backend)
    if previous != key:
        save_key(profile, key, backend)
    try:
        return restore_profile(archive, profile, overwrite=overwrite, key=key)
    except BaseException:
        if previous is None:
            delete_key(profile, backend)
        elif previous != key:
            save_key(profile, previous, backend)  # the store left in place still needs it
        raise


def _restore(archive: Path, profile: Path, overwrite: bool, out: TextIO) -> int:
    report = restore_keyed(archive, profile, overwrite=overwrite)
    print(f"restored {', '.join(report.files)} into {report.profile}", file=out)
    print(report.note, file=out)
    return 0
