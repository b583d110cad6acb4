"""Step 2: push the outbox, page by page, applying each page's answers before the next.

A page's results are recorded in one local transaction before anything else is sent, so
a crash at any point leaves every judgment either acked as the server said or still
queued (and a resend is answered ``duplicate``). 413 halves the page (down to one item);
``gap`` resends from the seq the server expects; ``violation`` stops pushing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from protocol import MAX_PUSH_BODY_BYTES, MAX_PUSH_ITEMS, PushItem, PushRequest, PushResponse
from storage import Store
from storage.outbox import (
    OutboxEntry,
    apply_push_results,
    attention_count,
    outbox_page,
    pending_count,
)
from storage.outbox_repair import requeue
from sync._errors import SyncStopped, TooLarge
from sync._transport import Api

#: Gaps answered in a row without progress before the session gives up on pushing.
MAX_GAPS = 3


@dataclass
class PushTotals:
    pushed: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    violations: list[int] = field(default_factory=list)


def push_all(
    api: Api,
    store: Store,
    device_id: str,
    session_id: str,
    totals: PushTotals,
    progress: Callable[[int, int | None], None],
) -> None:
    """Send every queued judgment; returns early (with ``totals.violations``) on a violation."""
    if attention_count(store):
        totals.violations.append(0)  # pushing stays stopped until the conflict is resolved
        return
    total = pending_count(store)
    done = 0
    page_size = MAX_PUSH_ITEMS
    after = 0
    gaps = 0
    progress(0, total)
    while entries := outbox_page(store, after, page_size):
        request = _request(device_id, session_id, entries)
        while len(request.items) > 1 and len(request.model_dump_json()) > MAX_PUSH_BODY_BYTES:
            page_size = max(1, len(request.items) // 2)
            request = _request(device_id, session_id, entries[:page_size])
        first, last = request.items[0].client_seq, request.items[-1].client_seq
        try:
            response = api.call(
                "POST",
                "/v1/push",
                body=request,
                headers={"Idempotency-Key": f"{device_id}:{first}-{last}"},
                compress=True,
            )
        except TooLarge:
            if len(request.items) == 1:
                raise SyncStopped(
                    "error",
                    f"Judgment {request.items[0].payload.id} is larger than the server accepts.",
                    "It is kept on this computer; tell your project lead.",
                ) from None
            page_size = max(1, len(request.items) // 2)
            continue
        answer = api.parse(PushResponse, response)
        applied = apply_push_results(store, session_id, answer.results)
        totals.pushed += len(request.items)
        totals.accepted += applied.accepted
        totals.duplicate += applied.duplicate
        totals.rejected += applied.rejected
        done += applied.accepted + applied.duplicate + applied.rejected
        progress(done, total)
        if applied.violations:
            totals.violations.extend(applied.violations)
            return
        if applied.gap_expected is not None:
            gaps += 1
            if gaps > MAX_GAPS:
                raise _stuck(applied.gap_expected)
            expected = applied.gap_expected
            # The server lost seqs we hold as settled (a restored server): send them again.
            if expected < first:
                requeue(store, range(expected, first))
            after = expected - 1
            continue
        gaps = 0
        after = last


def _request(device_id: str, session_id: str, entries: list[OutboxEntry]) -> PushRequest:
    return PushRequest.model_validate(
        {
            "device_id": device_id,
            "session_id": session_id,
            "items": [
                PushItem.model_validate(
                    {
                        "client_seq": e.client_seq,
                        "payload": e.payload,
                        "payload_sha256": e.payload_sha256,
                    }
                )
                for e in entries
            ],
        }
    )


def _stuck(expected: int) -> SyncStopped:
    return SyncStopped(
        "attention",
        f"The server keeps asking for judgment number {expected} first, which this "
        "computer no longer has queued.",
        "Your judgments are kept here. Tell your project lead; re-registering this "
        "computer resends them safely.",
    )
