"""``/v1/meta`` (the handshake, no token) and ``/v1/me`` (who the token belongs to)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from protocol import CLIENT_VERSION_HEADER, PROTOCOL_MAX, PROTOCOL_MIN, Meta, WhoAmI
from server.auth import DatabaseDep, PrincipalDep
from server.db import counter_value, utc_now
from server.models import User
from server.settings import ServerSettings
from server.version import server_version, version_tuple

router = APIRouter(prefix="/v1", tags=["handshake"])


@router.get("/meta", response_model=Meta)
def meta(request: Request) -> Meta:
    """Protocol range, minimum client version and any message; needs no token.

    A client older than ``min_client_version`` (from its ``Prefdesk-Client`` header) is
    told so here, with ``must_stop`` set and a message saying what to do.
    """
    settings: ServerSettings = request.app.state.settings
    message, must_stop = settings.message, settings.must_stop
    client = request.headers.get(CLIENT_VERSION_HEADER, "")
    client_version = client.partition("/")[2]
    if client_version and version_tuple(client_version) < version_tuple(
        settings.min_client_version
    ):
        must_stop = True
        message = (
            f"this Prefdesk ({client_version}) is too old for the server; update to "
            f"{settings.min_client_version} or newer to sync. Your work is kept."
        )
    return Meta(
        server_version=server_version(),
        protocol_min=PROTOCOL_MIN,
        protocol_max=PROTOCOL_MAX,
        min_client_version=settings.min_client_version,
        server_time=utc_now(),
        message=message,
        must_stop=must_stop,
    )


@router.get("/me", response_model=WhoAmI)
def me(principal: PrincipalDep, db: DatabaseDep) -> WhoAmI:
    with db.session() as session:
        user = session.get(User, principal.user_id)
        head = counter_value(session, "feed_seq")
    return WhoAmI(
        user=principal.user_id,
        display_name=user.display_name if user else principal.user_id,
        roles={project: sorted(roles) for project, roles in principal.roles.items()},
        feed_head=head,
    )
