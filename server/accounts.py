"""Users, project roles and API tokens.

A token is ``pdt_<token id>_<secret>`` with a 256-bit random secret. It is shown once when
issued; the server keeps only its SHA-256 (a slow hash buys nothing at 256 bits of entropy)
and can revoke it by id. Tokens never appear in logs: only their id does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db import utc_now
from server.models import ROLES, ApiToken, Membership, Project, User

TOKEN_PREFIX = "pdt_"


class AccountError(Exception):
    """A user, project, role or token request that cannot be done; the message says why."""


@dataclass(frozen=True)
class IssuedToken:
    token_id: str
    user_id: str
    #: The only time the secret exists outside the holder's keyring.
    token: str


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def create_user(session: Session, user_id: str, display_name: str = "") -> User:
    if not user_id or not user_id.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise AccountError(f"user name {user_id!r} must be letters, digits, '-', '_' or '.'")
    if session.get(User, user_id) is not None:
        raise AccountError(f"user {user_id!r} already exists")
    user = User(
        id=user_id,
        display_name=display_name or user_id,
        pseudonym="a-" + secrets.token_hex(6),
        disabled=False,
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    return user


def grant_role(session: Session, project_id: str, user_id: str, role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if session.get(Project, project_id) is None:
        raise AccountError(f"no project {project_id!r}")
    if session.get(User, user_id) is None:
        raise AccountError(f"no user {user_id!r}")
    if session.get(Membership, (project_id, user_id, role)) is None:
        session.add(Membership(project_id=project_id, user_id=user_id, role=role))
        session.flush()


def revoke_role(session: Session, project_id: str, user_id: str, role: str) -> bool:
    row = session.get(Membership, (project_id, user_id, role))
    if row is None:
        return False
    session.delete(row)
    return True


def roles_of(session: Session, user_id: str) -> dict[str, frozenset[str]]:
    rows = session.execute(
        select(Membership.project_id, Membership.role).where(Membership.user_id == user_id)
    ).all()
    roles: dict[str, set[str]] = {}
    for project_id, role in rows:
        roles.setdefault(project_id, set()).add(role)
    return {project: frozenset(names) for project, names in roles.items()}


def issue_token(session: Session, user_id: str, label: str = "") -> IssuedToken:
    user = session.get(User, user_id)
    if user is None:
        raise AccountError(f"no user {user_id!r}")
    token_id = secrets.token_hex(8)
    token = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiToken(
            id=token_id,
            user_id=user_id,
            secret_sha256=_sha256(token),
            label=label,
            created_at=utc_now(),
        )
    )
    session.flush()
    return IssuedToken(token_id, user_id, token)


def revoke_token(session: Session, token_id: str) -> bool:
    """Revoke a token by id; True if it was live."""
    row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utc_now()
    session.flush()
    return True


def token_owner(session: Session, token: str) -> tuple[str, str] | None:
    """``(user_id, token_id)`` for a live token of an enabled user, else None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.execute(
        select(ApiToken.id, ApiToken.user_id, ApiToken.secret_sha256, ApiToken.revoked_at)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.secret_sha256 == _sha256(token), User.disabled.is_(False))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    # The lookup already matched the hash; compare again in constant time for form's sake
    # against timing probes of the index.
    if not hmac.compare_digest(row.secret_sha256, _sha256(token)):
        return None
    return str(row.user_id), str(row.id)
