"""``prefdesk-pack publish``: send a signed pack version to the vendor server.

The server checks the lead's role and the signature against the project's trusted keys;
this side only refuses to send what is plainly not publishable (unsigned, invalid). The
API token comes from the environment or a prompt — never from a file or the command line,
where it would end up in shell history.
"""

from __future__ import annotations

import base64
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from guidelines.errors import PackError, PackRefusedError
from guidelines.pack import load_pack
from guidelines.signing import read_signature

TOKEN_ENV = "PREFDESK_TOKEN"


class PublishError(PackError):
    """The server refused the pack or could not be reached; the message says which."""


@dataclass(frozen=True)
class PublishOutcome:
    pack_id: str
    version: str
    sha256: str
    created: bool


def token_from_env_or_prompt() -> str:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    if not sys.stdin.isatty():
        raise PublishError(f"set {TOKEN_ENV} to your API token (or run in a terminal to type it)")
    return getpass.getpass("API token: ").strip()


def publish_pack(
    path: Path,
    server: str,
    project: str,
    token: str,
    *,
    verify: bool | str = True,
    transport: httpx.BaseTransport | None = None,
) -> PublishOutcome:
    pack = load_pack(path)
    signature = read_signature(path)
    if signature is None:
        raise PackRefusedError(f"{path} is not signed; run prefdesk-pack sign first")
    body = {
        "canonical_b64": base64.b64encode(pack.canonical_bytes()).decode("ascii"),
        "signature_toml": signature.to_toml(),
    }
    url = f"{server.rstrip('/')}/v1/projects/{project}/packs"
    try:
        with httpx.Client(verify=verify, transport=transport, timeout=60) as client:
            response = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError as exc:
        raise PublishError(f"could not reach {server}: {type(exc).__name__}: {exc}") from exc
    if response.status_code not in (200, 201):
        try:
            message = str(response.json().get("message", response.text))
        except ValueError:
            message = response.text[:300]
        raise PublishError(f"the server refused the pack ({response.status_code}): {message}")
    answer = response.json()
    return PublishOutcome(answer["pack_id"], answer["version"], answer["sha256"], answer["created"])
