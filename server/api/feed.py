"""``GET /v1/feed``: the caller's changes after a cursor, in ``server_seq`` order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from protocol import MAX_FEED_PAGE, FeedPage
from protocol.wire import MAX_SEQ
from server.assignments import expire_leases
from server.auth import DatabaseDep, PrincipalDep
from server.feed import read_page

router = APIRouter(prefix="/v1", tags=["sync"])


@router.get("/feed", response_model=FeedPage)
def feed(
    principal: PrincipalDep,
    db: DatabaseDep,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_FEED_PAGE)] = 200,
) -> FeedPage:
    """Changes after ``after`` for the caller: their assignments, their projects' pack
    versions, reviews of their judgments — in ``server_seq`` order (docs/sync-protocol.md)."""
    # Expiry is lazy: the caller's own overdue leases are settled (and logged) first, in a
    # transaction of their own, so this page already shows them.
    with db.session() as session:
        expire_leases(session, user_id=principal.user_id)
    with db.session() as session:
        return read_page(session, principal.user_id, principal.roles, after, limit)
