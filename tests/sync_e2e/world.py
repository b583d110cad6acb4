"""A vendor project and an annotator's laptop that agree on items and the guideline pack.

The server side is made with the server's own functions (accounts, assignments) on a real
database; the client side is a real local store with the same task pack imported and
``judgments`` submitted through the judgment repository, as the app does.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.pack_catalog import DEMO_PACK
from guidelines import load_pack
from guidelines.keys import TrustedKey as PackKey
from guidelines.signing import sign_pack
from server.accounts import create_user, grant_role, issue_token
from server.assignments import assign
from server.db import Database, utc_now
from server.models import Batch, BatchItem, Item, PackVersion, Project, TrustedKey
from storage import JudgmentRepository, Store, add_pack_version, import_source
from taskpack import Location, content_sha256, item_from_dict, item_to_dict

PROJECT = "p"
ANNOTATOR = "ann"


@dataclass(frozen=True)
class World:
    token: str
    client_dir: Path
    submitted: int


def write_items(path: Path, count: int) -> list[dict[str, object]]:
    items = [
        {
            "id": f"item-{n:05d}",
            "batch": "b1",
            "conversation": [{"role": "user", "content": f"Question {n}: which is kinder?"}],
            "responses": [
                {"id": "a", "content": f"Answer A to {n}."},
                {"id": "b", "content": f"Answer B to {n}, a little longer."},
            ],
        }
        for n in range(count)
    ]
    header = {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": PROJECT, "name": "Project P"},
        "batches": [{"id": "b1", "name": "Batch one"}],
    }
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in [header, *items]) + "\n",
        encoding="utf-8",
    )
    return items


def build_server(db: Database, items: list[dict[str, object]]) -> str:
    """Project, annotator, batch of every item assigned to them, the demo pack published."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pack = load_pack(DEMO_PACK)
    key = Ed25519PrivateKey.generate()
    signature = sign_pack(pack, key)
    now = utc_now()
    with db.session() as session:
        session.add(Project(id=PROJECT, name="Project P", lease_seconds=3600, created_at=now))
        session.flush()
        create_user(session, ANNOTATOR)
        grant_role(session, PROJECT, ANNOTATOR, "annotator")
        token = issue_token(session, ANNOTATOR).token
        session.add(
            TrustedKey(
                project_id=PROJECT,
                key_id=signature.key_id,
                public_key=PackKey(key.public_key()).to_text(),
                added_at=now,
            )
        )
        session.add(
            PackVersion(
                project_id=PROJECT,
                pack_id=pack.id,
                version=pack.version,
                sha256=pack.sha256,
                canonical=pack.canonical_bytes(),
                signature_toml=signature.to_toml(),
                published_by=ANNOTATOR,
                published_at=now,
            )
        )
        session.add(Batch(id="b1", project_id=PROJECT, name="Batch one", overlap=1, created_at=now))
        for position, data in enumerate(items):
            record = item_from_dict(data, Location("world.jsonl", position + 2))
            session.add(
                Item(
                    project_id=PROJECT,
                    id=record.id,
                    item_json=json.dumps(item_to_dict(record), ensure_ascii=False),
                    content_sha256=content_sha256(record),
                    response_ids_json=json.dumps([r.id for r in record.responses]),
                    is_gold=False,
                    source_name="world.jsonl",
                    imported_at=now,
                )
            )
            session.add(BatchItem(batch_id="b1", position=position, item_id=record.id))
        session.flush()
        assign(session, "b1", ANNOTATOR)
    return token


def build_client(client_dir: Path, pack_file: Path, judgments: int, seed: int = 0) -> int:
    """A local store with the items and pack, and ``judgments`` submitted judgments."""
    pack = load_pack(DEMO_PACK)
    rng = random.Random(seed)
    with Store.open(client_dir) as store:
        import_source(store, pack_file)
        add_pack_version(
            store, pack.id, pack.version, pack.sha256, pack.title.get("en"), pack.canonical_bytes()
        )
        repo = JudgmentRepository(store, lambda *_args: [])
        for n in range(judgments):
            order = ["a", "b"] if rng.random() < 0.5 else ["b", "a"]
            draft = repo.start_draft(f"item-{n:05d}", pack.id, pack.version, order)
            repo.submit(draft.id, {"preference": rng.choice(["a", "b"])}, active_ms=1000 + n)
    return judgments


def copy_world(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target
