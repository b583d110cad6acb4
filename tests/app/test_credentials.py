"""The API token lives in the keyring, or in memory only with a reason; never in a file."""

from __future__ import annotations

from pathlib import Path

import keyring.errors
from keyring.backends.fail import Keyring as FailKeyring

from app.account import Account, load_account
from app.account_settings import forget_account, save_account
from app.credentials import CredentialStore
from tests.guidelines.keyring_fakes import MemoryKeyring, PlaintextKeyring

URL = "https://annotate.example.com"
TOKEN = "pd_secret_0123456789abcdef0123456789abcdef"


def test_a_secure_keyring_keeps_the_token_per_profile_server_and_user() -> None:
    backend = MemoryKeyring()
    one = CredentialStore("Prefdesk:/profiles/one", backend)
    two = CredentialStore("Prefdesk:/profiles/two", backend)
    one.save(URL + "/", "ana", TOKEN)
    assert one.problem is None
    assert one.load(URL, "ana") == TOKEN
    assert one.load(URL, "bo") is None
    assert two.load(URL, "ana") is None
    assert list(backend.secrets.values()) == [TOKEN]


def test_sign_out_removes_the_token_from_the_keyring() -> None:
    backend = MemoryKeyring()
    store = CredentialStore("p", backend)
    store.save(URL, "ana", TOKEN)
    store.delete(URL, "ana")
    assert backend.secrets == {}
    assert store.load(URL, "ana") is None
    store.delete(URL, "ana")  # twice is fine


def test_no_keyring_keeps_the_token_in_memory_and_says_so() -> None:
    store = CredentialStore("p", FailKeyring())
    store.save(URL, "ana", TOKEN)
    assert store.load(URL, "ana") == TOKEN
    assert store.problem is not None
    assert "sign in again next time" in store.problem
    assert CredentialStore("p", FailKeyring()).load(URL, "ana") is None  # the next run


def test_a_plaintext_keyring_is_not_trusted_with_the_token() -> None:
    backend = PlaintextKeyring()
    store = CredentialStore("p", backend)
    store.save(URL, "ana", TOKEN)
    assert backend.secrets == {}
    assert store.problem is not None
    assert "plain file" in store.problem


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the keyring is locked")


def test_a_keyring_that_refuses_falls_back_to_memory_with_its_reason() -> None:
    store = CredentialStore("p", LockedKeyring())
    store.save(URL, "ana", TOKEN)
    assert store.load(URL, "ana") == TOKEN
    assert store.problem is not None
    assert "locked" in store.problem


def _files_containing(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_the_account_settings_hold_no_token_and_read_back_without_qt(tmp_path: Path) -> None:
    account = Account(URL, '张三, "q"', "C:\\certs\\ca;1.pem", 7)
    CredentialStore("p", MemoryKeyring()).save(URL, account.username, TOKEN)
    save_account(tmp_path, account)
    assert load_account(tmp_path) == account
    assert _files_containing(tmp_path, TOKEN) == []
    forget_account(tmp_path)
    assert load_account(tmp_path) is None


def test_a_hand_broken_account_group_reads_as_not_signed_in(tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text("[account]\nserver_url=\n[[[\n", encoding="utf-8")
    assert load_account(tmp_path) is None
    (tmp_path / "settings.ini").write_text(
        "[account]\nserver_url=https://x\nusername=a\nsync_minutes=soon\n", encoding="utf-8"
    )
    found = load_account(tmp_path)
    assert found is not None
    assert found.sync_minutes == 5
