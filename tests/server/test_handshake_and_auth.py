"""The handshake needs no token; everything else does, and tokens can be revoked."""

from __future__ import annotations

from fastapi.testclient import TestClient

from server.accounts import revoke_token, token_owner
from server.db import Database
from tests.server.conftest import auth, make_member


def test_meta_answers_without_a_token_and_names_the_protocol_range(client: TestClient) -> None:
    body = client.get("/v1/meta").json()
    assert body["protocol_min"] == 1
    assert body["protocol_max"] >= 1
    assert body["must_stop"] is False


def test_meta_tells_a_too_old_client_to_update_and_stop(client: TestClient) -> None:
    body = client.get("/v1/meta", headers={"Prefdesk-Client": "prefdesk/0.0.1"}).json()
    assert body["must_stop"] is True
    assert "too old" in body["message"]
    assert "0.1.0" in body["message"]


def test_me_without_a_token_is_401_with_an_error_body(client: TestClient) -> None:
    response = client.get("/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_me_names_the_user_and_roles(client: TestClient, db: Database) -> None:
    token = make_member(db, "ann", "p1", "annotator")
    body = client.get("/v1/me", headers=auth(token)).json()
    assert body["user"] == "ann"
    assert body["roles"] == {"p1": ["annotator"]}


def test_revoked_token_is_401(client: TestClient, db: Database) -> None:
    token = make_member(db, "ann", "p1", "annotator")
    with db.session() as session:
        owner = token_owner(session, token)
        assert owner is not None
        assert revoke_token(session, owner[1])
    assert client.get("/v1/me", headers=auth(token)).status_code == 401


def test_token_has_at_least_128_bits_and_only_its_hash_is_stored(db: Database) -> None:
    token = make_member(db, "ann", "p1", "annotator")
    secret = token.split("_", 2)[2]  # pdt_<id>_<secret>; the secret may hold "_"
    assert len(secret) >= 43  # 32 bytes, urlsafe base64
    with db.engine.connect() as conn:
        dump = "\n".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM api_tokens"))
    assert secret not in dump
    assert token not in dump


def test_oversized_body_is_413_before_the_handler(client: TestClient) -> None:
    response = client.post("/v1/push", content=b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_gzip_body_is_inflated_and_a_gzip_bomb_is_413_not_memory(client: TestClient) -> None:
    import gzip

    small = gzip.compress(b'{"device_id": "d"}')
    response = client.post(
        "/v1/push", content=small, headers={"Content-Encoding": "gzip", "Authorization": "x"}
    )
    assert response.status_code == 401  # inflated and reached auth, not refused as unreadable
    bomb = gzip.compress(b" " * (64 * 1024 * 1024))
    response = client.post("/v1/push", content=bomb, headers={"Content-Encoding": "gzip"})
    assert response.status_code == 413
    broken = client.post("/v1/push", content=b"not gzip", headers={"Content-Encoding": "gzip"})
    assert broken.status_code == 400
    assert broken.json()["code"] == "bad_encoding"


def test_only_the_handshake_and_the_openapi_document_answer_without_a_token(
    client: TestClient,
) -> None:
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
