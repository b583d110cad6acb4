"""A profile's encryption at rest: its store key in the OS keyring, and what to do without it.

For the Settings dialog (and ``prefdesk profile``), Qt-free, every call may block on the
keyring, so run it off the GUI thread:

- :func:`encryption_state` ``(data_dir, backend=None)`` — an :class:`EncryptionState`: is
  the store encrypted, is its key at hand, and why a new profile would not be encrypted
  (``keyring_problem``, a sentence the annotator can act on; None when it would be).
- :func:`encrypt_profile` ``(data_dir, backend=None)`` — encrypt a plaintext profile: a new
  key is made and saved in the keyring first, then the store is converted (atomically;
  the original stays if anything fails). Raises :class:`EncryptionError` with a sentence.
- :func:`decrypt_profile` ``(data_dir, backend=None)`` — back to plaintext; the key is
  deleted from the keyring once the file no longer needs it.

The store must be closed while either runs (the app's profile is open: close it first).

The key is 32 random bytes, kept as hex under the service ``prefdesk-store/<profile>``
(the profile named as for the sync token, :func:`app.account.profile_name`), account
``store-key``; it is never written to a file and never logged. New profiles are encrypted
by default where a secure keyring exists (:func:`open_store`); where none does they stay
plaintext and :func:`open_store` says why, as the token's in-memory fallback does.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.account import profile_name
from storage import DB_FILENAME, Store, StoreError, StoreLockedError, is_encrypted

if TYPE_CHECKING:
    from app.credentials import KeyringLike

log = logging.getLogger(__name__)

SERVICE_PREFIX = "prefdesk-store"
KEY_ACCOUNT = "store-key"


class EncryptionError(StoreError):
    """Encryption could not be changed or the key is missing; the message says what to do."""


class ProfileLockedError(StoreLockedError):
    """An encrypted profile whose key is not in this system's keyring."""


@dataclass(frozen=True)
class EncryptionState:
    encrypted: bool
    key_available: bool
    #: Why a key cannot be kept here (no secure keyring), or None when it can.
    keyring_problem: str | None


@dataclass(frozen=True)
class OpenedStore:
    store: Store
    #: Set when a new profile was left unencrypted, or a change asked for in Settings
    #: failed: a sentence saying why, for the annotator.
    notice: str | None = None


def _service(data_dir: Path) -> str:
    return f"{SERVICE_PREFIX}/{profile_name(data_dir)}"


def _backend(backend: KeyringLike | None) -> KeyringLike:
    if backend is not None:
        return backend
    import keyring

    return keyring


def keyring_problem(backend: KeyringLike | None = None) -> str | None:
    """Why the store key must not go into ``backend`` (default: the OS keyring), or None."""
    from app.credentials import _insecurity

    return _insecurity(backend)


def load_key(data_dir: Path, backend: KeyringLike | None = None) -> bytes | None:
    """The profile's store key from the keyring, or None when it holds none (never raises)."""
    import keyring.errors

    try:
        stored = _backend(backend).get_password(_service(data_dir), KEY_ACCOUNT)
    except keyring.errors.KeyringError as error:
        log.warning("keyring could not be read for the store key: %s", type(error).__name__)
        return None
    if not stored:
        return None
    try:
        return bytes.fromhex(stored)
    except ValueError:
        log.warning("the keyring's store key of a profile is malformed")
        return None


def save_key(data_dir: Path, key: bytes, backend: KeyringLike | None) -> None:
    import keyring.errors

    keyring_ = _backend(backend)
    try:
        keyring_.set_password(_service(data_dir), KEY_ACCOUNT, key.hex())
    except keyring.errors.KeyringError as error:
        raise EncryptionError(f"the keyring refused the store key: {error}") from error
    # A keyring that accepts a secret and loses it would make the profile unreadable.
    if load_key(data_dir, backend) != key:
        raise EncryptionError("the keyring did not keep the store key")


def delete_key(data_dir: Path, backend: KeyringLike | None) -> None:
    import keyring.errors

    try:
        _backend(backend).delete_password(_service(data_dir), KEY_ACCOUNT)
    except keyring.errors.PasswordDeleteError:
        pass  # nothing was saved
    except keyring.errors.KeyringError as error:
        log.warning("keyring could not delete the store key: %s", type(error).__name__)


def locked_message(data_dir: Path) -> str:
    return (
        f"The profile in {data_dir} is encrypted, and its key is not in this system's "
        "keyring (a new computer, or a keyring that was reset or is locked). Unlock the "
        "keyring and start Prefdesk again. Without the key this copy cannot be read: work "
        "that was synced is safe on the server, so you can sign in with a new, empty "
        "profile (--data-dir) to get it back. Nothing was changed or deleted."
    )


def profile_key(data_dir: Path, backend: KeyringLike | None = None) -> bytes | None:
    """The key the profile's store needs: None for a plaintext (or new) store.

    Raises :class:`ProfileLockedError` (naming the profile and what to do) when the store
    is encrypted and the keyring has no key for it.
    """
    if not is_encrypted(data_dir / DB_FILENAME):
        return None  # plaintext profiles never touch the keyring
    key = load_key(data_dir, backend)
    if key is None:
        raise ProfileLockedError(locked_message(data_dir))
    return key


