"""A store with items, the arena pack and submitted judgments: the outbox tests' ground."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from guidelines import load_pack, pack_from_canonical, validate_answers
from guidelines.templates import template_path
from storage import JudgmentRepository, JudgmentState, Store, add_pack_version, import_source

ARENA = load_pack(template_path("arena"))
VOTE_R1 = {"vote": {"winner": "r1"}}


def validate(canonical: bytes, answers: Mapping[str, Any], ids: Sequence[str]) -> list[str]:
    rubric = pack_from_canonical(canonical).rubric
    return [p.message for p in validate_answers(rubric, answers, ids)]


def item_dict(item_id: str, batch: str | None = None) -> dict[str, Any]:
    """A native task-pack item with responses ``r1`` and ``r2``."""
    data: dict[str, Any] = {
        "id": item_id,
        "conversation": [{"role": "user", "content": f"Question {item_id} — 你好?"}],
        "responses": [
            {"id": rid, "content": f"Answer {rid} to {item_id}", "model": f"m-{rid}"}
            for rid in ("r1", "r2")
        ],
    }
    if batch is not None:
        data["batch"] = batch
    return data


def seed(store: Store, workdir: Path, items: int = 6) -> None:
    """Items ``item-0`` … in batch ``batch`` of project ``proj``, and the arena pack."""
    header = {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": "proj", "name": "Project"},
        "batches": [{"id": "batch", "name": "Batch"}],
    }
    lines = [header] + [item_dict(f"item-{n}", "batch") for n in range(items)]
    path = workdir / "tasks.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    import_source(store, path)
    add_pack_version(
        store, ARENA.id, ARENA.version, ARENA.sha256, ARENA.title.get(), ARENA.canonical_bytes()
    )


def submit(store: Store, item_ids: Sequence[str], *, skip: bool = False) -> list[JudgmentState]:
    """Submit (or skip) one judgment per item, in order; each takes the next client_seq."""
    repo = JudgmentRepository(store, validate)
    done = []
    for item_id in item_ids:
        draft = repo.start_draft(item_id, ARENA.id, ARENA.version, ["r2", "r1"])
        if skip:
            done.append(repo.skip(draft.id, "cannot judge this one", 300))
        else:
            done.append(repo.submit(draft.id, VOTE_R1, 1200))
    return done
