"""A profile's encryption at rest (issue 7): the key lives in the keyring and nowhere in the
profile; new profiles are encrypted where a secure keyring exists and say why not elsewhere;
a missing key is a clear error; and after a full annotate-and-sync run against a real server
on a loopback port, no token and no key is in any file of the profile or the logs."""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from app.account import Account, profile_name
from app.account_settings import save_account
from app.cli import build_parser
from app.credentials import CredentialStore
from app.encryption import (
    KEY_ACCOUNT,
    SERVICE_PREFIX,
    EncryptionError,
    ProfileLockedError,
    decrypt_profile,
    encrypt_profile,
    encryption_state,
    load_key,
    open_store,
    run_profile_command,
)
from app.pack_catalog import DEMO_PACK
from app.paths import APP_NAME
from app.sync_cli import run_sync
from app.workspace import Workspace
from guidelines import load_pack
from server.accounts import TOKEN_PREFIX
from server.db import Database
from server.models import Judgment as ServerJudgment
from storage import DB_FILENAME, JudgmentRepository, add_pack_version, import_source, is_encrypted
from tests.guidelines.keyring_fakes import MemoryKeyring, PlaintextKeyring
from tests.sync_e2e.live_server import live_server
from tests.sync_e2e.world import ANNOTATOR, build_server, write_items


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _secrets_found(folders: list[Path], secrets: dict[str, bytes]) -> list[str]:
    """Every (file, secret name) where the secret's bytes appear in the file."""
    found = []
    for folder in folders:
        for path in _files(folder):
            data = path.read_bytes()
            found += [f"{path}: {name}" for name, value in secrets.items() if value in data]
    return found


def _key_secrets(key: bytes) -> dict[str, bytes]:
    return {
        "raw key": key,
        "hex key": key.hex().encode(),
        "HEX key": key.hex().upper().encode(),
        "hex key (utf-16)": key.hex().encode("utf-16-le"),
    }


def _make_items(profile: Path, tasks: Path, keyring: MemoryKeyring) -> None:
    with open_store(profile, keyring).store as store:
        import_source(store, tasks)


