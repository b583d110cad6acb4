"""Who may see and touch what: an annotator never learns of another annotator's work.

Objects the caller may not know of answer 404, exactly as objects that do not exist;
403 only where the caller can see the project but lacks the role; 401 without a valid token.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from server.accounts import revoke_token, token_owner
from server.models import Assignment, User
from tests.server.conftest import auth
from tests.server.sync_world import World


@pytest.fixture
def two(world: World) -> tuple[str, str, str]:
    """ann and bob, annotators of p1, each holding a batch; returns (ann, bob, bob's id)."""
    ann = world.member("ann", "annotator")
    bob = world.member("bob", "annotator")
    world.items("a1", "b1")
    world.assign(world.batch("ann-batch", ["a1"]), "ann")
    bobs = world.assign(world.batch("bob-batch", ["b1"]), "bob")
    return ann, bob, bobs


def test_another_annotators_assignment_is_404_exactly_like_one_that_does_not_exist(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, _, bobs = two
    for action in ("renew", "release"):
        theirs = world.client.post(f"/v1/assignments/{bobs}/{action}", headers=auth(ann))
        missing = world.client.post(f"/v1/assignments/nope/{action}", headers=auth(ann))
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
    assert world.assignment_of(_batch_of(world, "bob"), "bob").state == "assigned"


def _batch_of(world: World, user: str) -> str:
    with world.db.session() as session:
        return str(session.scalar(select(Assignment.batch_id).where(Assignment.user_id == user)))


def test_an_item_in_another_annotators_batch_is_rejected_like_one_that_does_not_exist(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, _, _ = two
    pack = world.pack()
    body = world.push(
        ann, "dev-ann", [(1, world.judgment("b1", pack)), (2, world.judgment("zz", pack))]
    ).json()
    codes = [(r["status"], r["code"]) for r in body["results"]]
    assert codes == [("rejected", "not_assigned"), ("rejected", "not_assigned")]


def test_amending_another_annotators_judgment_is_refused_like_a_missing_one(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, bob, _ = two
    pack = world.pack()
    world.items("shared")
    world.assign(world.batch("shared-ann", ["shared"]), "ann")
    world.assign(world.batch("shared-bob", ["shared"]), "bob")
    bobs_judgment = world.judgment("shared", pack)
    world.push(bob, "dev-bob", [(1, bobs_judgment)])
    theirs = world.judgment("shared", pack, supersedes_id=bobs_judgment.id)
    missing = world.judgment("shared", pack, supersedes_id="never-pushed")
    results = world.push(ann, "dev-ann", [(1, theirs), (2, missing)]).json()["results"]
    assert [r["code"] for r in results] == ["bad_supersedes", "bad_supersedes"]
    assert results[0]["reason"] == results[1]["reason"]


def test_the_feed_and_a_claim_never_hand_over_another_annotators_batch(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, bob, _ = two
    assert "bob-batch" not in world.client.get("/v1/feed", headers=auth(ann)).text
    request = {"device_id": "d", "claim_request_id": "bobs-claim", "project_id": "p1"}
    world.client.post("/v1/batches/claim", json=request, headers=auth(bob))
    # Reusing someone else's claim_request_id gets nothing of theirs.
    stolen = world.client.post("/v1/batches/claim", json=request, headers=auth(ann)).json()
    assert stolen["assignment"] is None


def test_an_annotator_calling_a_lead_endpoint_is_403_and_a_stranger_404(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, _, _ = two
    body = {"canonical_b64": "", "signature_toml": ""}
    assert world.client.post("/v1/projects/p1/packs", json=body, headers=auth(ann)).status_code == (
        403
    )
    stranger = world.member("eve", "lead", project="p2")
    for method in ("GET", "POST"):
        response = world.client.request(
            method, "/v1/projects/p1/packs", json=body, headers=auth(stranger)
        )
        assert response.status_code == 404
    assert world.client.get("/v1/projects/p1/packs", headers=auth(ann)).status_code == 200


def test_a_revoked_token_is_401_everywhere(world: World, two: tuple[str, str, str]) -> None:
    ann, _, _ = two
    with world.db.session() as session:
        owner = token_owner(session, ann)
        assert owner is not None
        revoke_token(session, owner[1])
    calls = [
        ("GET", "/v1/feed", None),
        ("GET", "/v1/me", None),
        ("GET", "/v1/devices/dev-ann/summary", None),
        ("GET", "/v1/projects/p1/packs", None),
        (
            "POST",
            "/v1/batches/claim",
            {"device_id": "d", "claim_request_id": "c", "project_id": "p1"},
        ),
        ("POST", "/v1/assignments/x/renew", None),
    ]
    for method, path, body in calls:
        response = world.client.request(method, path, json=body, headers=auth(ann))
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthorized"


# -- every endpoint, read from the app's own OpenAPI schema ---------------------------------

PUBLIC = {("GET", "/v1/meta")}


def _every_endpoint(world: World) -> list[tuple[str, str]]:
    """(method, path with its parameters filled) for every route but the public ones."""
    calls = []
    for path, operations in world.client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for method in operations:
            if (method.upper(), path) in PUBLIC:
                continue
            calls.append((method.upper(), re.sub(r"\{[^}]+\}", "x", path)))
    return calls


def test_the_schema_lists_the_sync_endpoints_so_the_sweeps_below_are_not_vacuous(
    world: World,
) -> None:
    calls = _every_endpoint(world)
    assert ("POST", "/v1/push") in calls
    assert ("GET", "/v1/feed") in calls


def test_every_endpoint_but_meta_is_401_without_a_token(world: World) -> None:
    for method, path in _every_endpoint(world):
        response = world.client.request(method, path, json={} if method == "POST" else None)
        assert response.status_code == 401, f"{method} {path}"


def test_every_endpoint_but_meta_is_401_with_a_revoked_token(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, _, _ = two
    with world.db.session() as session:
        owner = token_owner(session, ann)
        assert owner is not None
        revoke_token(session, owner[1])
    for method, path in _every_endpoint(world):
        response = world.client.request(
            method, path, json={} if method == "POST" else None, headers=auth(ann)
        )
        assert response.status_code == 401, f"{method} {path}"


def test_every_endpoint_but_meta_is_401_with_a_made_up_token(world: World) -> None:
    for method, path in _every_endpoint(world):
        response = world.client.request(
            method, path, json={} if method == "POST" else None, headers=auth("not-a-token")
        )
        assert response.status_code == 401, f"{method} {path}"


def test_meta_answers_without_a_token(world: World) -> None:
    assert world.client.get("/v1/meta").status_code == 200


def test_an_annotator_reading_another_users_device_summary_is_404(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, bob, _ = two
    world.push(bob, "bobs-laptop", [(1, world.judgment("b1", world.pack()))])
    response = world.client.get("/v1/devices/bobs-laptop/summary", headers=auth(ann))
    assert response.status_code == 404


def test_an_annotator_claiming_in_a_project_they_are_not_in_is_404(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, _, _ = two
    world.member("zed", "annotator", project="p2")
    world.items("z1", project="p2")
    world.batch("p2-batch", ["z1"], project="p2")
    request = {"device_id": "d", "claim_request_id": "c", "project_id": "p2"}
    response = world.client.post("/v1/batches/claim", json=request, headers=auth(ann))
    assert response.status_code == 404


def test_an_annotator_publishing_a_pack_is_403(world: World, two: tuple[str, str, str]) -> None:
    if "/v1/projects/{project_id}/packs" not in world.client.app.openapi()["paths"]:  # type: ignore[attr-defined]
        pytest.skip("POST /v1/projects/{project_id}/packs (lead endpoint) does not exist yet")
    ann, _, _ = two
    body = {"canonical_b64": "", "signature_toml": ""}
    response = world.client.post("/v1/projects/p1/packs", json=body, headers=auth(ann))
    assert response.status_code == 403


def test_every_endpoint_but_meta_is_401_for_a_disabled_user(
    world: World, two: tuple[str, str, str]
) -> None:
    ann, _, _ = two
    with world.db.session() as session:
        user = session.get(User, "ann")
        assert user is not None
        user.disabled = True
    for method, path in _every_endpoint(world):
        response = world.client.request(
            method, path, json={} if method == "POST" else None, headers=auth(ann)
        )
        assert response.status_code == 401, f"{method} {path}"
