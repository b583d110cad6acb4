"""``prefdesk-server export``: the project's judgments, items, annotators and pack versions
read from the database into ``DeliveryRow``s, then written by ``server.delivery``.

Only the newest revision of each judgment is delivered (a judgment another one supersedes
is left out). QC flags are the rule ids of the judgment's ``qc_findings`` (sorted, each
once). The review outcome is the latest ``reviews`` row of the judgment; with none, a
judgment of a batch a lead accepted as a whole counts as accepted, else None. A ``fixed``
review delivers the reviewer's answers (the original stays in the database). A delivery
that keeps only accepted judgments marks each accepted batch it delivered whole.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines import pack_from_canonical
from guidelines.rubric import Rubric
from server.admin.errors import AdminError
from server.admin.projects import require_project
from server.admin.run import Result
from server.batch_progress import batch_progress
from server.db import utc_now
from server.delivery import (
    FORMATS,
    Candidate,
    DeliveryItem,
    DeliveryRow,
    Filters,
    Message,
    Options,
    deliver,
)
from server.delivery import select as select_rows
from server.models import Assignment, Batch, Item, Judgment, PackVersion, QcFinding, User
from server.qc.item_agreement import item_agreement
from server.qc.records import Judgment as QcJudgment
from server.qc.records import answer_records
from server.review_state import effective_outcome, latest_reviews


@dataclass(frozen=True)
class Loaded:
    rows: list[DeliveryRow]
    rubrics: dict[tuple[str, str], Rubric]
    notes: list[str]
    #: Judgment id → batch id, for judgments made under an assignment.
    batches: dict[str, str]


def _item(data: dict[str, Any]) -> DeliveryItem:
    turns = tuple(
        Message(str(t.get("role", "user")), str(t.get("content", "")))
        for t in data.get("conversation", [])
    )
    responses = tuple(
        Candidate(str(r["id"]), str(r.get("content", ""))) for r in data.get("responses", [])
    )
    return DeliveryItem(str(data.get("id", "")), turns, responses)


def _rubrics(session: Session, project_id: str) -> tuple[dict[tuple[str, str], Rubric], list[str]]:
    rubrics: dict[tuple[str, str], Rubric] = {}
    notes: list[str] = []
    query = select(PackVersion).where(PackVersion.project_id == project_id)
    for pv in session.execute(query).scalars():
        try:
            rubrics[(pv.pack_id, pv.version)] = pack_from_canonical(pv.canonical).rubric
        except Exception as exc:  # a stored pack that no longer loads must not stop a delivery
            notes.append(f"pack {pv.pack_id} {pv.version} could not be read ({exc})")
    return rubrics, notes


def _qc_flags(session: Session, project_id: str) -> dict[str, tuple[str, ...]]:
    query = select(QcFinding.judgment_id, QcFinding.rule).where(QcFinding.project_id == project_id)
    rules: dict[str, set[str]] = {}
    for judgment_id, rule in session.execute(query):
        rules.setdefault(judgment_id, set()).add(rule)
    return {j: tuple(sorted(r)) for j, r in rules.items()}


def load(session: Session, project_id: str) -> Loaded:
    """Every deliverable judgment of ``project_id`` (unknown project: AdminError)."""
    require_project(session, project_id)
    judgments = list(
        session.execute(
            select(Judgment).where(Judgment.project_id == project_id).order_by(Judgment.server_seq)
        ).scalars()
    )
    superseded = {j.supersedes_id for j in judgments if j.supersedes_id}
    items = {
        i.id: _item(json.loads(i.item_json))
        for i in session.execute(select(Item).where(Item.project_id == project_id)).scalars()
    }
    pseudonyms = {u.id: u.pseudonym for u in session.execute(select(User)).scalars()}
    reviews = latest_reviews(session, [j.id for j in judgments if j.id not in superseded])
    batch_of_assignment = dict(
        session.execute(
            select(Assignment.id, Assignment.batch_id)
            .join(Batch, Batch.id == Assignment.batch_id)
            .where(Batch.project_id == project_id)
        ).all()
    )
    accepted_batches = set(
        session.execute(
            select(Batch.id).where(Batch.project_id == project_id, Batch.accepted_at.is_not(None))
        ).scalars()
    )
    batch_ids: dict[str, str] = {}
    flags = _qc_flags(session, project_id)
    rubrics, notes = _rubrics(session, project_id)
    rows: list[DeliveryRow] = []
    for j in judgments:
        item = items.get(j.item_id)
        if j.id in superseded or item is None:
            continue
        payload = json.loads(j.payload_json)
        batch_id = batch_of_assignment.get(j.assignment_id or "")
        if batch_id is not None:
            batch_ids[j.id] = batch_id
        review = reviews.get(j.id)
        answers = payload.get("answers", {})
        if review is not None and review.outcome == "fixed" and review.fixed_answers_json:
            answers = json.loads(review.fixed_answers_json)
        rows.append(
            DeliveryRow(
                judgment_id=j.id,
                item=item,
                answers=answers,
                display_order=tuple(payload.get("display_order", [])),
                pack_id=j.pack_id,
                pack_version=j.pack_version,
                pack_sha256=j.pack_sha256,
                annotator=pseudonyms.get(j.user_id, j.user_id),
                submitted_at=payload.get("submitted_at"),
                active_ms=int(payload.get("active_ms", 0)),
                stale=j.stale_pack,
                late=j.late,
                status=j.status,
                review=effective_outcome(review, batch_id in accepted_batches),
                qc_flags=flags.get(j.id, ()),
            )
        )
    if superseded:
        notes.append(f"{len(superseded)} superseded judgment revisions left out")
    return Loaded(rows, rubrics, notes, batch_ids)


def agreement_by_item(loaded: Loaded) -> dict[str, float]:
    """Each item's agreement among its annotators (``server.qc.item_agreement``)."""
    by_pack: dict[tuple[str, str], list[QcJudgment]] = {}
    for row in loaded.rows:
        by_pack.setdefault((row.pack_id, row.pack_version), []).append(
            QcJudgment(
                judgment_id=row.judgment_id,
                item_id=row.item.id,
                annotator=row.annotator,
                answers=dict(row.answers),
                display_order=row.display_order,
                active_ms=row.active_ms,
                status=row.status,
            )
        )
    figures: dict[str, float] = {}
    for key, judgments in by_pack.items():
        rubric = loaded.rubrics.get(key)
        if rubric is not None:
            figures.update(item_agreement(answer_records(judgments, rubric), rubric))
    return figures


