"""Leads publish signed guideline pack versions through the API; members see them in the feed."""

from __future__ import annotations

import base64
import shutil
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from app.pack_catalog import DEMO_PACK
from guidelines import load_pack
from guidelines.keys import TrustedKey
from guidelines.signing import sign_pack
from server.db import Database, utc_now
from server.models import TrustedKey as TrustedKeyRow
from tests.server.conftest import auth, make_member
from tests.server.sync_world import World

PACKS = "/v1/projects/p1/packs"


@pytest.fixture
def lead_key(db: Database) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    make_member(db, "setup", "p1", "admin")
    with db.session() as session:
        session.add(
            TrustedKeyRow(
                project_id="p1",
                key_id=TrustedKey(key.public_key()).key_id,
                public_key=TrustedKey(key.public_key()).to_text(),
                added_at=utc_now(),
            )
        )
    return key


def _body(folder: Path, key: Ed25519PrivateKey) -> dict[str, str]:
    pack = load_pack(folder)
    return {
        "canonical_b64": base64.b64encode(pack.canonical_bytes()).decode(),
        "signature_toml": sign_pack(pack, key).to_toml(),
    }


def test_lead_publishes_once_and_a_retry_is_200_not_a_second_version(
    client: TestClient, db: Database, lead_key: Ed25519PrivateKey
) -> None:
    lead = make_member(db, "lee", "p1", "lead")
    first = client.post(PACKS, json=_body(DEMO_PACK, lead_key), headers=auth(lead))
    assert first.status_code == 201
    assert first.json()["created"] is True
    again = client.post(PACKS, json=_body(DEMO_PACK, lead_key), headers=auth(lead))
    assert again.status_code == 200
    assert again.json()["server_seq"] == first.json()["server_seq"]
    listed = client.get(PACKS, headers=auth(lead)).json()
    assert [(p["pack_id"], p["version"]) for p in listed] == [("prefdesk-demo", "1.0.0")]


def test_annotator_may_not_publish_and_a_stranger_does_not_see_the_project(
    client: TestClient, db: Database, lead_key: Ed25519PrivateKey
) -> None:
    annotator = make_member(db, "ann", "p1", "annotator")
    stranger = make_member(db, "eve", "p2", "lead")
    body = _body(DEMO_PACK, lead_key)
    assert client.post(PACKS, json=body, headers=auth(annotator)).status_code == 403
    assert client.post(PACKS, json=body, headers=auth(stranger)).status_code == 404


def test_a_pack_signed_by_an_untrusted_key_or_tampered_is_refused_naming_why(
    client: TestClient, db: Database, lead_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    lead = make_member(db, "lee", "p1", "lead")
    untrusted = client.post(
        PACKS,
        json=_body(DEMO_PACK, Ed25519PrivateKey.generate()),
        headers=auth(lead),
    )
    assert untrusted.status_code == 422
    assert "not one of this project's trusted lead keys" in untrusted.json()["message"]
    body = _body(DEMO_PACK, lead_key)
    changed = tmp_path / "changed"
    shutil.copytree(DEMO_PACK, changed)
    guide = changed / "pages" if (changed / "pages").exists() else changed
    target = next(p for p in sorted(guide.rglob("*.md")))
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more rule.\n", encoding="utf-8")
    body["canonical_b64"] = base64.b64encode(load_pack(changed).canonical_bytes()).decode()
    tampered = client.post(PACKS, json=body, headers=auth(lead))
    assert tampered.status_code == 422
    assert "tampered" in tampered.json()["message"]


def test_same_version_with_other_content_is_409(
    client: TestClient, db: Database, lead_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    lead = make_member(db, "lee", "p1", "lead")
    assert (
        client.post(PACKS, json=_body(DEMO_PACK, lead_key), headers=auth(lead)).status_code == 201
    )
    changed = tmp_path / "changed"
    shutil.copytree(DEMO_PACK, changed)
    target = next(p for p in sorted(changed.rglob("*.md")))
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more rule.\n", encoding="utf-8")
    response = client.post(PACKS, json=_body(changed, lead_key), headers=auth(lead))
    assert response.status_code == 409
    assert response.json()["code"] == "version_taken"


def test_a_published_pack_reaches_every_member_through_the_feed(
    client: TestClient, db: Database, lead_key: Ed25519PrivateKey
) -> None:
    lead = make_member(db, "lee", "p1", "lead")
    annotator = make_member(db, "ann", "p1", "annotator")
    client.post(PACKS, json=_body(DEMO_PACK, lead_key), headers=auth(lead))
    page = client.get("/v1/feed", headers=auth(annotator)).json()
    (change,) = [c for c in page["changes"] if c["type"] == "pack_version"]
    assert change["body"]["sha256"] == load_pack(DEMO_PACK).sha256
    assert change["body"]["published_by"] == "lee"


def test_the_same_version_published_twice_at_once_is_one_version(world: World) -> None:
    """Two uploads of one version race (a retried upload, two leads): one 201, one 200."""
    key = Ed25519PrivateKey.generate()
    lead = world.member("lee", "lead")
    with world.db.session() as session:
        session.add(
            TrustedKeyRow(
                project_id="p1",
                key_id=TrustedKey(key.public_key()).key_id,
                public_key=TrustedKey(key.public_key()).to_text(),
                added_at=utc_now(),
            )
        )
    body = _body(DEMO_PACK, key)
    start = threading.Barrier(2)
    codes: list[int] = []

    def upload() -> None:
        start.wait()
        codes.append(world.client.post(PACKS, json=body, headers=auth(lead)).status_code)

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(codes) == [200, 201]
