"""Which guideline pack versions a project has published, newest by version order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines.version import version_key
from server.models import PackVersion


def newest_version(session: Session, project_id: str, pack_id: str) -> str | None:
    versions = session.execute(
        select(PackVersion.version).where(
            PackVersion.project_id == project_id, PackVersion.pack_id == pack_id
        )
    ).scalars()
    return max(versions, key=version_key, default=None)
