"""The one place the app calls the Qt-free sync client (``sync.SyncClient``).

Everything else sees :class:`SyncClientLike` and results with ``SyncResult``'s fields, so a
test can hand the runner a fake client factory, and the rest of the app does not change if
the client's constructor does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select

from app.account import Account
from app.pack_updates import TRUSTED_KEYS_FILE
from guidelines import TrustedKey, load_trusted_keys
from storage import Store

OUTCOMES = ("ok", "offline", "unauthorized", "too_old", "cancelled", "attention", "busy", "error")


class SyncClientLike(Protocol):
    """What the runner uses of ``sync.SyncClient``."""

    def run(
        self,
        *,
        cancel: Callable[[], bool] = ...,
        progress: Callable[[Any], None] | None = ...,
        claim_project: str | None = ...,
    ) -> Any: ...


#: (store, account, token) -> a client; the runner calls it on the network lane.
ClientFactory = Callable[[Store, Account, str], SyncClientLike]


def default_client_factory(store: Store, account: Account, token: str) -> SyncClientLike:
    """The real client; ``verify`` is True or the CA bundle path, never False.

    Guideline packs that arrive by sync must be signed by a lead in the profile's
    ``trusted-keys.txt``, the same rule as an imported pack; without that file every pack
    is refused (and the result's notes say why), never taken on trust.
    """
    from app.server_check import client_version
    from sync import SyncClient, trusted_pack_verifier  # late: start-up does not load it

    client: SyncClientLike = SyncClient(
        store,
        account.server_url,
        token,
        client_version=client_version(),
        verify=account.verify,
        verify_pack=trusted_pack_verifier(trusted_keys(store)),
    )
    return client


def trusted_keys(store: Store) -> list[TrustedKey]:
    """The profile's trusted lead keys ([] when it lists none)."""
    path = store.path.parent / TRUSTED_KEYS_FILE
    return load_trusted_keys(path) if path.is_file() else []


def run_once(
    client: SyncClientLike, cancel: Callable[[], bool], progress: Callable[[Any], None]
) -> Any:
    """One session, then the client's connections are closed whatever happened."""
    try:
        return client.run(cancel=cancel, progress=progress)
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()


@dataclass(frozen=True)
class LocalSyncState:
    """What the status bar shows before (and between) syncs, read from the store."""

    pending: int
    last_synced: datetime | None


def local_sync_state(store: Store) -> LocalSyncState:
    """Submitted judgments the server has not answered yet, and when a sync last succeeded
    (the sync log of earlier runs included), read on the pool lane."""
    from storage.models import SyncSession
    from storage.outbox import pending_count

    with store.read() as conn:
        finished = conn.execute(
            select(func.max(SyncSession.finished_at)).where(
                SyncSession.outcome.in_(("ok", "attention"))
            )
        ).scalar()
    last = None
    if finished:
        try:
            last = datetime.fromisoformat(str(finished).replace("Z", "+00:00"))
        except ValueError:
            last = None  # a hand-edited log must not stop the status bar
    return LocalSyncState(pending_count(store), last)


@dataclass(frozen=True)
class FailedSync:
    """A sync that raised instead of returning a result; shaped like ``SyncResult``."""

    problem: str
    outcome: str = "error"
    action: str | None = "retry"
    session_id: str = ""
    pushed: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    pulled: int = 0
    packs_added: list[tuple[str, str]] = field(default_factory=list)
