"""``GET /v1/projects/{project_id}/qc``: the consistency findings of pushed judgments.

For the review queue: leads and admins list findings newest last, filtered by rule and
annotator, paged by ``after`` (the last finding id seen). Annotators get 403; non-members 404.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from server.auth import DatabaseDep, PrincipalDep
from server.models import QcFinding

router = APIRouter(prefix="/v1/projects", tags=["qc"])
MAX_LIMIT = 500


class QcFindingBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: int
    judgment_id: str
    user_id: str
    rule: str
    question_ids: list[str]
    response_ids: list[str]
    sentence: str
    created_at: str


class QcFindingsResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    findings: list[QcFindingBody]
    #: Pass as ``after`` for the next page; None when this page is the last.
    next_after: int | None


@router.get("/{project_id}/qc", response_model=QcFindingsResponse)
def list_findings(
    project_id: str,
    principal: PrincipalDep,
    db: DatabaseDep,
    rule: Annotated[str | None, Query(max_length=100)] = None,
    user: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    after: Annotated[int, Query(ge=0)] = 0,
) -> QcFindingsResponse:
    """Findings of the project (lead or admin), oldest first, ``limit`` per page."""
    principal.require(project_id, "lead", "admin")
    query = select(QcFinding).where(QcFinding.project_id == project_id, QcFinding.id > after)
    if rule is not None:
        query = query.where(QcFinding.rule == rule)
    if user is not None:
        query = query.where(QcFinding.user_id == user)
    with db.session() as session:
        rows = list(session.execute(query.order_by(QcFinding.id).limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return QcFindingsResponse(
        findings=[
            QcFindingBody(
                id=r.id,
                judgment_id=r.judgment_id,
                user_id=r.user_id,
                rule=r.rule,
                question_ids=json.loads(r.question_ids_json),
                response_ids=json.loads(r.response_ids_json),
                sentence=r.sentence,
                created_at=r.created_at,
            )
            for r in rows
        ],
        next_after=rows[-1].id if more else None,
    )
