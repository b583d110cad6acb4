"""Seeding the demo project the desktop app's built-in demo workspace syncs with.

``prefdesk-server demo --data DIR`` (or ``serve --demo``) makes, once:

- project ``demo``; users ``demo-annotator`` (annotator, and lead too, so one person
  trying the demo can walk the whole review loop: return their own judgment in the Lead
  menu's review window, see the comment arrive by sync, amend) and ``demo-lead`` (lead);
- the app's demo task pack (``app/demo/demo-tasks.jsonl``, read by path: the server never
  imports the app) imported and cut into batches of ten;
- the demo guideline pack (``app/demo/guidelines``) published as a pack version, signed by a
  throwaway key made at seed time whose public half the project trusts (the private half is
  dropped: nobody can sign another demo version, which the demo never needs);
- an API token for ``demo-annotator`` written to ``DIR/demo-annotator.token`` (mode 0600).

The token file exists FOR THE DEMO ONLY: the app's ``make run`` reads it once into its
keyring. A real deployment hands tokens out with ``admin token issue`` and never writes
them to disk. Seeding is idempotent: a second run finds everything in place and changes
nothing (the token file is rewritten only if its token no longer works).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines.keys import TrustedKey
from guidelines.pack import load_pack
from guidelines.signing import sign_pack
from server.accounts import create_user, grant_role, issue_token, token_owner
from server.admin import assigning, importing, projects
from server.change_log import append_change
from server.db import Database, utc_now
from server.models import Batch, BatchItem, PackVersion, Project, User
from server.models import TrustedKey as TrustedKeyRow
from taskpack import open_source

PROJECT = "demo"
#: The demo lead's public signing key(s), for the demo app's trusted-keys.txt.
KEYS_FILE = "demo-trusted-keys.txt"
ANNOTATOR = "demo-annotator"
LEAD = "demo-lead"
TOKEN_FILE = "demo-annotator.token"
BATCH_SIZE = 10


def default_source() -> Path:
    """``app/demo`` beside this package (a source tree or an installed wheel alike)."""
    return Path(__file__).resolve().parents[2] / "app" / "demo"


@dataclass(frozen=True)
class DemoSeed:
    project: str
    added_items: int
    pack: str
    new_batches: int
    token_file: Path
    token_written: bool


def _ensure_people(session: Session) -> None:
    if session.get(Project, PROJECT) is None:
        projects.create_project(session, PROJECT, "Prefdesk demo", lease_hours=72)
    for user, name, roles in (
        (ANNOTATOR, "Demo annotator", ("annotator", "lead")),
        (LEAD, "Demo lead", ("lead",)),
    ):
        if session.get(User, user) is None:
            create_user(session, user, name)
        for role in roles:
            grant_role(session, PROJECT, user, role)  # a no-op when held


def _publish_pack(session: Session, folder: Path) -> str:
    """Publish the demo guideline pack unless that version is already there."""
    pack = load_pack(folder)
    if session.get(PackVersion, (PROJECT, pack.id, pack.version)) is not None:
        return pack.id
    key = Ed25519PrivateKey.generate()
    projects.trust_keys(session, PROJECT, [TrustedKey(key.public_key())])
    session.add(
        PackVersion(
            project_id=PROJECT,
            pack_id=pack.id,
            version=pack.version,
            sha256=pack.sha256,
            canonical=pack.canonical_bytes(),
            signature_toml=sign_pack(pack, key).to_toml(),
            published_by=LEAD,
            published_at=utc_now(),
        )
    )
    session.flush()
    # Every member sees published pack versions; the id spelling is the feed's ("id@version").
    append_change(
        session,
        project_id=PROJECT,
        scope_user_id=None,
        entity_type="pack_version",
        entity_id=f"{pack.id}@{pack.version}",
        entity_version=1,
    )
    return pack.id


def _mirror_pack_batches(session: Session, tasks: Path, pack_id: str) -> list[str]:
    """Batches exactly as the demo task pack groups its items (ids, names, order).

    The demo app imports the same pack locally, so an assignment that names the same batch
    lands on the batch the annotator already sees instead of an empty look-alike.
    """
    now = utc_now()
    members: dict[str, list[str]] = {}
    with open_source(tasks) as source:
        for record in source:
            members.setdefault(record.batch or "demo", []).append(record.id)
        names = {batch.id: batch.name for batch in source.header.batches}
    for batch_id, item_ids in members.items():
        session.add(
            Batch(
                id=batch_id,
                project_id=PROJECT,
                name=names.get(batch_id) or batch_id,
                overlap=1,
                pack_id=pack_id,
                state="open",
                created_at=now,
            )
        )
        session.flush()
        for position, item_id in enumerate(item_ids):
            session.add(BatchItem(batch_id=batch_id, position=position, item_id=item_id))
    session.flush()
    return list(members)


def _assign_first(session: Session, batch_id: str) -> None:
    assigning.assign_batch(session, PROJECT, batch_id, ANNOTATOR)


def _token_works(session: Session, path: Path) -> bool:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return False
    owner = token_owner(session, token)
    return owner is not None and owner[0] == ANNOTATOR


def write_secret_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (0600), atomically."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def seed(db: Database, data_dir: Path, source: Path | None = None) -> DemoSeed:
    """Seed (or find seeded) the demo project; see the module docstring."""
    source = source or default_source()
    data_dir.mkdir(parents=True, exist_ok=True)
    token_path = data_dir / TOKEN_FILE
    token: str | None = None
    with db.session() as session:
        _ensure_people(session)
        imported = importing.import_file(session, PROJECT, source / "demo-tasks.jsonl")
        pack_id = _publish_pack(session, source / "guidelines")
        made: list[str] = []
        if session.scalars(select(Batch.id).where(Batch.project_id == PROJECT)).first() is None:
            made = _mirror_pack_batches(session, source / "demo-tasks.jsonl", pack_id)
            # The first batch waits in the annotator's feed; the rest are left to claim.
            if made:
                _assign_first(session, made[0])
        if not _token_works(session, token_path):
            token = issue_token(session, ANNOTATOR, "demo (token file)").token
        keys = session.scalars(
            select(TrustedKeyRow.public_key).where(TrustedKeyRow.project_id == PROJECT)
        ).all()
    # Public halves only: the demo app trusts packs signed by the demo lead.
    (data_dir / KEYS_FILE).write_text("".join(f"{key}\n" for key in keys), encoding="utf-8")
    # Written only after the commit, so the file never holds a token the server lacks.
    if token is not None:
        write_secret_file(token_path, token)
    return DemoSeed(PROJECT, imported.added, pack_id, len(made), token_path, token is not None)