def open_store(
    data_dir: Path, backend: KeyringLike | None = None, *, encrypt_new: bool = True
) -> OpenedStore:
    """Open the profile's store with its key; a new one is encrypted where that is safe.

    A change asked for in Settings (:mod:`app.encryption_request`) is made first; when it
    fails, ``notice`` says so. A new profile is encrypted when ``encrypt_new`` and a secure
    keyring exists; otherwise it is plaintext and ``notice`` says why. An encrypted profile
    whose key is missing or wrong raises :class:`ProfileLockedError`; the file is left as it is.
    """
    from app.encryption_request import carry_out_request

    path = data_dir / DB_FILENAME
    new = not path.exists() or path.stat().st_size == 0
    if not new:
        failed = carry_out_request(data_dir, backend)  # a change asked for in Settings
        key = profile_key(data_dir, backend)
        try:
            return OpenedStore(Store.open(data_dir, key), failed)
        except StoreLockedError as error:
            raise ProfileLockedError(locked_message(data_dir)) from error
    if not encrypt_new:
        return OpenedStore(Store.open(data_dir))
    problem = keyring_problem(backend)
    if problem is None:
        from storage import new_key

        key = new_key()
        try:
            save_key(data_dir, key, backend)
        except EncryptionError as error:
            problem = str(error)
        else:
            return OpenedStore(Store.open(data_dir, key))
    return OpenedStore(
        Store.open(data_dir),
        f"This profile is not encrypted on disk ({problem}). Your work is saved as usual; "
        "encrypt it in Settings once a secure keyring is available.",
    )


def encryption_state(data_dir: Path, backend: KeyringLike | None = None) -> EncryptionState:
    encrypted = is_encrypted(data_dir / DB_FILENAME)
    return EncryptionState(
        encrypted=encrypted,
        key_available=load_key(data_dir, backend) is not None if encrypted else True,
        keyring_problem=keyring_problem(backend),
    )


def encrypt_profile(data_dir: Path, backend: KeyringLike | None = None) -> None:
    """Encrypt the (closed) plaintext store of ``data_dir`` with a new key in the keyring."""
    from storage import encrypt_store, new_key

    path = data_dir / DB_FILENAME
    if not path.exists():
        raise EncryptionError(f"there is no profile in {data_dir}")
    if is_encrypted(path):
        raise EncryptionError(f"the profile in {data_dir} is already encrypted")
    problem = keyring_problem(backend)
    if problem is not None:
        raise EncryptionError(
            f"the profile in {data_dir} cannot be encrypted: {problem}, so its key could "
            "not be kept"
        )
    key = new_key()
    # Keyring first: a key in the keyring for a plaintext file is harmless; an encrypted
    # file whose key was never saved would be lost.
    save_key(data_dir, key, backend)
    try:
        encrypt_store(path, key)
    except BaseException:
        if not is_encrypted(path):
            delete_key(data_dir, backend)
        raise


def decrypt_profile(data_dir: Path, backend: KeyringLike | None = None) -> None:
    """Turn the (closed) encrypted store of ``data_dir`` back into plaintext."""
    from storage import decrypt_store

    path = data_dir / DB_FILENAME
    if not is_encrypted(path):
        raise EncryptionError(f"the profile in {data_dir} is not encrypted")
    key = profile_key(data_dir, backend)
    assert key is not None  # profile_key raises for an encrypted store without a key
    decrypt_store(path, key)
    delete_key(data_dir, backend)


def run_profile_command(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    backend: KeyringLike | None = None,
) -> int:
    """``prefdesk profile status|encrypt|decrypt``; refused while the app has the profile."""
    from app.instance_lock import InstanceLock, ProfileInUse
    from app.paths import default_data_dir, demo_data_dir

    out, err = out or sys.stdout, err or sys.stderr
    data_dir: Path = (
        demo_data_dir(args.data_dir) if args.demo else (args.data_dir or default_data_dir())
    )
    if args.action == "status":
        from app.encryption_request import pending_request

        state = encryption_state(data_dir, backend)
        if state.encrypted:
            print(
                "encrypted; key "
                + ("in the keyring" if state.key_available else "MISSING from the keyring"),
                file=out,
            )
        else:
            print(
                "not encrypted" + (f" ({state.keyring_problem})" if state.keyring_problem else ""),
                file=out,
            )
        request = pending_request(data_dir)
        if request is not None:
            print(f"asked in Settings: {request} at the next start", file=out)
        return 0
    try:
        with InstanceLock(data_dir):
            if args.action == "encrypt":
                encrypt_profile(data_dir, backend)
            else:
                decrypt_profile(data_dir, backend)
    except (StoreError, ProfileInUse, OSError) as error:
        print(f"prefdesk: error: {error}", file=err)
        return 1
    print(f"{data_dir}: {args.action}ed", file=out)
    return 0
