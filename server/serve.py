"""Running the server: uvicorn on a socket we bind ourselves, JSON logs, clean shutdown.

Contracts the desktop app and tests rely on:

- The first line on stdout is ``{"event": "listening", "url": "http://HOST:PORT"}``, written
  once the socket accepts connections, with the real port (``--port 0`` picks a free one).
  Nothing else is ever written to stdout, so a caller may stop reading after that line.
- Logs are JSON lines on stderr. They never hold a token or a database password: the URL is
  logged with its password masked, and every log line passes through ``scrub`` as well.
- SIGTERM or SIGINT stops accepting, finishes in-flight requests and exits with status 0.
- The schema is migrated once, here, before any worker starts; workers never migrate, so
  several workers (or several hosts) can start against one PostgreSQL database at once.
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
import re
import signal
import socket
import sys
from dataclasses import dataclass, replace
from typing import Any

import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from uvicorn.supervisors import Multiprocess

from protocol.redact import scrub
from server.access_log import JsonLogFormatter
from server.app import create_app
from server.db import Database
from server.settings import ServerSettings

log = logging.getLogger("prefdesk.server")

#: Worker processes read their settings from these (a URL may hold a password, so it is
#: never put on a command line where ``ps`` would show it).
ENV_DATABASE_URL = "PREFDESK_SERVER_DATABASE_URL"
ENV_MESSAGE = "PREFDESK_SERVER_MESSAGE"
ENV_MIN_CLIENT_VERSION = "PREFDESK_SERVER_MIN_CLIENT_VERSION"


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (also for URLs SQLAlchemy cannot parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def url_password(url: str) -> str | None:
    try:
        return make_url(url).password
    except ArgumentError:
        return None


class ScrubbingJsonFormatter(JsonLogFormatter):
    """``JsonLogFormatter`` whose output has passed ``scrub``: a last line of defence should
    some library put a URL or a header into an exception message."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record), self._secrets)


def log_config(database_url: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn (it re-applies it in every worker)."""
    password = url_password(database_url)
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    logger = {"handlers": ["stderr"], "level": "INFO", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "server.serve.ScrubbingJsonFormatter",
                "secrets": (password,) if password else (),
            }
        },
        "handlers": {"stderr": handler},
        # uvicorn's own access log is off (it would log query strings); ours is
        # ``prefdesk.server.access``, written by AccessLogMiddleware.
        "loggers": {"uvicorn": logger, "uvicorn.error": {"level": "INFO"}, "prefdesk": logger},
    }


@dataclass(frozen=True)
class ServeOptions:
    settings: ServerSettings
    host: str = "127.0.0.1"
    port: int = 8750
    workers: int = 1


def settings_to_env(settings: ServerSettings) -> dict[str, str]:
    return {
        ENV_DATABASE_URL: settings.database_url,
        ENV_MESSAGE: settings.message,
        ENV_MIN_CLIENT_VERSION: settings.min_client_version,
    }


def settings_from_env() -> ServerSettings:
    url = os.environ.get(ENV_DATABASE_URL)
    if not url:
        raise RuntimeError(f"{ENV_DATABASE_URL} is not set (start workers with prefdesk-server)")
    return ServerSettings(
        database_url=url,
        message=os.environ.get(ENV_MESSAGE, ""),
        min_client_version=os.environ.get(ENV_MIN_CLIENT_VERSION, "0.1.0"),
        upgrade_schema=False,
    )


def app_from_env() -> FastAPI:
    """uvicorn's factory for worker processes: settings from the environment, no migration."""
    return create_app(settings_from_env())


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; port 0 gets a free port from the OS."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns on TCP_NODELAY only for sockets that say so, and
    # accepted sockets inherit it. Without it every answer on a kept-alive connection waits
    # ~40 ms for the peer's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def listening_url(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def announce(url: str) -> None:
    """The one line stdout ever gets (see the module docstring)."""
    sys.stdout.write(json.dumps({"event": "listening", "url": url}) + "\n")
    sys.stdout.flush()


class _AnnouncingServer(uvicorn.Server):
    """Prints the listening line only once the app has started (the schema is readable)."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self._url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.should_exit:
            announce(self._url)


def _exit_quietly_on(signals: tuple[signal.Signals, ...]) -> list[int]:
    """Install handlers that only record a signal.

    uvicorn handles SIGTERM/SIGINT itself during ``serve`` and re-raises the signal after a
    graceful shutdown, which would kill the process with it; re-raised into these handlers
    it is just noted, and ``serve`` returns 0.
    """
    received: list[int] = []
    for sig in signals:
        signal.signal(sig, lambda number, _frame: received.append(number))
    return received


def serve(options: ServeOptions) -> int:
    """Migrate, bind, serve until SIGTERM/SIGINT; returns the exit status."""
    settings = options.settings
    logging.config.dictConfig(log_config(settings.database_url))
    log.info(
        "starting",
        extra={
            "fields": {
                "database": redact_url(settings.database_url),
                "workers": options.workers,
            }
        },
    )
    db = Database.open(settings.database_url, upgrade=True)
    sock = bind(options.host, options.port)
    url = listening_url(sock, options.host)
    _exit_quietly_on((signal.SIGTERM, signal.SIGINT))
    common: dict[str, Any] = {
        "log_config": log_config(settings.database_url),
        "access_log": False,
        "server_header": False,
        "timeout_graceful_shutdown": 30,
        # uvicorn kills a worker that has not answered its supervisor within this; the
        # default 5 s is shorter than a worker's start-up on a busy 2-core host, where
        # workers were killed and restarted in a loop.
        "timeout_worker_healthcheck": 60,
    }
    try:
        if options.workers <= 1:
            app = create_app(replace(settings, upgrade_schema=False), db)
            config = uvicorn.Config(app, **common)
            _AnnouncingServer(config, url).run(sockets=[sock])
            return 0
        db.dispose()  # the workers open their own connections
        os.environ.update(settings_to_env(settings))
        config = uvicorn.Config(
            "server.serve:app_from_env", factory=True, workers=options.workers, **common
        )
        # The socket is listening already: connections wait in its backlog until a worker
        # takes them, so announcing now is safe.
        announce(url)
        Multiprocess(config, sockets=[sock]).run()
        return 0
    finally:
        sock.close()
        db.dispose()
        log.info("stopped")
