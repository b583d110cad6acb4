"""``prefdesk sync``: one sync, headless (no Qt), one line of outcome.

The server and username come from the profile's ``settings.ini`` and the token from the OS
keyring (as the app saved them after Sign in), or from ``--server URL --user NAME`` with the
token in ``PREFDESK_TOKEN`` (or typed at a prompt when stdin is a terminal). The token is
never accepted as an argument: arguments show up in process lists and shell history.

Exit status: 0 when the sync was ``ok``; 2 when there is nothing to sign in with; 1 for
every other outcome, with the problem on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from app.account import Account, load_account, normalize_url, profile_name, url_problem
from app.credentials import CredentialStore, KeyringLike
from app.paths import default_data_dir, demo_data_dir
from app.sync_adapter import ClientFactory, default_client_factory, run_once

TOKEN_ENV = "PREFDESK_TOKEN"
EXIT_NOT_SIGNED_IN = 2
NOT_SIGNED_IN = (
    "prefdesk: not signed in: sign in from the app (Account → Sign in…), or run "
    f"prefdesk sync --server URL --user NAME with the API token in {TOKEN_ENV}"
)


def run_sync(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client_factory: ClientFactory = default_client_factory,
    keyring_backend: KeyringLike | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    data_dir = demo_data_dir(args.data_dir) if args.demo else (args.data_dir or default_data_dir())
    found = _account_and_token(args, data_dir, keyring_backend, err)
    if isinstance(found, int):
        return found
    account, token = found
    from app.encryption import open_store
    from storage import StoreError

    try:
        with open_store(data_dir, keyring_backend).store as store:
            client = client_factory(store, account, token)
            result = run_once(client, lambda: False, lambda _p: None)
    except ImportError as error:
        print(f"prefdesk: this build has no sync client ({error})", file=err)
        return 1
    except (StoreError, OSError) as error:
        print(f"prefdesk: error: {error}", file=err)
        return 1
    except KeyboardInterrupt:
        print("prefdesk: sync interrupted; nothing is lost, run it again", file=err)
        return 130
    return _report(result, account, out, err)


def _account_and_token(
    args: argparse.Namespace, data_dir: Path, backend: KeyringLike | None, err: TextIO
) -> tuple[Account, str] | int:
    saved = load_account(data_dir)
    if args.server or args.user:
        if not (args.server and args.user):
            print("prefdesk: --server and --user go together", file=err)
            return EXIT_NOT_SIGNED_IN
        account = Account(normalize_url(args.server), args.user, args.ca_bundle or "")
    elif saved is not None:
        account = saved
        if args.ca_bundle:
            account = Account(saved.server_url, saved.username, args.ca_bundle, saved.sync_minutes)
    else:
        print(NOT_SIGNED_IN, file=err)
        return EXIT_NOT_SIGNED_IN
    problem = url_problem(account.server_url)
    if problem is not None:
        why = {
            "plain_http": "use its https:// address; plain http is allowed only on this machine",
            "bad_url": "a server address starts with https://",
        }[problem]
        print(f"prefdesk: {account.server_url!r} cannot be a sync server: {why}", file=err)
        return EXIT_NOT_SIGNED_IN
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        credentials = CredentialStore(profile_name(data_dir), backend)
        token = credentials.load(account.server_url, account.username) or ""
    if not token and sys.stdin is not None and sys.stdin.isatty():
        token = getpass.getpass(f"API token for {account.username} on {account.server_url}: ")
    if not token.strip():
        print(
            f"prefdesk: no API token for {account.username} on {account.server_url}: "
            f"sign in again from the app, or set {TOKEN_ENV}",
            file=err,
        )
        return EXIT_NOT_SIGNED_IN
    return account, token.strip()


def _report(result: Any, account: Account, out: TextIO, err: TextIO) -> int:
    outcome = str(getattr(result, "outcome", "error"))
    packs = getattr(result, "packs_added", None) or []
    line = (
        f"{outcome}: {getattr(result, 'pushed', 0)} sent "
        f"({getattr(result, 'accepted', 0)} accepted, {getattr(result, 'duplicate', 0)} "
        f"already there, {getattr(result, 'rejected', 0)} rejected), "
        f"{getattr(result, 'pulled', 0)} received"
        + (f", guidelines {', '.join(f'{p} {v}' for p, v in packs)}" if packs else "")
        + f" · {account.username} on {account.server_url}"
    )
    if outcome == "ok":
        print(line, file=out)
        return 0
    problem = getattr(result, "problem", None) or outcome
    action = getattr(result, "action", None)
    print(line, file=out)
    print(f"prefdesk: sync {outcome}: {problem}" + (f" {action}" if action else ""), file=err)
    return 1
