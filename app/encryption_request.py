"""Encrypting or decrypting a profile from Settings: asked for now, done at the next start.

Converting the store needs it closed, and the running app keeps it open, so the Settings
dialog only records the wish: a small file, ``encryption.request``, in the profile, holding
``encrypt`` or ``decrypt``. The next time anything opens the profile
(:func:`app.encryption.open_store`), the request is carried out before the store opens and
the file removed, whether it worked or not: a request that fails is reported once, not
retried at every start. A failed conversion leaves the store as it was (the conversion
itself is atomic), and the sentence saying why is shown to the annotator.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from storage import DB_FILENAME, is_encrypted

if TYPE_CHECKING:
    from app.credentials import KeyringLike

log = logging.getLogger(__name__)

REQUEST_FILENAME = "encryption.request"
Action = Literal["encrypt", "decrypt"]


def pending_request(data_dir: Path) -> Action | None:
    """The change asked for in Settings and not yet made, or None."""
    try:
        text = (data_dir / REQUEST_FILENAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if text == "encrypt":
        return "encrypt"
    if text == "decrypt":
        return "decrypt"
    return None  # a damaged request asks for nothing


def encrypted_at_next_start(data_dir: Path) -> bool:
    """Whether the store will be encrypted once the pending request (if any) is made."""
    request = pending_request(data_dir)
    if request is not None:
        return request == "encrypt"
    return is_encrypted(data_dir / DB_FILENAME)


def request_encryption(data_dir: Path, encrypted: bool) -> None:
    """Have the store encrypted (or not) from the next start; no request when it already is.

    Written to a temporary file and renamed, so a crash never leaves half a request.
    """
    path = data_dir / REQUEST_FILENAME
    if encrypted == is_encrypted(data_dir / DB_FILENAME):
        path.unlink(missing_ok=True)
        return
    partial = path.with_name(f".{REQUEST_FILENAME}.partial")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write("encrypt\n" if encrypted else "decrypt\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def carry_out_request(data_dir: Path, backend: KeyringLike | None = None) -> str | None:
    """Make the pending change to the (closed) store; a sentence for the annotator if it
    failed, else None. The request is removed either way."""
    from app.encryption import decrypt_profile, encrypt_profile

    request = pending_request(data_dir)
    (data_dir / REQUEST_FILENAME).unlink(missing_ok=True)
    if request is None or (request == "encrypt") == is_encrypted(data_dir / DB_FILENAME):
        return None  # nothing asked, or already done (by `prefdesk profile` meanwhile)
    try:
        if request == "encrypt":
            encrypt_profile(data_dir, backend)
        else:
            decrypt_profile(data_dir, backend)
    except Exception as error:  # the conversion is atomic: the profile opens as it was
        log.warning("the %s request of a profile failed: %s", request, type(error).__name__)
        if request == "encrypt":
            return f"The profile was not encrypted ({error}). It is unchanged and works as before."
        return f"The profile was not decrypted ({error}). It is unchanged and works as before."
    log.info("profile %sed as requested in Settings", request)
    return None
