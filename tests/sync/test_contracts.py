"""Small contracts of the client: where the token goes, TLS, and the summary decision table."""

from __future__ import annotations

import httpx
import pytest

import protocol
from storage import Store
from storage.outbox import LocalSummary
from sync import SyncClient
from sync._summary import decide
from tests.storage.sync_seed import submit
from tests.sync.conftest import MakeClient
from tests.sync.fake_server import TOKEN, FakeServer


def test_token_travels_only_in_the_authorization_header(
    store: Store, server: FakeServer, make_client: MakeClient
) -> None:
    submit(store, ["item-0"])
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return server.handle(request)

    assert make_client(httpx.MockTransport(record)).run().outcome == "ok"
    assert seen
    for request in seen:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers[protocol.CLIENT_VERSION_HEADER] == "prefdesk/0.1.0"
        others = [v for k, v in request.headers.items() if k.lower() != "authorization"]
        assert not any(TOKEN in v for v in others)
        assert TOKEN not in str(request.url)
        assert TOKEN.encode() not in request.content


def test_tls_verification_cannot_be_turned_off(store: Store) -> None:
    with pytest.raises(ValueError, match="cannot be turned off"):
        SyncClient(store, "https://x.test", TOKEN, client_version="0.1.0", verify=False)


def _server(last: int, digest: str) -> protocol.DeviceSummary:
    return protocol.DeviceSummary(
        device_id="d", last_client_seq=last, accepted=0, rejected=0, digest=digest
    )


@pytest.mark.parametrize(
    ("local_last", "next_seq", "server_last", "server_digest", "expected"),
    [
        (5, 6, 5, "same", "ok"),  # agree
        (5, 6, 6, "other", "reregister"),  # server saw a seq not issued here: restored backup
        (5, 6, 9, "same", "reregister"),
        (5, 6, 3, "other", "requeue"),  # server lost 4–5 (restored server): send them again
        (5, 6, 5, "other", "reregister"),  # same range, different content
        (5, 6, 5, "conflicts", "ok"),  # only id conflicts differ: nothing to repair
        (0, 1, 0, "same", "ok"),  # a new device
    ],
)
def test_summary_decision_table(
    local_last: int, next_seq: int, server_last: int, server_digest: str, expected: str
) -> None:
    local = LocalSummary(last_acked_seq=local_last, accepted=local_last, rejected=0, digest="same")
    assert decide(local, next_seq, _server(server_last, server_digest), "conflicts") == expected
