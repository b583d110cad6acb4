"""Users, their project roles, and their API tokens (secrets are shown once, never listed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts import (
    AccountError,
    IssuedToken,
    create_user,
    grant_role,
    issue_token,
    revoke_role,
    revoke_token,
)
from server.admin.errors import AdminError
from server.admin.projects import require_project
from server.models import ROLES, ApiToken, Membership, User


@dataclass(frozen=True)
class UserInfo:
    id: str
    display_name: str
    pseudonym: str
    disabled: bool
    roles: dict[str, list[str]]
    live_tokens: int


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown of a token: never its secret (only a hash of it is stored)."""

    id: str
    label: str
    created_at: str
    revoked_at: str | None
    last_used_at: str | None


def require_user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AdminError(f"no user {user_id!r} (see: prefdesk-server admin user list)")
    return user


def add_user(session: Session, user_id: str, display_name: str = "") -> User:
    try:
        return create_user(session, user_id, display_name)
    except AccountError as exc:
        raise AdminError(str(exc)) from None


def list_users(session: Session) -> list[UserInfo]:
    roles: dict[str, dict[str, list[str]]] = {}
    for m in session.scalars(select(Membership).order_by(Membership.project_id, Membership.role)):
        roles.setdefault(m.user_id, {}).setdefault(m.project_id, []).append(m.role)
    live: dict[str, int] = {}
    for user_id in session.scalars(select(ApiToken.user_id).where(ApiToken.revoked_at.is_(None))):
        live[user_id] = live.get(user_id, 0) + 1
    return [
        UserInfo(
            u.id, u.display_name, u.pseudonym, u.disabled, roles.get(u.id, {}), live.get(u.id, 0)
        )
        for u in session.scalars(select(User).order_by(User.id))
    ]


def _check_role(session: Session, project_id: str, user_id: str, role: str) -> None:
    if role not in ROLES:
        raise AdminError(f"role {role!r} is not one of {', '.join(ROLES)}")
    require_project(session, project_id)
    require_user(session, user_id)


def grant(session: Session, project_id: str, user_id: str, role: str) -> None:
    _check_role(session, project_id, user_id, role)
    try:
        grant_role(session, project_id, user_id, role)
    except AccountError as exc:  # checked above; kept so a new rule there still reads well
        raise AdminError(str(exc)) from None


def revoke(session: Session, project_id: str, user_id: str, role: str) -> bool:
    """False when the user did not hold the role (nothing to do)."""
    _check_role(session, project_id, user_id, role)
    return revoke_role(session, project_id, user_id, role)


def issue(session: Session, user_id: str, label: str = "") -> IssuedToken:
    require_user(session, user_id)
    return issue_token(session, user_id, label)


def list_tokens(session: Session, user_id: str) -> list[TokenInfo]:
    require_user(session, user_id)
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at)
    )
    return [TokenInfo(t.id, t.label, t.created_at, t.revoked_at, t.last_used_at) for t in rows]


def revoke_by_id(session: Session, token_id: str) -> bool:
    """Revoke a token by id; False when it was revoked already (revoking is idempotent)."""
    if session.get(ApiToken, token_id) is None:
        raise AdminError(
            f"no token with id {token_id!r} (see: prefdesk-server admin token list USER)"
        )
    return revoke_token(session, token_id)
