"""The sync API token, kept in the OS keyring and nowhere else.

Contract: the token is never written to a file by Prefdesk (``settings.ini`` holds only the
server URL, the username and the CA bundle path) and never logged. Where the system has no
secure keyring (no backend, or one that keeps secrets in a plain file), the token is kept
in this object's memory for this run only, and :attr:`CredentialStore.problem` says so in a
sentence the annotator can act on. Qt-free: ``prefdesk sync`` uses it too.
"""

from __future__ import annotations

import logging
from typing import Protocol

import keyring
import keyring.errors

from guidelines.keys import secure_keyring_problem

log = logging.getLogger(__name__)

SERVICE_PREFIX = "prefdesk-sync"


class KeyringLike(Protocol):
    """What is used of a keyring backend (a ``KeyringBackend`` or the ``keyring`` module)."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


def account_key(server_url: str, username: str) -> str:
    """The keyring entry name for ``username`` on ``server_url`` (trailing slash ignored)."""
    return f"{username}@{server_url.rstrip('/')}"


class CredentialStore:
    """Save, load and delete the API token of one profile, per (server URL, username).

    ``profile`` names the profile (its folder name will do) so two profiles of one OS user
    keep separate tokens. ``backend`` defaults to the ``keyring`` module (the OS keyring).
    """

    def __init__(self, profile: str, backend: KeyringLike | None = None) -> None:
        self.service = f"{SERVICE_PREFIX}/{profile}"
        self._backend: KeyringLike = backend if backend is not None else keyring
        self._memory: dict[str, str] = {}
        self.reason: str | None = _insecurity(backend)

    @property
    def problem(self) -> str | None:
        """A sentence for the annotator when the token cannot be kept between runs, else None."""
        if self.reason is None:
            return None
        return (
            f"The API token is kept only while Prefdesk runs ({self.reason}): "
            "you will need to sign in again next time."
        )

    @property
    def secure(self) -> bool:
        return self.reason is None

    def save(self, server_url: str, username: str, token: str) -> None:
        """Keep ``token``; in memory only when no secure keyring is available."""
        key = account_key(server_url, username)
        if self.reason is None:
            try:
                self._backend.set_password(self.service, key, token)
                self._memory.pop(key, None)
                return
            except keyring.errors.KeyringError as error:
                # A locked or broken keyring must not stop the sign-in: fall back, say why.
                log.warning("keyring refused the API token: %s", type(error).__name__)
                self.reason = f"the keyring refused it: {error}"
        self._memory[key] = token

    def load(self, server_url: str, username: str) -> str | None:
        """The saved token, or None when there is none (never raises)."""
        key = account_key(server_url, username)
        if key in self._memory:
            return self._memory[key]
        if self.reason is not None:
            return None
        try:
            return self._backend.get_password(self.service, key)
        except keyring.errors.KeyringError as error:
            log.warning("keyring could not be read: %s", type(error).__name__)
            return None

    def delete(self, server_url: str, username: str) -> None:
        """Forget the token everywhere it may be; absent is fine."""
        key = account_key(server_url, username)
        self._memory.pop(key, None)
        if self.reason is not None and not self._keyring_usable():
            return
        try:
            self._backend.delete_password(self.service, key)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was saved
        except keyring.errors.KeyringError as error:
            log.warning("keyring could not delete the API token: %s", type(error).__name__)

    def _keyring_usable(self) -> bool:
        # A keyring that refused a save may still hold an older token worth deleting.
        return _insecurity(self._backend_object()) is None

    def _backend_object(self) -> object | None:
        return None if self._backend is keyring else self._backend


def _insecurity(backend: object | None) -> str | None:
    try:
        return secure_keyring_problem(backend)
    except Exception as error:  # a keyring that cannot even be inspected is not safe
        return f"the keyring could not be opened: {type(error).__name__}"
