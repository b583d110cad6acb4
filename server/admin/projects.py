"""Projects, their lease length, and the lead keys they accept guideline packs from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from guidelines.errors import PackError
from guidelines.keys import TrustedKey
from server.admin.errors import AdminError
from server.db import utc_now
from server.models import Batch, Item, Membership, Project
from server.models import TrustedKey as TrustedKeyRow

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
MAX_LEASE_HOURS = 24 * 365


@dataclass(frozen=True)
class ProjectInfo:
    id: str
    name: str
    lease_hours: float
    items: int
    batches: int
    members: int
    created_at: str


def require_project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise AdminError(f"no project {project_id!r} (see: prefdesk-server admin project list)")
    return project


def _lease_seconds(hours: float) -> int:
    if not 0 < hours <= MAX_LEASE_HOURS:
        raise AdminError(f"--lease-hours must be above 0 and at most {MAX_LEASE_HOURS}")
    return round(hours * 3600)


def create_project(session: Session, project_id: str, name: str, lease_hours: float = 72) -> None:
    if not _ID.match(project_id):
        raise AdminError(
            f"project id {project_id!r} must start with a letter or digit and hold only "
            "letters, digits, '-', '_' or '.' (at most 200)"
        )
    if session.get(Project, project_id) is not None:
        raise AdminError(f"project {project_id!r} already exists")
    session.add(
        Project(
            id=project_id,
            name=name or project_id,
            lease_seconds=_lease_seconds(lease_hours),
            created_at=utc_now(),
        )
    )
    session.flush()


def set_lease(session: Session, project_id: str, hours: float) -> None:
    """New assignments get the new lease; leases already running keep their expiry."""
    require_project(session, project_id).lease_seconds = _lease_seconds(hours)
    session.flush()


def list_projects(session: Session) -> list[ProjectInfo]:
    def counts(column: object, table: type) -> dict[str, int]:
        rows = session.execute(
            select(column, func.count()).select_from(table).group_by(column)  # type: ignore[call-overload]
        ).all()
        return {str(key): int(n) for key, n in rows}

    items = counts(Item.project_id, Item)
    batches = counts(Batch.project_id, Batch)
    members = dict(
        session.execute(
            select(Membership.project_id, func.count(func.distinct(Membership.user_id))).group_by(
                Membership.project_id
            )
        ).all()
    )
    return [
        ProjectInfo(
            id=p.id,
            name=p.name,
            lease_hours=p.lease_seconds / 3600,
            items=items.get(p.id, 0),
            batches=batches.get(p.id, 0),
            members=int(members.get(p.id, 0)),
            created_at=p.created_at,
        )
        for p in session.scalars(select(Project).order_by(Project.id))
    ]


def read_public_keys(text_or_file: str) -> list[TrustedKey]:
    """Keys given as ``ed25519:…`` text, or a file of them (one a line, ``#`` comments)."""
    path = Path(text_or_file)
    if not text_or_file.startswith("ed25519:") and path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        origin = str(path)
    else:
        lines, origin = [text_or_file], "the argument"
    keys: list[TrustedKey] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            keys.append(TrustedKey.from_text(line))
        except PackError as exc:
            where = f"{origin}, line {number}" if origin != "the argument" else origin
            raise AdminError(f"{where}: {exc}") from None
    if not keys:
        raise AdminError(f"{origin} holds no public key (expected ed25519:<base64>)")
    return keys


def trust_keys(session: Session, project_id: str, keys: list[TrustedKey]) -> list[str]:
    """Add ``keys`` to the project's trusted lead keys; returns their ids (known ones stay)."""
    require_project(session, project_id)
    ids = []
    for key in keys:
        if session.get(TrustedKeyRow, (project_id, key.key_id)) is None:
            session.add(
                TrustedKeyRow(
                    project_id=project_id,
                    key_id=key.key_id,
                    public_key=key.to_text(),
                    added_at=utc_now(),
                )
            )
        ids.append(key.key_id)
    session.flush()
    return ids


def list_keys(session: Session, project_id: str) -> list[TrustedKeyRow]:
    require_project(session, project_id)
    return list(
        session.scalars(
            select(TrustedKeyRow)
            .where(TrustedKeyRow.project_id == project_id)
            .order_by(TrustedKeyRow.added_at)
        )
    )
