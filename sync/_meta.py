"""Step 1: the handshake. A protocol outside the server's range, or ``must_stop``, ends here."""

from __future__ import annotations

from protocol import PROTOCOL_VERSION, Meta
from sync._errors import SyncStopped
from sync._transport import Api

UPDATE_ACTION = "Update Prefdesk, then sync again. Your work is kept on this computer."


def check_meta(api: Api) -> Meta:
    """The server's ``Meta``, or ``SyncStopped('too_old')`` carrying the server's message."""
    meta = api.parse(Meta, api.call("GET", "/v1/meta"))
    if not meta.protocol_min <= PROTOCOL_VERSION <= meta.protocol_max:
        problem = meta.message or (
            f"This Prefdesk speaks sync protocol {PROTOCOL_VERSION}; the server speaks "
            f"{meta.protocol_min} to {meta.protocol_max}."
        )
        raise SyncStopped("too_old", problem, UPDATE_ACTION)
    if meta.must_stop:
        raise SyncStopped(
            "too_old",
            meta.message or "The server asks this Prefdesk to stop syncing.",
            UPDATE_ACTION,
        )
    return meta
