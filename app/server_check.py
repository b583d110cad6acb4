"""Checking a sign-in against the server: the handshake, then who the token belongs to.

Qt-free and blocking: the app runs :func:`check_sign_in` on the network lane. Failures are
one :class:`SignInError` whose ``kind`` the dialog turns into a translated sentence and
whose ``detail`` names the cause (the certificate problem, the server's own words).
TLS is always verified: with the system's trust store, or with the CA bundle the vendor
gave (an intranet with its own authority); never switched off.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Literal

import httpx

from app.account import normalize_url, url_problem
from protocol import CLIENT_VERSION_HEADER

Problem = Literal[
    "bad_url",
    "plain_http",
    "bad_ca",
    "unreachable",
    "timeout",
    "tls",
    "unauthorized",
    "too_old",
    "wrong_user",
    "not_prefdesk",
    "server_error",
]
TIMEOUT_S = 15.0


def client_version() -> str:
    """This build's version, as sent in the ``Prefdesk-Client`` header."""
    try:
        return version("prefdesk")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.1.0"


@dataclass(frozen=True)
class Identity:
    """Who the token belongs to, as the server says."""

    user: str
    display_name: str


class SignInError(Exception):
    """The sign-in failed; ``kind`` says how, ``detail`` names the cause (may be "")."""

    def __init__(self, kind: Problem, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind: Problem = kind
        self.detail = detail


def verify_setting(ca_bundle: str) -> ssl.SSLContext | bool:
    """httpx's ``verify`` for ``ca_bundle`` ("" = the default trust store)."""
    if not ca_bundle:
        return True
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as error:
        raise SignInError(
            "bad_ca", f"{ca_bundle}: {getattr(error, 'strerror', None) or error}"
        ) from None


def check_sign_in(
    server_url: str, username: str, token: str, ca_bundle: str = "", timeout: float = TIMEOUT_S
) -> Identity:
    """``GET /v1/meta`` (is this client new enough?) then ``GET /v1/me`` with the token.

    Returns the token's owner, who must be ``username``. Raises :class:`SignInError`.
    """
    problem = url_problem(server_url)
    if problem == "bad_url":
        raise SignInError("bad_url", server_url)
    if problem == "plain_http":
        raise SignInError("plain_http", server_url)
    base = normalize_url(server_url)
    headers = {CLIENT_VERSION_HEADER: f"prefdesk/{client_version()}"}
    with httpx.Client(verify=verify_setting(ca_bundle), timeout=timeout, headers=headers) as http:
        meta = _get(http, f"{base}/v1/meta", {})
        if meta.get("must_stop"):
            raise SignInError("too_old", str(meta.get("message", "")))
        me = _get(http, f"{base}/v1/me", {"Authorization": f"Bearer {token}"})
    user = str(me.get("user", ""))
    if not user:
        raise SignInError("not_prefdesk", base)
    if user != username.strip():
        raise SignInError("wrong_user", user)
    return Identity(user, str(me.get("display_name") or user))


def _get(http: httpx.Client, url: str, headers: dict[str, str]) -> dict[str, object]:
    try:
        response = http.get(url, headers=headers)
    except httpx.TimeoutException as error:
        raise SignInError("timeout", str(error) or type(error).__name__) from None
    except httpx.TransportError as error:
        tls = tls_problem(error)
        if tls is not None:
            raise SignInError("tls", tls) from None
        raise SignInError("unreachable", str(error) or type(error).__name__) from None
    if response.status_code == 401:
        raise SignInError("unauthorized", _message(response))
    if response.status_code == 426:
        raise SignInError("too_old", _message(response))
    if response.status_code == 404:
        raise SignInError("not_prefdesk", url)
    if response.status_code >= 400:
        raise SignInError("server_error", f"{response.status_code} {_message(response)}".strip())
    try:
        body = response.json()
    except ValueError:
        raise SignInError("not_prefdesk", url) from None
    if not isinstance(body, dict):
        raise SignInError("not_prefdesk", url)
    return body


def tls_problem(error: BaseException) -> str | None:
    """The certificate problem behind a transport error ("self-signed certificate",
    "certificate has expired", a hostname mismatch…), or None if it was not TLS."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or seen.reason or seen)
        if isinstance(seen, ssl.SSLError):
            return str(seen.reason or seen)
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text:
        return text.split("] ", 1)[-1]
    return None


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("message", "")) if isinstance(body, dict) else ""
