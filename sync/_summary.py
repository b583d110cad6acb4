"""Step 5: compare what the server holds from this device with what the store believes.

The decision is a pure function (``decide``), tested as a table:
- the server has seen seqs this store has not issued yet → this store was restored from a
  backup: re-register as a new device and push everything unsettled again;
- digests agree (or differ only by judgments whose id the server holds with other content,
  which it keeps as rejected while we keep them for attention) → nothing to do;
- the store has settled seqs the server does not hold (a restored server) → re-queue
  those; the server accepts them again;
- otherwise the two disagree about some seq → re-register (nothing is lost: the server
  answers ``duplicate`` for what it already has).
"""

from __future__ import annotations

from typing import Literal

from protocol import DeviceSummary, device_digest
from storage.outbox import LocalSummary
from sync._transport import Api

Action = Literal["ok", "requeue", "reregister"]


def decide(
    local: LocalSummary, next_seq: int, server: DeviceSummary, conflict_digest: str | None = None
) -> Action:
    """``conflict_digest``: the local digest counting id-conflict rows as the server's
    rejections; matching it means only those conflicts differ, which no repair fixes."""
    if server.last_client_seq >= next_seq:
        return "reregister"
    if server.digest in (local.digest, conflict_digest):
        return "ok"
    if local.last_acked_seq > server.last_client_seq:
        return "requeue"
    return "reregister"


def fetch_summary(api: Api, device_id: str) -> DeviceSummary:
    """The server's summary; a device it has never heard of (404) holds nothing."""
    response = api.call("GET", f"/v1/devices/{device_id}/summary", passthrough=frozenset({404}))
    if response.status_code == 404:
        return DeviceSummary(
            device_id=device_id, last_client_seq=0, accepted=0, rejected=0, digest=device_digest([])
        )
    return api.parse(DeviceSummary, response)
