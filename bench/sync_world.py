"""A vendor database for the sync benchmark: users, items, batches, assignments, a pack.

Built with the server's own account and assignment functions; item rows are written in
bulk because the benchmark measures sync, not the task-pack importer.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert

from app.pack_catalog import DEMO_PACK
from guidelines import load_pack
from protocol import payload_sha256
from server.accounts import create_user, grant_role, issue_token
from server.assignments import assign
from server.db import Database, utc_now
from server.models import Batch, BatchItem, Item, PackVersion, Project

PROJECT = "bench"
BATCH_SIZE = 100


@dataclass(frozen=True)
class BenchWorld:
    tokens: dict[str, str]
    item_ids: list[str]
    pack: dict[str, str]


def item_dict(n: int) -> dict[str, Any]:
    return {
        "id": f"item-{n:06d}",
        "conversation": [
            {"role": "user", "content": f"Question {n}: explain the difference, briefly."}
        ],
        "responses": [
            {"id": "a", "content": f"First answer to {n}. " * 20},
            {"id": "b", "content": f"Second answer to {n}, longer. " * 25},
        ],
    }


def build_world(db: Database, users: int, items: int, overlap: int) -> BenchWorld:
    pack = load_pack(DEMO_PACK)
    now = utc_now()
    tokens: dict[str, str] = {}
    item_ids = [f"item-{n:06d}" for n in range(items)]
    with db.session() as session:
        session.add(Project(id=PROJECT, name="Bench", lease_seconds=86_400, created_at=now))
        session.flush()
        for u in range(users):
            name = f"ann{u:03d}"
            create_user(session, name)
            grant_role(session, PROJECT, name, "annotator")
            tokens[name] = issue_token(session, name).token
        session.add(
            PackVersion(
                project_id=PROJECT,
                pack_id=pack.id,
                version=pack.version,
                sha256=pack.sha256,
                canonical=pack.canonical_bytes(),
                signature_toml="",
                published_by="ann000",
                published_at=now,
            )
        )
        session.execute(
            insert(Item),
            [
                {
                    "project_id": PROJECT,
                    "id": item_dict(n)["id"],
                    "item_json": json.dumps(item_dict(n)),
                    "content_sha256": secrets.token_hex(32),
                    "response_ids_json": '["a", "b"]',
                    "is_gold": False,
                    "source_name": "bench",
                    "imported_at": now,
                }
                for n in range(items)
            ],
        )
        batch_ids = []
        for b in range(0, items, BATCH_SIZE):
            batch_id = f"batch-{b // BATCH_SIZE:04d}"
            batch_ids.append(batch_id)
            session.add(
                Batch(
                    id=batch_id, project_id=PROJECT, name=batch_id, overlap=overlap, created_at=now
                )
            )
        session.flush()
        session.execute(
            insert(BatchItem),
            [
                {
                    "batch_id": f"batch-{n // BATCH_SIZE:04d}",
                    "position": n % BATCH_SIZE,
                    "item_id": item_ids[n],
                }
                for n in range(items)
            ],
        )
        for name in tokens:
            for batch_id in batch_ids:
                assign(session, batch_id, name)
    return BenchWorld(
        tokens, item_ids, {"id": pack.id, "version": pack.version, "sha256": pack.sha256}
    )


def payloads(world: BenchWorld, user: str, count: int) -> list[dict[str, Any]]:
    """``count`` submitted-judgment push items for ``user``, seqs 1..count."""
    items = []
    for seq in range(1, count + 1):
        item_id = world.item_ids[(seq - 1) % len(world.item_ids)]
        payload = {
            "id": f"{user}-{seq:07d}-{secrets.token_hex(4)}",
            "item_id": item_id,
            "pack": world.pack,
            "answers": {"preference": "a" if seq % 3 else "b", "rationale": "clearer, shorter"},
            "status": "submitted",
            "skip_reason": None,
            "display_order": ["a", "b"] if seq % 2 else ["b", "a"],
            "active_ms": 20_000 + seq,
            "supersedes_id": None,
            "created_at": "2026-11-26T10:00:00.000000Z",
            "submitted_at": "2026-11-26T10:00:20.000000Z",
        }
        items.append(
            {"client_seq": seq, "payload": payload, "payload_sha256": payload_sha256(payload)}
        )
    return items
