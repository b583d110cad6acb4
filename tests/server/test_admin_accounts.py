"""``prefdesk-server admin`` project, user, role, token and key commands, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from guidelines.keys import TrustedKey
from server.accounts import token_owner
from server.db import Database, sqlite_url
from server.models import ApiToken
from tests.server.cli_helpers import Ran, run_cli

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def admin(capsys: Capsys, data: Path, *argv: str) -> Ran:
    return run_cli(capsys, "admin", *argv, "--data", str(data))


def setup_people(capsys: Capsys, data: Path) -> None:
    assert admin(capsys, data, "project", "create", "p1", "--name", "Project one").code == 0
    assert admin(capsys, data, "user", "add", "ann", "--display-name", "Ann N").code == 0


def test_project_create_makes_the_data_folder_and_lists_it(capsys: Capsys, data: Path) -> None:
    created = admin(capsys, data, "project", "create", "p1", "--name", "P", "--lease-hours", "6")
    listed = admin(capsys, data, "project", "list", "--json").json()
    assert created.code == 0
    assert (data / "prefdesk-server.sqlite").is_file()
    assert listed[0]["id"] == "p1"
    assert listed[0]["lease_hours"] == 6


def test_project_lease_changes_the_hours(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    assert admin(capsys, data, "project", "lease", "p1", "--hours", "2").code == 0
    assert admin(capsys, data, "project", "list", "--json").json()[0]["lease_hours"] == 2


@pytest.mark.parametrize("hours", ["0", "-1", "999999"])
def test_project_lease_refuses_an_impossible_length(capsys: Capsys, data: Path, hours: str) -> None:
    setup_people(capsys, data)
    result = admin(capsys, data, "project", "lease", "p1", "--hours", hours)
    assert result.code == 2
    assert "--lease-hours" in result.err


def test_a_second_project_with_the_same_id_is_refused(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    result = admin(capsys, data, "project", "create", "p1", "--name", "again")
    assert result.code == 2
    assert "already exists" in result.err


def test_a_project_id_with_a_slash_is_refused(capsys: Capsys, data: Path) -> None:
    result = admin(capsys, data, "project", "create", "a/b", "--name", "x")
    assert result.code == 2
    assert "'a/b'" in result.err


def test_unknown_project_is_named(capsys: Capsys, data: Path) -> None:
    result = admin(capsys, data, "project", "lease", "nope", "--hours", "1")
    assert result.code == 2
    assert "no project 'nope'" in result.err


def test_user_add_and_list_show_roles(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    admin(capsys, data, "role", "grant", "p1", "ann", "annotator")
    admin(capsys, data, "role", "grant", "p1", "ann", "lead")
    users = admin(capsys, data, "user", "list", "--json").json()
    assert users[0]["id"] == "ann"
    assert users[0]["display_name"] == "Ann N"
    assert users[0]["roles"] == {"p1": ["annotator", "lead"]}


def test_role_revoke_removes_the_role(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    admin(capsys, data, "role", "grant", "p1", "ann", "annotator")
    revoked = admin(capsys, data, "role", "revoke", "p1", "ann", "annotator", "--json").json()
    assert revoked == {"revoked": True}
    assert admin(capsys, data, "user", "list", "--json").json()[0]["roles"] == {}


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("p1", "ann", "boss"), "role 'boss'"),
        (("nope", "ann", "annotator"), "no project 'nope'"),
        (("p1", "bob", "annotator"), "no user 'bob'"),
    ],
)
def test_role_grant_bad_input_is_named_and_exit_2(
    capsys: Capsys, data: Path, argv: tuple[str, ...], named: str
) -> None:
    setup_people(capsys, data)
    result = admin(capsys, data, "role", "grant", *argv)
    assert result.code == 2
    assert named in result.err


def test_user_add_twice_is_refused(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    result = admin(capsys, data, "user", "add", "ann")
    assert result.code == 2
    assert "already exists" in result.err


def test_token_issue_prints_the_token_once_on_stdout_and_warns_on_stderr(
    capsys: Capsys, data: Path
) -> None:
    setup_people(capsys, data)
    issued = admin(capsys, data, "token", "issue", "ann", "--label", "laptop")
    token = issued.out.strip()
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        owner = token_owner(session, token)
    db.dispose()
    assert owner is not None
    assert owner[0] == "ann"
    assert "only time" in issued.err
    assert token not in issued.err


def test_token_list_shows_ids_labels_and_states_never_secrets(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    token = admin(capsys, data, "token", "issue", "ann", "--label", "laptop").out.strip()
    token_id = token.split("_")[1]
    admin(capsys, data, "token", "revoke", token_id)
    listed = admin(capsys, data, "token", "list", "ann", "--json")
    human = admin(capsys, data, "token", "list", "ann")
    assert [(t["id"], t["label"]) for t in listed.json()] == [(token_id, "laptop")]
    assert listed.json()[0]["revoked_at"] is not None
    assert token.split("_", 2)[2] not in listed.out + human.out


def test_token_revoke_makes_it_unusable_and_is_idempotent(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    token = admin(capsys, data, "token", "issue", "ann").out.strip()
    token_id = token.split("_")[1]
    first = admin(capsys, data, "token", "revoke", token_id, "--json").json()
    second = admin(capsys, data, "token", "revoke", token_id, "--json").json()
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        assert token_owner(session, token) is None
    db.dispose()
    assert (first["revoked"], second["revoked"]) == (True, False)


def test_token_revoke_of_an_unknown_id_is_exit_2(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    result = admin(capsys, data, "token", "revoke", "0123abcd")
    assert result.code == 2
    assert "no token with id '0123abcd'" in result.err


def test_token_issue_for_an_unknown_user_is_exit_2(capsys: Capsys, data: Path) -> None:
    setup_people(capsys, data)
    result = admin(capsys, data, "token", "issue", "bob")
    assert result.code == 2
    assert "no user 'bob'" in result.err
    db = Database.open(sqlite_url(data))
    with db.session() as session:
        assert session.query(ApiToken).count() == 0
    db.dispose()


def test_key_trust_accepts_keygen_text_and_files_and_is_idempotent(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    setup_people(capsys, data)
    one = TrustedKey(Ed25519PrivateKey.generate().public_key())
    two = TrustedKey(Ed25519PrivateKey.generate().public_key())
    keys_file = tmp_path / "leads.keys"
    keys_file.write_text(f"# leads\n{two.to_text()}\n", encoding="utf-8")
    admin(capsys, data, "key", "trust", "p1", one.to_text())
    admin(capsys, data, "key", "trust", "p1", str(keys_file))
    admin(capsys, data, "key", "trust", "p1", one.to_text())
    listed = admin(capsys, data, "key", "list", "p1", "--json").json()
    assert sorted(k["key_id"] for k in listed) == sorted([one.key_id, two.key_id])
    assert {k["public_key"] for k in listed} == {one.to_text(), two.to_text()}


def test_key_trust_names_the_bad_line_of_a_key_file(
    capsys: Capsys, data: Path, tmp_path: Path
) -> None:
    setup_people(capsys, data)
    keys_file = tmp_path / "leads.keys"
    keys_file.write_text("# leads\n\nssh-rsa AAAA\n", encoding="utf-8")
    result = admin(capsys, data, "key", "trust", "p1", str(keys_file))
    assert result.code == 2
    assert f"{keys_file}, line 3" in result.err


def test_admin_without_a_database_says_how_to_give_one(
    capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFDESK_SERVER_DATABASE_URL", raising=False)
    result = run_cli(capsys, "admin", "project", "list")
    assert result.code == 2
    assert "--data" in result.err
