"""``prefdesk sync``: one sync from the saved sign-in or from arguments, one line of outcome,
a clear message and a non-zero status when there is nothing to sign in with."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.account import Account, profile_name
from app.account_settings import save_account
from app.cli import build_parser
from app.credentials import CredentialStore
from app.sync_cli import EXIT_NOT_SIGNED_IN, TOKEN_ENV, run_sync
from tests.app.sync_fakes import FakeClients, FakeResult
from tests.guidelines.keyring_fakes import MemoryKeyring

REPO = Path(__file__).resolve().parents[2]
URL = "https://annotate.example.com"
# Runs the command, then fails if it loaded Qt: ``prefdesk sync`` must work without a display.
NO_QT_RUN = (
    "import sys; from app.cli import main; code = main(sys.argv[1:]); "
    "sys.exit(99 if 'PySide6' in sys.modules else code)"
)


def _run(
    argv: list[str], clients: FakeClients, backend: MemoryKeyring | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(argv)
    code = run_sync(args, out, err, client_factory=clients, keyring_backend=backend)
    return code, out.getvalue(), err.getvalue()


def test_without_credentials_it_says_how_to_sign_in_and_fails(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    done = subprocess.run(
        [sys.executable, "-c", NO_QT_RUN, "--data-dir", str(tmp_path), "sync"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_NOT_SIGNED_IN
    assert "not signed in" in done.stderr
    assert "--server URL --user NAME" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_saved_sign_in_and_keyring_token_are_used(tmp_path: Path) -> None:
    save_account(tmp_path, Account(URL, "ana"))
    backend = MemoryKeyring()
    CredentialStore(profile_name(tmp_path), backend).save(URL, "ana", "tok-saved")
    clients = FakeClients(outcomes=[FakeResult(pushed=3, accepted=3, pulled=12)])
    code, out, err = _run(["--data-dir", str(tmp_path), "sync"], clients, backend)
    assert code == 0, err
    assert clients.made[0][1:] == (Account(URL, "ana"), "tok-saved")
    assert out.strip() == (
        f"ok: 3 sent (3 accepted, 0 already there, 0 rejected), 12 received · ana on {URL}"
    )


def test_arguments_and_the_environment_token_need_no_saved_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "tok-env")
    clients = FakeClients()
    argv = ["--data-dir", str(tmp_path), "sync", "--server", URL + "/", "--user", "bo"]
    code, _out, _err = _run(argv, clients, MemoryKeyring())
    assert code == 0
    assert clients.made[0][1:] == (Account(URL, "bo"), "tok-env")


def test_a_failed_sync_prints_the_problem_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "tok-env")
    clients = FakeClients(
        outcomes=[FakeResult(outcome="unauthorized", problem="the API token was revoked")]
    )
    argv = ["--data-dir", str(tmp_path), "sync", "--server", URL, "--user", "bo"]
    code, out, err = _run(argv, clients, MemoryKeyring())
    assert code == 1
    assert out.startswith("unauthorized: 0 sent")
    assert "prefdesk: sync unauthorized: the API token was revoked" in err


def test_a_saved_server_without_a_token_says_sign_in_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    save_account(tmp_path, Account(URL, "ana"))
    code, _out, err = _run(["--data-dir", str(tmp_path), "sync"], FakeClients(), MemoryKeyring())
    assert code == EXIT_NOT_SIGNED_IN
    assert "no API token for ana" in err


def test_plain_http_to_another_machine_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "tok-env")
    clients = FakeClients()
    argv = ["--data-dir", str(tmp_path), "sync", "--server", "http://x.example", "--user", "a"]
    code, _out, err = _run(argv, clients, MemoryKeyring())
    assert code == EXIT_NOT_SIGNED_IN
    assert "use its https:// address" in err
    assert clients.made == []