def test_a_new_profile_is_encrypted_and_its_key_is_only_in_the_keyring(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    profile = tmp_path / "profile"
    tasks = tmp_path / "tasks.jsonl"
    write_items(tasks, 3)
    opened = open_store(profile, keyring)
    assert opened.notice is None
    with opened.store as store:
        assert store.encrypted
        import_source(store, tasks)
    path = profile / DB_FILENAME
    assert is_encrypted(path)
    service = f"{SERVICE_PREFIX}/{profile_name(profile)}"
    assert set(keyring.secrets) == {(service, KEY_ACCOUNT)}
    key = load_key(profile, keyring)
    assert key is not None
    assert len(key) == 32
    assert _secrets_found([profile], _key_secrets(key)) == []
    state = encryption_state(profile, keyring)
    assert (state.encrypted, state.key_available, state.keyring_problem) == (True, True, None)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT * FROM items").fetchall()


def test_without_a_secure_keyring_a_new_profile_is_plaintext_and_says_why(
    tmp_path: Path,
) -> None:
    keyring = PlaintextKeyring()
    opened = open_store(tmp_path / "profile", keyring)
    opened.store.close()
    assert not is_encrypted(tmp_path / "profile" / DB_FILENAME)
    assert opened.notice is not None
    assert "not encrypted" in opened.notice
    assert "plain file" in opened.notice
    assert keyring.secrets == {}
    assert encryption_state(tmp_path / "profile", keyring).keyring_problem is not None
    with pytest.raises(EncryptionError, match="cannot be encrypted"):
        encrypt_profile(tmp_path / "profile", keyring)


def test_the_demo_and_explicit_opt_out_stay_plaintext(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "demo", seed_demo=True)
    workspace.close()
    assert not is_encrypted(tmp_path / "demo" / DB_FILENAME)
    keyring = MemoryKeyring()
    open_store(tmp_path / "plain", keyring, encrypt_new=False).store.close()
    assert not is_encrypted(tmp_path / "plain" / DB_FILENAME)
    assert keyring.secrets == {}


def test_opening_without_the_key_is_a_clear_error_and_creates_nothing(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    profile = tmp_path / "profile"
    tasks = tmp_path / "tasks.jsonl"
    write_items(tasks, 3)
    _make_items(profile, tasks, keyring)
    before = {p.name: p.read_bytes() for p in _files(profile)}

    new_laptop = MemoryKeyring()  # the keyring was reset, or this is another computer
    with pytest.raises(ProfileLockedError) as raised:
        open_store(profile, new_laptop)
    message = str(raised.value)
    assert str(profile) in message
    assert "keyring" in message
    assert "synced" in message
    assert {p.name: p.read_bytes() for p in _files(profile)} == before
    assert new_laptop.secrets == {}

    # A wrong key in the keyring is the same clear error, not a crash.
    service, account = next(iter(keyring.secrets))
    new_laptop.set_password(service, account, "00" * 32)
    with pytest.raises(ProfileLockedError, match="encrypted"):
        open_store(profile, new_laptop)

    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["--data-dir", str(profile), "profile", "decrypt"])
    assert run_profile_command(args, out, err, MemoryKeyring()) == 1
    assert "is encrypted, and its key is not in this system's keyring" in err.getvalue()
    assert {p.name: p.read_bytes() for p in _files(profile)} == before


def test_a_profile_moves_between_plaintext_and_encrypted_and_the_key_follows(
    tmp_path: Path,
) -> None:
    keyring = MemoryKeyring()
    profile = tmp_path / "profile"
    tasks = tmp_path / "tasks.jsonl"
    write_items(tasks, 4)
    with open_store(profile, keyring, encrypt_new=False).store as store:
        import_source(store, tasks)

    out, err = io.StringIO(), io.StringIO()
    encrypt = build_parser().parse_args(["--data-dir", str(profile), "profile", "encrypt"])
    assert run_profile_command(encrypt, out, err, keyring) == 0, err.getvalue()
    assert is_encrypted(profile / DB_FILENAME)
    key = load_key(profile, keyring)
    assert key is not None
    assert _secrets_found([profile], _key_secrets(key)) == []
    with open_store(profile, keyring).store as store, store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM items").scalar() == 4

    with pytest.raises(EncryptionError, match="already encrypted"):
        encrypt_profile(profile, keyring)
    decrypt_profile(profile, keyring)
    assert not is_encrypted(profile / DB_FILENAME)
    assert keyring.secrets == {}
    conn = sqlite3.connect(profile / DB_FILENAME)
    assert conn.execute("SELECT count(*) FROM items").fetchone() == (4,)
    conn.close()

    status = build_parser().parse_args(["--data-dir", str(profile), "profile", "status"])
    out = io.StringIO()
    assert run_profile_command(status, out, io.StringIO(), keyring) == 0
    assert out.getvalue().startswith("not encrypted")


def test_a_failed_encryption_keeps_the_plaintext_profile_and_forgets_the_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = MemoryKeyring()
    profile = tmp_path / "profile"
    open_store(profile, keyring, encrypt_new=False).store.close()
    from storage import cipher

    def crash(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(cipher, "_verify", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        encrypt_profile(profile, keyring)
    assert not is_encrypted(profile / DB_FILENAME)
    assert keyring.secrets == {}


@pytest.fixture
def file_log(tmp_path: Path) -> Iterator[Path]:
    """Everything logged during the test, at every level, into a file of the profile's logs."""
    logs = tmp_path / "profile" / "logs"
    logs.mkdir(parents=True)
    handler = logging.FileHandler(logs / "prefdesk.log", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield logs
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


def test_no_token_or_key_is_in_any_file_after_a_full_annotate_and_sync_run(
    tmp_path: Path, file_log: Path
) -> None:
    keyring = MemoryKeyring()
    profile = tmp_path / "profile"
    tasks = tmp_path / "tasks.jsonl"
    items = write_items(tasks, 4)
    server_dir = tmp_path / "server"  # the vendor's machine: not the profile
    server_dir.mkdir()
    db = Database.open(f"sqlite+pysqlite:///{server_dir / 'server.sqlite'}")
    token = build_server(db, items)
    pack = load_pack(DEMO_PACK)

    # Annotate: a new (so encrypted) profile, the task pack, a draft, submissions, a skip.
    with open_store(profile, keyring).store as store:
        assert store.encrypted
        import_source(store, tasks)
        add_pack_version(
            store, pack.id, pack.version, pack.sha256, pack.title.get("en"), pack.canonical_bytes()
        )
        repo = JudgmentRepository(store, lambda *_args: [])
        for n, answer in enumerate(["a", "b"]):
            draft = repo.start_draft(f"item-{n:05d}", pack.id, pack.version, ["a", "b"])
            repo.save_draft(draft.id, {"preference": answer}, 500)
            repo.submit(draft.id, {"preference": answer}, active_ms=1000 + n)
        skipped = repo.start_draft("item-00002", pack.id, pack.version, ["b", "a"])
        repo.skip(skipped.id, "cannot judge", 300)
        repo.start_draft("item-00003", pack.id, pack.version, ["a", "b"])

    with live_server(db) as url:
        # Sign in as the app does: the account in settings.ini, the token in the keyring.
        save_account(profile, Account(url, ANNOTATOR))
        CredentialStore(profile_name(profile), keyring).save(url, ANNOTATOR, token)
        out, err = io.StringIO(), io.StringIO()
        args = build_parser().parse_args(["--data-dir", str(profile), "sync"])
        assert run_sync(args, out, err, keyring_backend=keyring) == 0, err.getvalue()
        logging.getLogger("prefdesk.test").info("sync said: %s %s", out.getvalue(), err.getvalue())
    with db.session() as session:
        assert session.query(ServerJudgment).count() == 3
    db.engine.dispose()

    key = load_key(profile, keyring)
    assert key is not None
    assert is_encrypted(profile / DB_FILENAME)
    assert (file_log / "prefdesk.log").stat().st_size > 0
    secret_part = token[len(TOKEN_PREFIX) + 17 :]
    assert len(secret_part) >= 40
    assert secret_part in token
    secrets = {
        "API token": token.encode(),
        "token secret": secret_part.encode(),
        **_key_secrets(key),
    }
    scanned = [profile, file_log]
    user_logs = platformdirs.user_log_path(APP_NAME, appauthor=False)
    if user_logs.is_dir():
        scanned.append(user_logs)
    assert len(_files(profile)) >= 3  # the store, its settings, the log at least
    assert _secrets_found(scanned, secrets) == []
    # The scan itself finds a secret where there is one.
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "leak.bin").write_bytes(b"xx" + key + b"yy" + secret_part.encode())
    assert len(_secrets_found([canary], secrets)) == 2
