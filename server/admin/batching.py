"""Cutting a project's items into batches, and listing them.

``make_batches`` takes the project's non-gold items that are in no batch yet, in import
order (then id), and cuts them into batches of ``size`` items in all: ``g = round(size *
gold_share)`` gold items and ``size - g`` regular ones. The last batch holds the regular
items left over and a proportional number of gold items (``round(left * g / (size - g))``).
Gold items are reused across batches, in turn, so each is seen about equally often, and
are put at positions drawn from a generator seeded by the batch name, so an annotator
cannot tell them by place. ``overlap`` is how many annotators each batch should go to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.admin.errors import AdminError
from server.admin.projects import require_project
from server.db import new_id, utc_now
from server.models import Assignment, Batch, BatchItem, Item, PackVersion

#: Used when ``--gold-share`` is not given and the project has gold items.
DEFAULT_GOLD_SHARE = 0.1


@dataclass(frozen=True)
class BatchInfo:
    id: str
    name: str
    items: int
    gold: int
    overlap: int
    pack_id: str | None
    state: str
    assignments: int


def find_batch(session: Session, project_id: str, ref: str) -> Batch:
    """A project's batch by id or, failing that, by name."""
    require_project(session, project_id)
    batch = session.get(Batch, ref)
    if batch is not None and batch.project_id == project_id:
        return batch
    by_name = session.scalars(
        select(Batch).where(Batch.project_id == project_id, Batch.name == ref)
    ).first()
    if by_name is None:
        raise AdminError(
            f"no batch {ref!r} in project {project_id!r} "
            f"(see: prefdesk-server admin batch list {project_id})"
        )
    return by_name


def _unbatched(session: Session, project_id: str) -> tuple[list[str], list[str]]:
    """(regular items in no batch yet, all gold items), each in import order then id."""
    batched = (
        select(BatchItem.item_id)
        .join(Batch, Batch.id == BatchItem.batch_id)
        .where(Batch.project_id == project_id)
    )
    order = (Item.imported_at, Item.id)
    regular = session.scalars(
        select(Item.id)
        .where(Item.project_id == project_id, Item.is_gold.is_(False), Item.id.not_in(batched))
        .order_by(*order)
    ).all()
    gold = session.scalars(
        select(Item.id)
        .where(Item.project_id == project_id, Item.is_gold.is_(True))
        .order_by(*order)
    ).all()
    return list(regular), list(gold)


def gold_per_batch(size: int, share: float) -> int:
    if size < 1:
        raise AdminError("--size must be at least 1")
    if not 0 <= share < 1:
        raise AdminError("--gold-share must be at least 0 and below 1")
    gold = round(size * share)
    if gold >= size:
        raise AdminError(f"--gold-share {share} leaves no room for regular items in {size}")
    return gold


def make_batches(
    session: Session,
    project_id: str,
    *,
    size: int,
    overlap: int = 1,
    gold_share: float | None = None,
    pack_id: str | None = None,
    name_prefix: str = "batch-",
) -> list[BatchInfo]:
    """Cut the project's unbatched regular items into new batches (see the module doc)."""
    require_project(session, project_id)
    if overlap < 1:
        raise AdminError("--overlap must be at least 1")
    regular, gold = _unbatched(session, project_id)
    share = gold_share if gold_share is not None else (DEFAULT_GOLD_SHARE if gold else 0.0)
    per_batch_gold = gold_per_batch(size, share)
    if per_batch_gold and not gold:
        raise AdminError(
            f"project {project_id!r} has no gold items: import some with --gold-answers, "
            "or use --gold-share 0"
        )
    if pack_id is not None:
        published = session.scalars(
            select(PackVersion.version).where(
                PackVersion.project_id == project_id, PackVersion.pack_id == pack_id
            )
        ).first()
        if published is None:
            raise AdminError(f"no guideline pack {pack_id!r} is published in {project_id!r}")
    taken = set(session.scalars(select(Batch.name).where(Batch.project_id == project_id)))
    number = len(taken)
    per_batch_regular = size - per_batch_gold
    cursor = 0
    now = utc_now()
    made: list[BatchInfo] = []
    for start in range(0, len(regular), per_batch_regular):
        chunk = regular[start : start + per_batch_regular]
        want = round(len(chunk) * per_batch_gold / per_batch_regular)
        golds = [gold[(cursor + j) % len(gold)] for j in range(min(want, len(gold)))]
        cursor += len(golds)
        number += 1
        while f"{name_prefix}{number:03d}" in taken:
            number += 1
        name = f"{name_prefix}{number:03d}"
        taken.add(name)
        items = list(chunk)
        rng = random.Random(f"{project_id}/{name}")
        for item_id in golds:
            items.insert(rng.randint(0, len(items)), item_id)
        batch = Batch(
            id=new_id(),
            project_id=project_id,
            name=name,
            overlap=overlap,
            pack_id=pack_id,
            state="open",
            created_at=now,
        )
        session.add(batch)
        session.flush()
        session.add_all(
            BatchItem(batch_id=batch.id, position=i, item_id=item_id)
            for i, item_id in enumerate(items)
        )
        made.append(BatchInfo(batch.id, name, len(items), len(golds), overlap, pack_id, "open", 0))
    session.flush()
    return made


def list_batches(session: Session, project_id: str) -> list[BatchInfo]:
    require_project(session, project_id)
    counts = dict(
        session.execute(
            select(BatchItem.batch_id, func.count())
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(Batch.project_id == project_id)
            .group_by(BatchItem.batch_id)
        ).all()
    )
    golds = dict(
        session.execute(
            select(BatchItem.batch_id, func.count())
            .join(Batch, Batch.id == BatchItem.batch_id)
            .join(Item, (Item.project_id == Batch.project_id) & (Item.id == BatchItem.item_id))
            .where(Batch.project_id == project_id, Item.is_gold.is_(True))
            .group_by(BatchItem.batch_id)
        ).all()
    )
    held = dict(
        session.execute(
            select(Assignment.batch_id, func.count())
            .join(Batch, Batch.id == Assignment.batch_id)
            .where(Batch.project_id == project_id, Assignment.state.in_(LIVE_STATES))
            .group_by(Assignment.batch_id)
        ).all()
    )
    return [
        BatchInfo(
            b.id,
            b.name,
            int(counts.get(b.id, 0)),
            int(golds.get(b.id, 0)),
            b.overlap,
            b.pack_id,
            b.state,
            int(held.get(b.id, 0)),
        )
        for b in session.scalars(
            select(Batch)
            .where(Batch.project_id == project_id)
            .order_by(Batch.created_at, Batch.name)
        )
    ]


#: Assignment states that hold a batch for an annotator (models.Assignment).
LIVE_STATES = ("assigned", "in_progress", "submitted")
