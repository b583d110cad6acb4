"""``SyncClient``: one sync session of a profile against the vendor server.

meta → push the outbox → pull the feed → (claim a batch, pull again) → summary check
(re-register / re-queue and push again if the server disagrees) → session row.

Push comes before pull so that a judgment spends as little time as possible on one disk
only. Every step is idempotent and crash-safe on its own (see each module), so a session
cut short anywhere is simply run again. ``run`` never raises for network or server
trouble: it reports an outcome, a problem and an action sentence in ``SyncResult``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import httpx

from storage import Store
from storage.feed_apply import PackVerifier
from storage.outbox import conflict_digest, local_summary, next_client_seq
from storage.outbox_repair import requeue, reregister_device
from storage.sync_log import SessionCounts, finish_session, start_session
from sync._claim import claim_batch
from sync._errors import Outcome, SyncStopped
from sync._lock import LOCK_FILENAME, ProfileLock
from sync._meta import check_meta
from sync._pull import PullTotals, pull_all
from sync._push import PushTotals, push_all
from sync._retry import RetryPolicy
from sync._summary import decide, fetch_summary
from sync._transport import Api, make_client

log = logging.getLogger(__name__)

Phase = Literal["meta", "push", "pull", "claim", "summary"]


@dataclass(frozen=True)
class SyncProgress:
    phase: Phase
    done: int
    total: int | None


@dataclass(frozen=True)
class SyncResult:
    """What a session did. ``action`` is a sentence telling the user what to do, if anything."""

    session_id: str
    outcome: Outcome
    pushed: int
    accepted: int
    duplicate: int
    rejected: int
    pulled: int
    packs_added: list[tuple[str, str]]
    problem: str | None
    action: str | None
    #: Sentences about feed changes that could not be applied (they were skipped).
    notes: list[str] = field(default_factory=list)


class SyncClient:
    """Syncs one profile's ``store`` with ``server_url``; safe to ``run`` again at any time.

    ``transport`` replaces the network (an ``httpx.BaseTransport``, or an ``httpx.Client``
    such as a ``TestClient`` whose transport is used); ``verify`` is True or a CA bundle
    path, never False. ``sleep`` and ``rng`` drive the retry waits (tests pass fakes).
    """

    def __init__(
        self,
        store: Store,
        server_url: str,
        token: str,
        *,
        client_version: str,
        transport: httpx.BaseTransport | httpx.Client | None = None,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        policy: RetryPolicy | None = None,
        verify_pack: PackVerifier | None = None,
    ) -> None:
        self._store = store
        self._token = token
        self._http = make_client(server_url, token, client_version, transport, verify)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._policy = policy or RetryPolicy()
        self._verify_pack = verify_pack
        self._lock_path = store.path.parent / LOCK_FILENAME

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def run(
        self,
        *,
        cancel: Callable[[], bool] = lambda: False,
        progress: Callable[[SyncProgress], None] | None = None,
        claim_project: str | None = None,
    ) -> SyncResult:
        """One session. Returns ``busy`` at once if this profile is already syncing."""
        lock = ProfileLock(self._lock_path)
        if not lock.try_acquire():
            return _result(
                "",
                SyncStopped(
                    "busy",
                    "Another sync of this profile is already running.",
                    "Wait for it to finish.",
                ),
                PushTotals(),
                PullTotals(),
            )
        try:
            return self._session(cancel, progress or (lambda _p: None), claim_project)
        finally:
            lock.release()

    def _session(
        self,
        cancel: Callable[[], bool],
        progress: Callable[[SyncProgress], None],
        claim_project: str | None,
    ) -> SyncResult:
        session_id = start_session(self._store)
        api = Api(self._http, self._token, self._policy, self._sleep, self._rng, cancel)
        pushed, pulled = PushTotals(), PullTotals()
        anomaly: str | None = None
        stop = SyncStopped("ok", None, None)
        try:
            anomaly = self._steps(api, session_id, progress, claim_project, pushed, pulled)
            if pushed.violations:
                stop = _violation(pushed.violations)
        except SyncStopped as stopped:
            stop = stopped
        except Exception as exc:  # a bug must still close the session row and the lock
            log.exception("sync session %s failed", session_id)
            stop = SyncStopped(
                "error",
                api.scrub(f"Sync failed unexpectedly ({type(exc).__name__}: {exc})."),
                "Your work is kept on this computer. Please report this problem.",
            )
        counts = SessionCounts(
            pushed.pushed, pushed.accepted, pushed.duplicate, pushed.rejected, pulled.pulled
        )
        error = "; ".join(t for t in (stop.problem, anomaly) if t) or None
        finish_session(self._store, session_id, stop.outcome, counts, error)
        return _result(session_id, stop, pushed, pulled)

    def _steps(
        self,
        api: Api,
        session_id: str,
        progress: Callable[[SyncProgress], None],
        claim_project: str | None,
        pushed: PushTotals,
        pulled: PullTotals,
    ) -> str | None:
        """The session's steps; returns an anomaly sentence for the log, if any."""
        store = self._store
        progress(SyncProgress("meta", 0, 1))
        check_meta(api)
        progress(SyncProgress("meta", 1, 1))
        device_id = store.device_id()

        def on_push(done: int, total: int | None) -> None:
            progress(SyncProgress("push", done, total))

        def on_pull(done: int, total: int | None) -> None:
            progress(SyncProgress("pull", done, total))

        push_all(api, store, device_id, session_id, pushed, on_push)
        api.check_cancel()
        pull_all(api, store, pulled, on_pull, self._verify_pack)
        if claim_project is not None:
            api.check_cancel()
            progress(SyncProgress("claim", 0, 1))
            reason = claim_batch(api, store, device_id, claim_project)
            progress(SyncProgress("claim", 1, 1))
            if reason is None:
                pull_all(api, store, pulled, on_pull, self._verify_pack)
            else:
                pulled.problems.append(reason)
        api.check_cancel()
        progress(SyncProgress("summary", 0, 1))
        server = fetch_summary(api, device_id)
        action = decide(
            local_summary(store), next_client_seq(store), server, conflict_digest(store)
        )
        progress(SyncProgress("summary", 1, 1))
        if action == "ok":
            return None
        if action == "requeue":
            requeue(
                store, range(server.last_client_seq + 1, local_summary(store).last_acked_seq + 1)
            )
            anomaly = f"the server held judgments only through {server.last_client_seq}; resent"
        else:
            new_id = reregister_device(store)
            anomaly = f"device {device_id} disagreed with the server; re-registered as {new_id}"
            device_id = new_id
        log.warning("sync session %s: %s", session_id, anomaly)
        pushed.violations.clear()  # the repair re-queued them: only a new violation counts
        api.check_cancel()
        push_all(api, store, device_id, session_id, pushed, on_push)
        return anomaly


def _violation(seqs: list[int]) -> SyncStopped:
    which = ", ".join(str(s) for s in seqs if s) or "an earlier one"
    return SyncStopped(
        "attention",
        f"The server already holds different content for judgment number {which}; nothing "
        "was overwritten and sending is paused.",
        "Your judgments are kept on this computer. Tell your project lead, who can compare "
        "both versions.",
    )


def _result(session_id: str, stop: SyncStopped, push: PushTotals, pull: PullTotals) -> SyncResult:
    return SyncResult(
        session_id=session_id,
        outcome=stop.outcome,
        pushed=push.pushed,
        accepted=push.accepted,
        duplicate=push.duplicate,
        rejected=push.rejected,
        pulled=pull.pulled,
        packs_added=list(dict.fromkeys(pull.packs_added)),
        problem=stop.problem,
        action=stop.action,
        notes=list(pull.problems),
    )
