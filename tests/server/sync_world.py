"""A small world for protocol tests: a project, items, batches, pack versions, pushes.

Rows are inserted directly through ``server.models`` (items in the task pack's native form),
so the tests exercise only the ``/v1`` endpoints under test. ``World`` runs on whichever
database the ``world`` fixture gives it: a SQLite file, or a fresh PostgreSQL schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.pack_catalog import DEMO_PACK
from guidelines import load_pack
from guidelines.keys import TrustedKey as PackKey
from guidelines.signing import sign_pack
from protocol import JudgmentPayload, PackRef, payload_sha256
from server.accounts import create_user, grant_role, issue_token
from server.assignments import assign
from server.db import Database, new_id, utc_now
from server.models import (
    Assignment,
    Batch,
    BatchItem,
    Item,
    PackVersion,
    Project,
    TrustedKey,
    User,
)
from tests.server.conftest import auth

PROJECT = "p1"
PACK = "guide"


def native_item(item_id: str, responses: tuple[str, ...] = ("a", "b")) -> dict[str, Any]:
    """A native task-pack item as ``taskpack.native.item_to_dict`` writes it."""
    return {
        "id": item_id,
        "conversation": [{"role": "user", "content": f"question {item_id}"}],
        "responses": [{"id": r, "content": f"answer {r}"} for r in responses],
    }


@dataclass
class World:
    db: Database
    client: TestClient
    project: str = PROJECT
    _seq: dict[str, int] = field(default_factory=dict)

    # -- seeding ---------------------------------------------------------------------------

    def member(self, user: str, *roles: str, project: str | None = None) -> str:
        """Create the project and user if needed, grant ``roles``; return a fresh token."""
        project = project or self.project
        with self.db.session() as session:
            if session.get(Project, project) is None:
                session.add(
                    Project(id=project, name=project, lease_seconds=3600, created_at=utc_now())
                )
                session.flush()
            if session.get(User, user) is None:
                create_user(session, user)
            for role in roles:
                grant_role(session, project, user, role)
            return issue_token(session, user).token

    def items(self, *ids: str, gold: tuple[str, ...] = (), project: str | None = None) -> None:
        with self.db.session() as session:
            for item_id in ids:
                data = native_item(item_id)
                session.add(
                    Item(
                        project_id=project or self.project,
                        id=item_id,
                        item_json=json.dumps(data),
                        content_sha256=hashlib.sha256(json.dumps(data).encode()).hexdigest(),
                        response_ids_json=json.dumps([r["id"] for r in data["responses"]]),
                        is_gold=item_id in gold,
                        source_name="test",
                        imported_at=utc_now(),
                    )
                )

    def batch(
        self, name: str, item_ids: list[str], *, overlap: int = 1, project: str | None = None
    ) -> str:
        batch_id = new_id()
        with self.db.session() as session:
            # created_at decides which open batch a claim offers first: keep creation order.
            created = utc_now()
            session.add(
                Batch(
                    id=batch_id,
                    project_id=project or self.project,
                    name=name,
                    overlap=overlap,
                    pack_id=PACK,
                    state="open",
                    created_at=created,
                )
            )
            session.flush()
            for position, item_id in enumerate(item_ids):
                session.add(BatchItem(batch_id=batch_id, position=position, item_id=item_id))
        return batch_id

    def assign(self, batch_id: str, user: str) -> str:
        with self.db.session() as session:
            return assign(session, batch_id, user).id

    def pack(
        self, version: str = "1.0.0", *, project: str | None = None, pack_id: str = PACK
    ) -> PackRef:
        """A published pack version row (the push checks need only its id, version, hash)."""
        canonical = f"pack {pack_id} {version}".encode()
        sha = hashlib.sha256(canonical).hexdigest()
        with self.db.session() as session:
            if session.get(User, "publisher") is None:
                create_user(session, "publisher")
            session.add(
                PackVersion(
                    project_id=project or self.project,
                    pack_id=pack_id,
                    version=version,
                    sha256=sha,
                    canonical=canonical,
                    signature_toml="",
                    published_by="publisher",
                    published_at=utc_now(),
                )
            )
        return PackRef(id=pack_id, version=version, sha256=sha)

    def demo_pack(self, *, project: str | None = None) -> PackRef:
        """The demo guideline pack (app/demo/guidelines, prefdesk-demo 1.0.0) signed by a
        trusted key and published as a PackVersion row, as a lead's upload would leave it."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        pack = load_pack(DEMO_PACK)
        key = Ed25519PrivateKey.generate()
        signature = sign_pack(pack, key)
        project = project or self.project
        with self.db.session() as session:
            if session.get(User, "publisher") is None:
                create_user(session, "publisher")
            session.add(
                TrustedKey(
                    project_id=project,
                    key_id=signature.key_id,
                    public_key=PackKey(key.public_key()).to_text(),
                    added_at=utc_now(),
                )
            )
            session.add(
                PackVersion(
                    project_id=project,
                    pack_id=pack.id,
                    version=pack.version,
                    sha256=pack.sha256,
                    canonical=pack.canonical_bytes(),
                    signature_toml=signature.to_toml(),
                    published_by="publisher",
                    published_at=utc_now(),
                )
            )
        return PackRef(id=pack.id, version=pack.version, sha256=pack.sha256)

    def expire(self, assignment_id: str) -> None:
        """Move a lease into the past (the server expires it lazily when next asked)."""
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self.db.session() as session:
            row = session.get(Assignment, assignment_id)
            assert row is not None
            row.lease_expires_at = past

    def assignment_of(self, batch_id: str, user: str) -> Assignment:
        with self.db.session() as session:
            query = select(Assignment).where(
                Assignment.batch_id == batch_id, Assignment.user_id == user
            )
            return session.execute(query).scalar_one()

    # -- judgments and pushes ----------------------------------------------------------------

    def judgment(
        self,
        item_id: str,
        pack: PackRef,
        *,
        judgment_id: str | None = None,
        choice: str = "a",
        display_order: tuple[str, ...] = ("b", "a"),
        supersedes_id: str | None = None,
    ) -> JudgmentPayload:
        return JudgmentPayload(
            id=judgment_id or new_id(),
            item_id=item_id,
            pack=pack,
            answers={"preferred": choice},
            status="submitted",
            display_order=list(display_order),
            active_ms=1200,
            supersedes_id=supersedes_id,
            created_at="2026-11-26T10:00:00.000000Z",
            submitted_at="2026-11-26T10:01:00.000000Z",
        )

    def push(
        self,
        token: str,
        device: str,
        entries: list[tuple[int, JudgmentPayload]],
        *,
        session_id: str = "session-1",
        sha: str | None = None,
    ) -> httpx.Response:
        """POST /v1/push with ``(client_seq, payload)`` entries (hash correct unless ``sha``)."""
        body = {
            "device_id": device,
            "session_id": session_id,
            "items": [
                {
                    "client_seq": seq,
                    "payload": payload.model_dump(),
                    "payload_sha256": sha or payload_sha256(payload.model_dump()),
                }
                for seq, payload in entries
            ],
        }
        return self.client.post("/v1/push", json=body, headers=auth(token))

    def feed(self, token: str, after: int = 0, limit: int = 200) -> dict[str, Any]:
        response = self.client.get(
            "/v1/feed", params={"after": after, "limit": limit}, headers=auth(token)
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body
