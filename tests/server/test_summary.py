"""GET /v1/devices/{id}/summary: counts and a digest the client can recompute exactly."""

from __future__ import annotations

from protocol import device_digest, payload_sha256
from tests.server.conftest import auth
from tests.server.sync_world import World


def _summary(world: World, token: str, device: str) -> dict[str, object]:
    response = world.client.get(f"/v1/devices/{device}/summary", headers=auth(token))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_summary_digest_equals_the_clients_own_over_accepted_and_rejected_seqs(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1", "i2")
    world.assign(world.batch("b1", ["i1", "i2"]), "ann")
    pack = world.pack()
    good = world.judgment("i1", pack)
    unassigned = world.judgment("elsewhere", pack)
    also_good = world.judgment("i2", pack)
    world.push(token, "dev-1", [(1, good), (2, unassigned), (3, also_good)])
    world.push(token, "dev-1", [(1, good), (2, unassigned)])  # retries add no rows
    client_side = device_digest(
        [
            (1, payload_sha256(good.model_dump()), "accepted"),
            (2, payload_sha256(unassigned.model_dump()), "rejected"),
            (3, payload_sha256(also_good.model_dump()), "accepted"),
        ]
    )
    assert _summary(world, token, "dev-1") == {
        "device_id": "dev-1",
        "last_client_seq": 3,
        "accepted": 2,
        "rejected": 1,
        "digest": client_side,
    }


def test_an_id_already_held_counts_with_its_stored_outcome_on_the_new_device(
    world: World,
) -> None:
    token = world.member("ann", "annotator")
    world.items("i1")
    world.assign(world.batch("b1", ["i1"]), "ann")
    pack = world.pack()
    j1 = world.judgment("i1", pack)
    world.push(token, "old-laptop", [(1, j1)])
    world.push(token, "new-laptop", [(1, j1)])  # re-queued after re-registering: duplicate
    summary = _summary(world, token, "new-laptop")
    assert (summary["accepted"], summary["rejected"]) == (1, 0)
    assert summary["digest"] == device_digest([(1, payload_sha256(j1.model_dump()), "accepted")])


def test_summary_of_a_device_never_seen_or_of_another_users_is_404_alike(world: World) -> None:
    ann = world.member("ann", "annotator")
    bob = world.member("bob", "annotator")
    world.items("i1")
    world.assign(world.batch("b1", ["i1"]), "ann")
    world.push(ann, "ann-laptop", [(1, world.judgment("i1", world.pack()))])
    theirs = world.client.get("/v1/devices/ann-laptop/summary", headers=auth(bob))
    unknown = world.client.get("/v1/devices/no-such-device/summary", headers=auth(bob))
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert world.client.get("/v1/devices/ann-laptop/summary").status_code == 401
