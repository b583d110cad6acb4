"""``GET /v1/projects/{project_id}/report``: the lead's dashboard figures (lead or admin)."""

from __future__ import annotations

from fastapi import APIRouter

from protocol import ProjectReport
from server.auth import DatabaseDep, PrincipalDep

router = APIRouter(prefix="/v1/projects", tags=["review"])


@router.get("/{project_id}/report", response_model=ProjectReport)
def get_report(project_id: str, principal: PrincipalDep, db: DatabaseDep) -> ProjectReport:
    principal.require(project_id, "lead", "admin")
    from server.report import project_report  # scipy and statsmodels: not at start-up

    with db.session() as session:
        return project_report(session, project_id)