def mark_delivered(session: Session, project_id: str, loaded: Loaded, filters: Filters) -> None:
    """Accepted batches whose every judgment this delivery holds become ``delivered``."""
    if not filters.accepted_only:
        return  # a delivery of unreviewed work delivers no batch as accepted
    kept = {row.judgment_id for row in select_rows(loaded.rows, filters).rows}
    held: dict[str, bool] = {}
    for judgment_id, batch_id in loaded.batches.items():
        held[batch_id] = held.get(batch_id, True) and judgment_id in kept
    now = utc_now()
    for progress in batch_progress(session, project_id):
        if progress.state == "accepted" and held.get(progress.batch_id):
            batch = session.get(Batch, progress.batch_id)
            if batch is not None and batch.delivered_at is None:
                batch.delivered_at = now


def export(
    session: Session,
    project_id: str,
    out: Path,
    formats: tuple[str, ...],
    filters: Filters,
    keep_ties: bool,
) -> dict[str, Any]:
    """Load the project and write its delivery into ``out``; return the manifest."""
    loaded = load(session, project_id)
    if filters.min_agreement is not None:
        filters = replace(filters, agreement=agreement_by_item(loaded))
    try:
        out.mkdir(parents=True, exist_ok=True)
        manifest = deliver(
            loaded.rows,
            loaded.rubrics,
            out,
            Options(formats, filters, keep_ties, project_id),
            loaded.notes,
        )
    except OSError as exc:
        raise AdminError(f"cannot write the delivery to {out}: {exc.strerror or exc}") from None
    mark_delivered(session, project_id, loaded, filters)
    return manifest


def handler(s: Session, a: argparse.Namespace) -> Result:
    """``prefdesk-server export PROJECT --out DIR --format F … | --all``."""
    formats = tuple(FORMATS) if a.all else tuple(a.format or ())
    if not formats:
        raise AdminError(f"give --format (one of {', '.join(FORMATS)}) or --all")
    filters = Filters(
        accepted_only=not a.include_unreviewed,
        pack_versions=tuple(a.pack_version or ()),
        exclude_stale=a.exclude_stale,
        min_agreement=a.min_agreement,
    )
    manifest = export(s, a.project, Path(a.out), formats, filters, a.keep_ties)
    j = manifest["judgments"]
    lines = [f"{a.project}: {j['delivered']} of {j['considered']} judgments delivered to {a.out}"]
    lines += [
        f"  {f['path']}\t{f['records']} records\tsha256 {f['sha256']}" for f in manifest["files"]
    ]
    note = "\n".join(f"note: {n}" for n in manifest["notes"])
    return Result(manifest, lines, note=note)


#: The formats ``export --format`` takes.
EXPORT_FORMATS: tuple[str, ...] = tuple(FORMATS)
