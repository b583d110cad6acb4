"""Admin command handlers: parsed arguments in, one transaction, a printed result out.

Every handler runs inside one session: it commits only if the handler returns, so a
refused request (``AdminError``) changes nothing. Results are human-readable lines by
default and one JSON document with ``--json``. Nothing here prints a token secret except
``token issue``, once, on stdout.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.admin import assigning, batching, demo, importing, progress, projects, users
from server.admin.errors import AdminError
from server.db import Database


@dataclass
class Result:
    """What a handler produced: ``data`` for ``--json``, ``lines`` for people, and a note
    for stderr (warnings a script must not mistake for output)."""

    data: Any
    lines: list[str]
    note: str = ""


Handler = Callable[[Session, argparse.Namespace], Result]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def emit(result: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(_plain(result.data), ensure_ascii=False, indent=2))
    else:
        for line in result.lines:
            print(line)
    if result.note:
        print(result.note, file=sys.stderr)


def project_create(s: Session, a: argparse.Namespace) -> Result:
    projects.create_project(s, a.id, a.name, a.lease_hours)
    return Result({"id": a.id, "name": a.name}, [f"created project {a.id} ({a.name})"])


def project_list(s: Session, a: argparse.Namespace) -> Result:
    rows = projects.list_projects(s)
    lines = [
        f"{p.id}\t{p.name}\tlease {p.lease_hours:g} h\t{p.items} items\t{p.batches} batches\t"
        f"{p.members} members"
        for p in rows
    ]
    return Result(rows, lines or ["no projects yet"])


def project_lease(s: Session, a: argparse.Namespace) -> Result:
    projects.set_lease(s, a.id, a.hours)
    return Result(
        {"id": a.id, "lease_hours": a.hours},
        [f"project {a.id}: new assignments are held for {a.hours:g} hours"],
    )


def user_add(s: Session, a: argparse.Namespace) -> Result:
    user = users.add_user(s, a.name, a.display_name or "")
    return Result(
        {"id": user.id, "display_name": user.display_name, "pseudonym": user.pseudonym},
        [f"added user {user.id} (pseudonym {user.pseudonym})"],
    )


def user_list(s: Session, a: argparse.Namespace) -> Result:
    rows = users.list_users(s)
    lines = []
    for u in rows:
        roles = "; ".join(f"{p}: {', '.join(r)}" for p, r in u.roles.items()) or "no roles"
        state = " (disabled)" if u.disabled else ""
        lines.append(f"{u.id}{state}\t{u.display_name}\t{roles}\t{u.live_tokens} live tokens")
    return Result(rows, lines or ["no users yet"])


def role_grant(s: Session, a: argparse.Namespace) -> Result:
    users.grant(s, a.project, a.user, a.role)
    return Result({"granted": True}, [f"{a.user} is {a.role} in {a.project}"])


def role_revoke(s: Session, a: argparse.Namespace) -> Result:
    held = users.revoke(s, a.project, a.user, a.role)
    text = f"{a.user} is no longer {a.role} in {a.project}"
    return Result(
        {"revoked": held}, [text if held else f"{a.user} was not {a.role} in {a.project}"]
    )


def token_issue(s: Session, a: argparse.Namespace) -> Result:
    issued = users.issue(s, a.user, a.label or "")
    return Result(
        {"token_id": issued.token_id, "user": issued.user_id, "token": issued.token},
        [issued.token],
        note=f"token {issued.token_id} for {issued.user_id}: this is the only time it is shown; "
        "the server keeps only its hash. Hand it to the user over a private channel.",
    )


def token_list(s: Session, a: argparse.Namespace) -> Result:
    rows = users.list_tokens(s, a.user)
    lines = [
        f"{t.id}\t{t.label or '-'}\tcreated {t.created_at}\t"
        + (f"revoked {t.revoked_at}" if t.revoked_at else "live")
        for t in rows
    ]
    return Result(rows, lines or [f"{a.user} has no tokens"])


def token_revoke(s: Session, a: argparse.Namespace) -> Result:
    live = users.revoke_by_id(s, a.token_id)
    text = f"revoked token {a.token_id}" if live else f"token {a.token_id} was already revoked"
    return Result({"token_id": a.token_id, "revoked": live}, [text])


def key_trust(s: Session, a: argparse.Namespace) -> Result:
    ids = projects.trust_keys(s, a.project, projects.read_public_keys(a.key))
    return Result(
        {"project": a.project, "key_ids": ids},
        [f"{a.project} trusts lead key {key_id}" for key_id in ids],
    )


def key_list(s: Session, a: argparse.Namespace) -> Result:
    rows = projects.list_keys(s, a.project)
    data = [{"key_id": k.key_id, "public_key": k.public_key, "added_at": k.added_at} for k in rows]
    lines = [f"{k.key_id}\t{k.public_key}\tadded {k.added_at}" for k in rows]
    return Result(data, lines or [f"{a.project} trusts no lead keys yet"])


def import_pack(s: Session, a: argparse.Namespace) -> Result:
    gold = Path(a.gold_answers) if a.gold_answers else None
    r = importing.import_file(s, a.project, Path(a.file), format=a.format, gold_answers=gold)
    text = (
        f"{r.source} ({r.format}): {r.rows} rows, {r.added} added, {r.unchanged} unchanged"
        + (f", {r.repeated_rows} repeated rows skipped" if r.repeated_rows else "")
        + (f", {r.gold} gold" if gold else "")
    )
    return Result(r, [text])


def batch_make(s: Session, a: argparse.Namespace) -> Result:
    made = batching.make_batches(
        s,
        a.project,
        size=a.size,
        overlap=a.overlap,
        gold_share=a.gold_share,
        pack_id=a.pack,
        name_prefix=a.name_prefix,
    )
    lines = [
        f"{b.name}\t{b.id}\t{b.items} items ({b.gold} gold)\toverlap {b.overlap}" for b in made
    ]
    return Result(made, lines or [f"{a.project} has no unbatched items; no batch made"])


def batch_list(s: Session, a: argparse.Namespace) -> Result:
    rows = batching.list_batches(s, a.project)
    lines = [
        f"{b.name}\t{b.id}\t{b.items} items ({b.gold} gold)\toverlap {b.overlap}\t"
        f"{b.assignments} held\t{b.state}" + (f"\tpack {b.pack_id}" if b.pack_id else "")
        for b in rows
    ]
    return Result(rows, lines or [f"{a.project} has no batches yet"])


def assign(s: Session, a: argparse.Namespace) -> Result:
    r = assigning.assign_batch(s, a.project, a.batch, a.user)
    return Result(r, [assigning.describe(a, r)])


def unassign(s: Session, a: argparse.Namespace) -> Result:
    held = assigning.unassign_batch(s, a.project, a.batch, a.user)
    text = f"{a.batch} unassigned from {a.user}" if held else f"{a.user} did not hold {a.batch}"
    return Result({"released": held}, [text])


def seed_demo(args: argparse.Namespace, url: str) -> None:
    """``demo`` / ``serve --demo``: needs --data (the token file goes there)."""
    if args.data is None:
        raise AdminError("the demo needs --data DIR: the annotator's token file is written there")
    db = Database.open(url, upgrade=True)
    try:
        seeded = demo.seed(db, args.data)
    finally:
        db.dispose()
    # stderr: ``serve --demo`` keeps stdout for the listening line alone.
    print(
        f"demo project {seeded.project}: {seeded.added_items} items added, "
        f"{seeded.new_batches} batches made; annotator token in {seeded.token_file} "
        f"({'written' if seeded.token_written else 'unchanged'}; for the demo only)",
        file=sys.stderr,
    )


def show_progress(s: Session, a: argparse.Namespace) -> Result:
    p = progress.progress(s, a.project)
    lines = [f"project {p.project_id}", "batches:"]
    for b in p.batches:
        held = ", ".join(f"{n} {state}" for state, n in b.assignments.items()) or "unassigned"
        lines.append(
            f"  {b.name}\t{b.items} items\toverlap {b.overlap}\t{held}\t{b.judgments} judgments"
        )
    lines.append("annotators:")
    for u in p.annotators:
        lines.append(f"  {u.user}\t{u.judgments} judgments\tlast seen {u.last_seen or 'never'}")
    return Result(dataclasses.asdict(p), lines)


def run(handler: Handler, args: argparse.Namespace, session: Session) -> Result:
    """Call ``handler``; AdminError passes through for the caller to report (exit 2)."""
    try:
        return handler(session, args)
    except AdminError:
        raise
    except ValueError as exc:  # e.g. a malformed number deep in a library
        raise AdminError(str(exc)) from None
