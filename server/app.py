"""The vendor server's ASGI application: ``create_app(settings)``.

Stateless by design: everything is in the database, so any number of processes may serve
the same PostgreSQL database behind a load balancer.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from server.access_log import AccessLogMiddleware
from server.api import ROUTERS
from server.body_limit import BodyLimitMiddleware
from server.db import Database
from server.errors import install_error_handlers
from server.gzip_body import GzipBodyMiddleware
from server.settings import ServerSettings
from server.version import server_version


def create_app(settings: ServerSettings, db: Database | None = None) -> FastAPI:
    """Build the app; ``db`` may be passed in (tests share one), else opened from settings."""
    database = db or Database.open(settings.database_url, upgrade=settings.upgrade_schema)
    app = FastAPI(
        title="Prefdesk vendor server",
        version=server_version(),
        description="Sync protocol v1: batches out to annotators, judgments back. "
        "See docs/sync-protocol.md.",
        # The schema stays at /openapi.json; the browsable pages (which load scripts from a
        # CDN) are not served: fewer unauthenticated pages on a vendor's network.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = database
    app.state.settings = settings
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    # Feed pages of assignments are large and repetitive: answer gzipped when asked.
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(GzipBodyMiddleware)  # inside the limit: raw size first, then inflated
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(AccessLogMiddleware)
    return app
