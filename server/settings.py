"""How one server process is configured (from the command line or the environment)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerSettings:
    """Settings that change behaviour; none of them is a secret."""

    database_url: str
    #: Shown to every client at the handshake (maintenance notices, upgrade requests).
    message: str = ""
    #: Tell clients to stop syncing (with ``message``) — for a planned migration, say.
    must_stop: bool = False
    #: Clients older than this are told to update before they sync.
    min_client_version: str = "0.1.0"
    #: Upgrade the database schema on start (off for workers that share a DB: one
    #: ``prefdesk-server migrate`` runs first).
    upgrade_schema: bool = True
