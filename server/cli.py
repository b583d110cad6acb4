"""``prefdesk-server``: argument parsing only; the work is in ``server.serve`` and
``server.admin``.

Exit status: 0 done, 2 refused (bad arguments, unknown project/user/batch, a bad file: the
message names it), 1 the database could not be used. See docs/server-admin.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from protocol.redact import scrub
from server.admin import run as admin
from server.admin.errors import AdminError
from server.db import (
    Database,
    DatabaseError,
    create_db_engine,
    current_revision,
    migrate,
    sqlite_url,
)
from server.serve import ENV_DATABASE_URL, ServeOptions, redact_url, serve, url_password
from server.settings import ServerSettings
from taskpack import FORMATS


def installed_version() -> str:
    try:
        return version("prefdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def _db_args(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, help="data folder (SQLite file inside, created)")
    where.add_argument(
        "--database-url",
        help=f"SQLAlchemy URL, e.g. postgresql+psycopg://… (or set {ENV_DATABASE_URL})",
    )


def database_url(args: argparse.Namespace) -> str:
    """The URL from --data (folder created), --database-url, or the environment."""
    if args.data is not None:
        args.data.mkdir(parents=True, exist_ok=True)
        return sqlite_url(args.data)
    url = args.database_url or os.environ.get(ENV_DATABASE_URL)
    if not url:
        raise AdminError(f"give --data DIR or --database-url URL (or set {ENV_DATABASE_URL})")
    return str(url)


def _leaf(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: admin.Handler,
    help: str,
) -> argparse.ArgumentParser:
    p = group.add_parser(name, help=help)
    _db_args(p)
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=handler)
    return p


def _admin_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    groups = sub.add_parser("admin", help="manage projects, users, items, batches").add_subparsers(
        dest="group", required=True
    )
    g = groups.add_parser("project").add_subparsers(dest="action", required=True)
    p = _leaf(g, "create", admin.project_create, "create a project")
    p.add_argument("id")
    p.add_argument("--name", required=True)
    p.add_argument("--lease-hours", type=float, default=72.0)
    _leaf(g, "list", admin.project_list, "list projects")
    p = _leaf(g, "lease", admin.project_lease, "set how long an assignment is held")
    p.add_argument("id")
    p.add_argument("--hours", type=float, required=True)

    g = groups.add_parser("user").add_subparsers(dest="action", required=True)
    p = _leaf(g, "add", admin.user_add, "add a user")
    p.add_argument("name")
    p.add_argument("--display-name")
    _leaf(g, "list", admin.user_list, "list users and their roles")

    g = groups.add_parser("role").add_subparsers(dest="action", required=True)
    for action, handler in (("grant", admin.role_grant), ("revoke", admin.role_revoke)):
        p = _leaf(g, action, handler, f"{action} a project role")
        p.add_argument("project")
        p.add_argument("user")
        p.add_argument("role", help="annotator, lead or admin")

    g = groups.add_parser("token").add_subparsers(dest="action", required=True)
    p = _leaf(g, "issue", admin.token_issue, "issue an API token (shown once)")
    p.add_argument("user")
    p.add_argument("--label")
    p = _leaf(g, "list", admin.token_list, "list a user's tokens (never their secrets)")
    p.add_argument("user")
    p = _leaf(g, "revoke", admin.token_revoke, "revoke a token by id")
    p.add_argument("token_id")

    g = groups.add_parser("key").add_subparsers(dest="action", required=True)
    p = _leaf(g, "trust", admin.key_trust, "trust a lead's public signing key")
    p.add_argument("project")
    p.add_argument("key", help="ed25519:… text, or a file of such lines")
    p = _leaf(g, "list", admin.key_list, "list a project's trusted lead keys")
    p.add_argument("project")

    p = _leaf(groups, "import", admin.import_pack, "import a task pack into a project")
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--format", help=f"one of {', '.join(FORMATS)} (detected if left out)")
    p.add_argument("--gold-answers", help="JSONL of {id, answers}: marks those items gold")

    g = groups.add_parser("batch").add_subparsers(dest="action", required=True)
    p = _leaf(g, "make", admin.batch_make, "cut unbatched items into batches")
    p.add_argument("project")
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--overlap", type=int, default=1)
    p.add_argument("--gold-share", type=float, default=None, help="default 0.1 if gold exists")
    p.add_argument("--pack", help="guideline pack id the batches are judged under")
    p.add_argument("--name-prefix", default="batch-")
    p = _leaf(g, "list", admin.batch_list, "list a project's batches")
    p.add_argument("project")

    for action, handler in (("assign", admin.assign), ("unassign", admin.unassign)):
        p = _leaf(groups, action, handler, f"{action} a batch to/from an annotator")
        p.add_argument("project")
        p.add_argument("batch", help="batch id or name")
        p.add_argument("user")

    p = _leaf(groups, "progress", admin.show_progress, "per batch and annotator progress")
    p.add_argument("project")


# The delivery and QC stack (pandas, pyarrow, scipy, statsmodels) takes seconds to import.
# Only `export` needs it: every other command, and every worker process of `serve` (which
# re-imports this module before it can answer uvicorn's 5 s health ping), starts without it.


def _export(session: Session, args: argparse.Namespace) -> admin.Result:
    from server.admin import exporting

    return exporting.handler(session, args)


class _ExportFormats:
    """``--format``'s choices, looked up only when argparse checks or lists them."""

    def __contains__(self, value: object) -> bool:
        return value in self._formats()

    def __iter__(self) -> Iterator[str]:
        return iter(self._formats())

    @staticmethod
    def _formats() -> tuple[str, ...]:
        from server.admin import exporting

        return exporting.EXPORT_FORMATS


