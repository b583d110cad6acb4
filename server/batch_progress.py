"""A batch's place in the review lifecycle, derived from its judgments and reviews.

assigned → in_progress → submitted → checked → accepted or returned → delivered.
The state is computed, never stored, so it cannot drift from the rows it summarises:

- ``returned``: a current judgment's newest review sent it back (wins over everything, a
  delivered batch included: the amendment has to be reviewed again);
- ``delivered``: accepted and included in a delivery since;
- ``accepted``: every expected judgment is in and accepted (one by one, or the whole batch);
- ``checked``: every expected judgment is in, and none QC flagged waits for a review
  (QC runs in each push's transaction, so a batch with no flags is checked at once);
- ``submitted``: every expected judgment is in, some flagged ones still wait for a lead;
- ``in_progress`` / ``assigned`` / ``open``: some judgments / a live assignment / nobody.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from protocol import BatchProgress
from server.models import Assignment, Batch, BatchItem, Judgment, QcFinding
from server.review_state import ACCEPTING, is_current, latest_review_outcome

LIVE = ("assigned", "in_progress", "submitted")


@dataclass
class _Counts:
    judged: int = 0
    reviewed: int = 0
    accepted: int = 0
    returned: int = 0
    flagged: int = 0
    flagged_unreviewed: int = 0
    outcomes: list[str | None] = field(default_factory=list)


def _judgment_counts(session: Session, project_id: str) -> dict[str, _Counts]:
    flagged = select(QcFinding.id).where(QcFinding.judgment_id == Judgment.id).exists()
    rows = session.execute(
        select(Assignment.batch_id, latest_review_outcome(), flagged)
        .select_from(Judgment)
        .join(Assignment, Assignment.id == Judgment.assignment_id)
        .where(Judgment.project_id == project_id, is_current())
    )
    counts: dict[str, _Counts] = defaultdict(_Counts)
    for batch_id, outcome, is_flagged in rows:
        c = counts[batch_id]
        c.judged += 1
        c.outcomes.append(outcome)
        c.reviewed += outcome is not None
        c.accepted += outcome in ACCEPTING
        c.returned += outcome == "returned"
        c.flagged += bool(is_flagged)
        c.flagged_unreviewed += bool(is_flagged) and outcome is None
    return counts


def derive_state(batch: Batch, expected: int, live: int, c: _Counts) -> str:
    complete = expected > 0 and c.judged >= expected
    if c.returned:
        return "returned"
    everything_accepted = complete and all(
        o in ACCEPTING or (o is None and batch.accepted_at is not None) for o in c.outcomes
    )
    if everything_accepted:
        return "delivered" if batch.delivered_at is not None else "accepted"
    if complete:
        return "checked" if c.flagged_unreviewed == 0 else "submitted"
    if c.judged:
        return "in_progress"
    return "assigned" if live else "open"


def batch_progress(session: Session, project_id: str) -> list[BatchProgress]:
    """Every batch of the project, oldest first, with its derived state and counts."""
    in_project = Batch.project_id == project_id
    items = dict(
        session.execute(
            select(BatchItem.batch_id, func.count())
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(in_project)
            .group_by(BatchItem.batch_id)
        ).all()
    )
    live = dict(
        session.execute(
            select(Assignment.batch_id, func.count())
            .join(Batch, Batch.id == Assignment.batch_id)
            .where(in_project, Assignment.state.in_(LIVE))
            .group_by(Assignment.batch_id)
        ).all()
    )
    counts = _judgment_counts(session, project_id)
    out: list[BatchProgress] = []
    batches = session.scalars(select(Batch).where(in_project).order_by(Batch.created_at, Batch.id))
    for batch in batches:
        n_items = int(items.get(batch.id, 0))
        expected = n_items * batch.overlap
        c = counts.get(batch.id, _Counts())
        # A batch accepted as a whole accepts the judgments nobody reviewed one by one.
        accepted = c.accepted + (c.outcomes.count(None) if batch.accepted_at else 0)
        out.append(
            BatchProgress(
                batch_id=batch.id,
                name=batch.name,
                state=derive_state(batch, expected, int(live.get(batch.id, 0)), c),  # type: ignore[arg-type]
                items=n_items,
                overlap=batch.overlap,
                expected=expected,
                judged=c.judged,
                reviewed=c.reviewed,
                accepted=accepted,
                returned=c.returned,
                qc_flagged=c.flagged,
            )
        )
    return out
