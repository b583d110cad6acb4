"""``sync.LeadClient`` against the real server app: every lead call, and its failures as
sentences a lead can act on (403, a refused field, an unreachable server)."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest

from protocol import DeliveryRequest, ReviewDecision
from sync import LeadClient, LeadError, QueueQuery, RetryPolicy
from tests.in_process import InProcess
from tests.server.sync_world import World
from tests.server.test_review import CLEAN, FIX, Desk


@pytest.fixture
def desk(world: World) -> Desk:
    return Desk(world)


def _client(world: World, token: str) -> LeadClient:
    return LeadClient(
        "http://testserver", token, client_version="1.0", transport=InProcess(world.client)
    )


def test_a_lead_reviews_a_queue_and_downloads_a_delivery(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    first = desk.judge("i1", CLEAN)
    second = desk.judge("i2", CLEAN)
    with _client(desk.world, desk.lead) as lead:
        assert lead.lead_projects() == ["p1"]
        queue = lead.queue("p1", QueueQuery(review="unreviewed"))
        assert [e.judgment_id for e in queue.entries] == [first.id, second.id]
        detail = lead.judgment("p1", first.id)
        assert detail.payload["answers"] == CLEAN
        assert detail.item["id"] == "i1"
        after = lead.decide("p1", first.id, ReviewDecision(outcome="accepted", review_id="r1"))
        assert after.entry.review == "accepted"
        again = lead.decide("p1", first.id, ReviewDecision(outcome="accepted", review_id="r1"))
        assert [r.id for r in again.reviews] == ["r1"]
        lead.decide("p1", second.id, ReviewDecision(outcome="fixed", fixed_answers=FIX))
        (batch,) = lead.batches("p1")
        assert (batch.judged, batch.accepted) == (2, 2)
        archive = lead.delivery("p1", DeliveryRequest(formats=["trl-preference", "parquet"]))
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        names = set(zipped.namelist())
        manifest = json.loads(zipped.read("manifest.json"))
    assert {"manifest.json", "trl-preference/train.jsonl", "parquet/train.parquet"} <= names
    assert manifest["judgments"]["delivered"] == 2


def test_an_annotator_is_told_their_account_may_not_review(desk: Desk) -> None:
    with _client(desk.world, desk.ann) as client:
        assert client.lead_projects() == []
        with pytest.raises(LeadError) as refused:
            client.queue("p1", QueueQuery())
    assert refused.value.status == 403
    assert "may not" in refused.value.message


def test_a_refused_field_names_where_and_an_unknown_format_is_refused(desk: Desk) -> None:
    desk.world.assign(desk.batch, "ann")
    judgment = desk.judge("i1", CLEAN)
    with _client(desk.world, desk.lead) as lead:
        with pytest.raises(LeadError) as no_comment:
            lead.decide("p1", judgment.id, ReviewDecision(outcome="returned"))
        with pytest.raises(LeadError) as bad_format:
            lead.delivery("p1", DeliveryRequest(formats=["pickle"]))
    assert (no_comment.value.status, no_comment.value.where) == (422, "comment")
    assert bad_format.value.where == "formats"
    assert "pickle" in bad_format.value.message


def test_an_unreachable_server_is_one_sentence_without_the_token() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    token = "pdt_x_secret-secret"
    client = LeadClient(
        "https://vendor.example",
        token,
        client_version="1.0",
        transport=httpx.MockTransport(refuse),
        policy=RetryPolicy(max_attempts=2),
        sleep=lambda _s: None,
    )
    with client, pytest.raises(LeadError) as failed:
        client.report("p1")
    assert failed.value.status is None
    assert "vendor.example" in failed.value.message
    assert token not in failed.value.message
