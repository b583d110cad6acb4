"""The lead's review queue and the judgment detail behind each of its rows.

The queue lists current revisions only (an amended judgment is replaced by its amendment),
oldest first by ``server_seq``, filtered by QC rule, batch, annotator and review state.
Sampling keeps a stable share of the rows: a judgment is in the sample when the hash of
``seed:judgment_id`` falls below the rate, so the same seed gives the same sample on every
page and every reload, and raising the rate only adds rows. Flagged judgments are always
kept unless ``sample_flagged`` asks to sample them too.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol import JudgmentDetail, QueueEntry, ReviewQueue, ReviewRecord
from server.models import Assignment, Item, Judgment, PackVersion, QcFinding, Review, User
from server.review_state import is_current, latest_review_outcome

ReviewFilter = Literal["any", "unreviewed", "reviewed", "accepted", "returned", "fixed"]


@dataclass(frozen=True)
class QueueFilters:
    """What a lead narrows the queue to; every field None/default means everything."""

    rule: str | None = None
    flagged: bool | None = None
    batch_id: str | None = None
    user_id: str | None = None
    review: ReviewFilter = "any"
    sample_rate: float = 1.0
    sample_seed: str = ""
    sample_flagged: bool = False


def in_sample(judgment_id: str, rate: float, seed: str) -> bool:
    if rate >= 1.0:
        return True
    digest = hashlib.sha256(f"{seed}:{judgment_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < rate


def _query(project_id: str, f: QueueFilters) -> Any:
    outcome = latest_review_outcome().label("outcome")
    flagged = select(QcFinding.id).where(QcFinding.judgment_id == Judgment.id).exists()
    query = (
        select(Judgment.id, Judgment.server_seq, outcome, flagged.label("flagged"))
        .outerjoin(Assignment, Assignment.id == Judgment.assignment_id)
        .where(Judgment.project_id == project_id, is_current())
    )
    if f.rule is not None:
        query = query.where(
            select(QcFinding.id)
            .where(QcFinding.judgment_id == Judgment.id, QcFinding.rule == f.rule)
            .exists()
        )
    if f.batch_id is not None:
        query = query.where(Assignment.batch_id == f.batch_id)
    if f.user_id is not None:
        query = query.where(Judgment.user_id == f.user_id)
    if f.flagged is not None:
        query = query.where(flagged if f.flagged else ~flagged)
    return query.order_by(Judgment.server_seq)


def _keep(outcome: str | None, wanted: ReviewFilter) -> bool:
    if wanted == "any":
        return True
    if wanted == "unreviewed":
        return outcome is None
    if wanted == "reviewed":
        return outcome is not None
    return outcome == wanted


def _flag_rules(session: Session, judgment_ids: list[str]) -> dict[str, list[str]]:
    rules: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(judgment_ids), 500):
        chunk = judgment_ids[start : start + 500]
        for judgment_id, rule in session.execute(
            select(QcFinding.judgment_id, QcFinding.rule).where(QcFinding.judgment_id.in_(chunk))
        ):
            rules[judgment_id].add(rule)
    return {j: sorted(r) for j, r in rules.items()}


def review_queue(
    session: Session, project_id: str, f: QueueFilters, after: int, limit: int
) -> ReviewQueue:
    """One page of the queue after ``server_seq`` ``after``; ``total`` counts every page."""
    # Filters are SQL; the review state and the sample are decided here, row by row, since
    # the sample hashes each id (the same on every backend).
    rows = [
        (judgment_id, seq)
        for judgment_id, seq, outcome, flagged in session.execute(_query(project_id, f))
        if _keep(outcome, f.review)
        and (
            (flagged and not f.sample_flagged)
            or in_sample(judgment_id, f.sample_rate, f.sample_seed)
        )
    ]
    page = [r for r in rows if r[1] > after][: limit + 1]
    more = len(page) > limit
    page = page[:limit]
    entries = entries_for(session, [r[0] for r in page])
    return ReviewQueue(
        entries=entries, total=len(rows), next_after=page[-1][1] if more and page else None
    )


def entries_for(session: Session, judgment_ids: list[str]) -> list[QueueEntry]:
    """Queue rows for ``judgment_ids`` in the given order."""
    if not judgment_ids:
        return []
    outcome = latest_review_outcome().label("outcome")
    found = {
        j.id: (j, batch_id, pseudonym, out)
        for j, batch_id, pseudonym, out in session.execute(
            select(Judgment, Assignment.batch_id, User.pseudonym, outcome)
            .outerjoin(Assignment, Assignment.id == Judgment.assignment_id)
            .join(User, User.id == Judgment.user_id)
            .where(Judgment.id.in_(judgment_ids))
        )
    }
    rules = _flag_rules(session, judgment_ids)
    entries: list[QueueEntry] = []
    for judgment_id in judgment_ids:
        if judgment_id not in found:
            continue
        j, batch_id, pseudonym, out = found[judgment_id]
        payload = json.loads(j.payload_json)
        entries.append(
            QueueEntry(
                judgment_id=j.id,
                item_id=j.item_id,
                batch_id=batch_id,
                annotator=pseudonym,
                user_id=j.user_id,
                submitted_at=payload.get("submitted_at"),
                received_at=j.received_at,
                status=j.status,
                stale=j.stale_pack,
                late=j.late,
                qc_rules=rules.get(j.id, []),
                review=out,
                supersedes_id=j.supersedes_id,
            )
        )
    return entries


def review_record(review: Review, reviewers: dict[str, str]) -> ReviewRecord:
    fixed = json.loads(review.fixed_answers_json) if review.fixed_answers_json else None
    return ReviewRecord(
        id=review.id,
        outcome=review.outcome,  # type: ignore[arg-type]
        comment=review.comment,
        reviewer=reviewers.get(review.reviewer_id, review.reviewer_id),
        reviewed_at=review.reviewed_at,
        fixed_answers=fixed,
    )


def judgment_detail(session: Session, judgment: Judgment) -> JudgmentDetail:
    """The judgment exactly as pushed, with its item, findings and whole review history."""
    (entry,) = entries_for(session, [judgment.id])
    item = session.get(Item, (judgment.project_id, judgment.item_id))
    reviews = list(
        session.execute(
            select(Review)
            .where(Review.judgment_id == judgment.id)
            .order_by(Review.reviewed_at, Review.id)
        ).scalars()
    )
    reviewers = {
        u.id: u.pseudonym
        for u in session.execute(
            select(User).where(User.id.in_({r.reviewer_id for r in reviews}))
        ).scalars()
    }
    of_judgment = QcFinding.judgment_id == judgment.id
    findings = session.execute(
        select(QcFinding.sentence).where(of_judgment).order_by(QcFinding.id)
    ).scalars()
    pack = session.get(PackVersion, (judgment.project_id, judgment.pack_id, judgment.pack_version))
    return JudgmentDetail(
        pack_canonical_b64=base64.b64encode(pack.canonical).decode("ascii") if pack else None,
        entry=entry,
        item=json.loads(item.item_json) if item is not None else {},
        payload=json.loads(judgment.payload_json),
        pack_id=judgment.pack_id,
        pack_version=judgment.pack_version,
        findings=list(findings),
        reviews=[review_record(r, reviewers) for r in reviews],
    )
