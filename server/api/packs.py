"""``/v1/projects/{project_id}/packs``: leads publish guideline pack versions; members list them."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from protocol import PublishPackRequest, PublishPackResponse
from server.auth import DatabaseDep, PrincipalDep
from server.errors import ApiError
from server.models import PackVersion
from server.packs import Published, PublishRefused, VersionTaken, publish

router = APIRouter(prefix="/v1/projects", tags=["packs"])


class PackListing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    pack_id: str
    version: str
    sha256: str
    published_by: str
    published_at: str


@router.post(
    "/{project_id}/packs",
    response_model=PublishPackResponse,
    status_code=201,
    responses={200: {"model": PublishPackResponse, "description": "already published"}},
)
def publish_pack(
    project_id: str,
    body: PublishPackRequest,
    response: Response,
    principal: PrincipalDep,
    db: DatabaseDep,
) -> PublishPackResponse:
    """Publish a signed pack version (lead or admin). 201 new, 200 identical again,
    409 that version with other content, 422 invalid pack or signature."""
    principal.require(project_id, "lead", "admin")
    try:
        done = _publish_once(project_id, principal.user_id, body, db)
    except PublishRefused as exc:
        raise ApiError(422, "pack_refused", str(exc)) from None
    except VersionTaken as exc:
        raise ApiError(409, "version_taken", str(exc)) from None
    if not done.created:
        response.status_code = 200
    return PublishPackResponse(
        pack_id=done.pack_id,
        version=done.version,
        sha256=done.sha256,
        created=done.created,
        server_seq=done.server_seq,
    )


def _publish_once(
    project_id: str, user_id: str, body: PublishPackRequest, db: DatabaseDep
) -> Published:
    try:
        with db.session() as session:
            return publish(session, project_id, user_id, body.canonical_b64, body.signature_toml)
    except IntegrityError:
        # The same version uploaded twice at once: the loser's insert fails on the primary
        # key; run once more and it finds the winner's row (200, or 409 if it differs).
        with db.session() as session:
            return publish(session, project_id, user_id, body.canonical_b64, body.signature_toml)


@router.get("/{project_id}/packs", response_model=list[PackListing])
def list_packs(project_id: str, principal: PrincipalDep, db: DatabaseDep) -> list[PackListing]:
    principal.require(project_id, "annotator", "lead", "admin")
    with db.session() as session:
        rows = session.scalars(
            select(PackVersion)
            .where(PackVersion.project_id == project_id)
            .order_by(PackVersion.pack_id, PackVersion.published_at)
        ).all()
        return [
            PackListing(
                pack_id=r.pack_id,
                version=r.version,
                sha256=r.sha256,
                published_by=r.published_by,
                published_at=r.published_at,
            )
            for r in rows
        ]
