"""How far a project is: per batch and per annotator, read from the database as it is now."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.admin.projects import require_project
from server.models import ApiToken, Assignment, Batch, BatchItem, Device, Judgment, Membership


@dataclass(frozen=True)
class BatchProgress:
    id: str
    name: str
    items: int
    overlap: int
    #: Assignment counts by state (assigned, in_progress, submitted, released, expired).
    assignments: dict[str, int] = field(default_factory=dict)
    #: Judgments received under this batch's assignments, amendments included.
    judgments: int = 0


@dataclass(frozen=True)
class AnnotatorProgress:
    user: str
    judgments: int
    #: The latest of: a device's last sync, the user's last token use. None: never seen.
    last_seen: str | None


@dataclass(frozen=True)
class ProjectProgress:
    project_id: str
    batches: list[BatchProgress]
    annotators: list[AnnotatorProgress]


def progress(session: Session, project_id: str) -> ProjectProgress:
    require_project(session, project_id)
    in_project = Batch.project_id == project_id
    items = dict(
        session.execute(
            select(BatchItem.batch_id, func.count())
            .join(Batch, Batch.id == BatchItem.batch_id)
            .where(in_project)
            .group_by(BatchItem.batch_id)
        ).all()
    )
    states: dict[str, dict[str, int]] = {}
    for batch_id, state, count in session.execute(
        select(Assignment.batch_id, Assignment.state, func.count())
        .join(Batch, Batch.id == Assignment.batch_id)
        .where(in_project)
        .group_by(Assignment.batch_id, Assignment.state)
    ):
        states.setdefault(batch_id, {})[state] = int(count)
    judged = dict(
        session.execute(
            select(Assignment.batch_id, func.count(Judgment.id))
            .join(Batch, Batch.id == Assignment.batch_id)
            .join(Judgment, Judgment.assignment_id == Assignment.id)
            .where(in_project)
            .group_by(Assignment.batch_id)
        ).all()
    )
    batches = [
        BatchProgress(
            b.id,
            b.name,
            int(items.get(b.id, 0)),
            b.overlap,
            dict(sorted(states.get(b.id, {}).items())),
            int(judged.get(b.id, 0)),
        )
        for b in session.scalars(
            select(Batch).where(in_project).order_by(Batch.created_at, Batch.name)
        )
    ]
    return ProjectProgress(project_id, batches, _annotators(session, project_id))


def _annotators(session: Session, project_id: str) -> list[AnnotatorProgress]:
    users = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.project_id == project_id, Membership.role == "annotator"
            )
        )
    )
    counts = dict(
        session.execute(
            select(Judgment.user_id, func.count())
            .where(Judgment.project_id == project_id)
            .group_by(Judgment.user_id)
        ).all()
    )
    users |= set(counts)  # someone who judged and lost the role still counts
    seen: dict[str, str] = {}
    for user_id, when in session.execute(
        select(Device.user_id, func.max(Device.last_seen_at)).group_by(Device.user_id)
    ).all():
        if when is not None:
            seen[user_id] = when
    for user_id, used in session.execute(
        select(ApiToken.user_id, func.max(ApiToken.last_used_at)).group_by(ApiToken.user_id)
    ).all():
        if used is not None and used > seen.get(user_id, ""):
            seen[user_id] = used
    return [
        AnnotatorProgress(user, int(counts.get(user, 0)), seen.get(user) or None)
        for user in sorted(users)
    ]