def _export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _leaf(sub, "export", _export, "write a delivery (datasets + manifest.json)")
    p.add_argument("project")
    p.add_argument("--out", required=True, help="folder the delivery is written into")
    p.add_argument(
        "--format",
        action="append",
        choices=_ExportFormats(),
        metavar="FORMAT",  # a metavar keeps argparse from listing the choices at build time
        help="one of %(choices)s (repeatable)",
    )
    p.add_argument("--all", action="store_true", help="every format")
    p.add_argument("--include-unreviewed", action="store_true", help="not only accepted ones")
    p.add_argument("--pack-version", action="append", help="only these versions (repeatable)")
    p.add_argument("--exclude-stale", action="store_true")
    p.add_argument("--keep-ties", action="store_true", help="tied pairs too, with margin 0")
    p.add_argument(
        "--min-agreement",
        type=float,
        metavar="X",
        help="only items whose annotators agree at least X (-1..1: mean pairwise Kendall "
        "tau-b on rankings, exact match on other answers; single-annotator items dropped)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prefdesk-server",
        description="Prefdesk vendor server: batches out to annotators, judgments back.",
        epilog="See docs/server-admin.md.",
    )
    parser.add_argument(
        "--version", action="version", version=f"prefdesk-server {installed_version()}"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the server (JSON logs on stderr)")
    _db_args(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8750, help="0 picks a free port")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--message", default="", help="shown to every client at the handshake")
    p.add_argument("--min-client-version", default="0.1.0")
    p.add_argument("--demo", action="store_true", help="seed the demo project first (--data)")
    p = sub.add_parser("migrate", help="upgrade the database schema (once, before workers)")
    _db_args(p)
    p = sub.add_parser("demo", help="seed the demo project (idempotent)")
    _db_args(p)
    _admin_parser(sub)
    _export_parser(sub)
    return parser


def _migrate(url: str) -> str:
    """Upgrade the schema; the sentence says from which revision to which, so an upgrade's
    log shows what the migration did (and a no-op shows that it was one)."""
    engine = create_db_engine(url)
    try:
        before = current_revision(engine)
        migrate(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    if before is None:
        return f"schema created at revision {after}: {redact_url(url)}"
    if before == after:
        return f"schema up to date at revision {after}: {redact_url(url)}"
    return f"schema upgraded from revision {before} to {after}: {redact_url(url)}"


def _report(message: str, url: str | None) -> None:
    password = url_password(url) if url else None
    print(f"prefdesk-server: {scrub(message, (password,) if password else ())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url: str | None = None
    try:
        url = database_url(args)
        if args.command == "serve":
            if args.demo:
                admin.seed_demo(args, url)
            settings = ServerSettings(
                database_url=url,
                message=args.message,
                min_client_version=args.min_client_version,
            )
            return serve(ServeOptions(settings, args.host, args.port, max(1, args.workers)))
        if args.command == "migrate":
            print(_migrate(url))
            return 0
        if args.command == "demo":
            admin.seed_demo(args, url)
            return 0
        db = Database.open(url, upgrade=True)
        try:
            with db.session() as session:
                result = admin.run(args.handler, args, session)
        finally:
            db.dispose()
        admin.emit(result, args.json)
        return 0
    except AdminError as exc:
        _report(str(exc), url)
        return 2
    except (DatabaseError, OSError) as exc:
        _report(str(exc), url)
        return 1
    except SQLAlchemyError as exc:  # unreachable, refused login…: one line, not a trace
        _report(f"database error: {exc}", url)
        return 1


if __name__ == "__main__":
    sys.exit(main())
