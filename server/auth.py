"""Who is calling: bearer tokens to a ``Principal`` with roles per project.

Every endpoint but ``/v1/meta`` depends on ``current_principal``; a missing, malformed,
revoked or unknown token is 401. Role checks answer 404 for objects the caller may not know
of (another annotator's judgment, a project they are not in) and 403 only where the caller
can see the object but may not act on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from server.accounts import roles_of, token_owner
from server.db import Database
from server.errors import ApiError, not_found


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    user_id: str
    token_id: str
    roles: Mapping[str, frozenset[str]]

    def has_role(self, project_id: str, *roles: str) -> bool:
        return bool(self.roles.get(project_id, frozenset()) & set(roles))

    def require(self, project_id: str, *roles: str) -> None:
        """404 if not a member of the project at all, 403 if a member without the role."""
        if project_id not in self.roles:
            raise not_found(f"project {project_id!r}")
        if not self.has_role(project_id, *roles):
            raise ApiError(
                403, "forbidden", f"this needs the {' or '.join(roles)} role in {project_id!r}"
            )


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def current_principal(request: Request, db: Annotated[Database, Depends(database)]) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "sign in: this needs an API token")
    with db.session() as session:
        owner = token_owner(session, token.strip())
        if owner is None:
            raise ApiError(401, "unauthorized", "the API token is unknown or was revoked")
        user_id, token_id = owner
        principal = Principal(user_id, token_id, roles_of(session, user_id))
    request.state.user_id = user_id  # for the access log; never the token
    return principal


DatabaseDep = Annotated[Database, Depends(database)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]
