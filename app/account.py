"""Which vendor server a profile syncs with: the ``[account]`` group of ``settings.ini``.

Only the server URL, the username, the CA bundle path and the auto-sync interval live here;
the API token never does (see :mod:`app.credentials`). The app writes the group with
QSettings; :func:`load_account` reads it without Qt, so ``prefdesk sync`` runs headless.
Malformed values read back as defaults, never as errors.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.paths import APP_NAME

SETTINGS_FILE = "settings.ini"  # the same file as app.settings.SETTINGS_FILE
GROUP = "account"
DEFAULT_SYNC_MINUTES = 5
LOOPBACK = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Account:
    """A signed-in profile's server; ``ca_bundle`` is "" for the system's trust store."""

    server_url: str
    username: str
    ca_bundle: str = ""
    sync_minutes: int = DEFAULT_SYNC_MINUTES

    @property
    def verify(self) -> bool | str:
        """httpx's ``verify``: the CA bundle path when one is set, else True (never False)."""
        return self.ca_bundle or True


def normalize_url(url: str) -> str:
    """``url`` without surrounding blanks or a trailing slash."""
    return url.strip().rstrip("/")


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a sync server, or None. Plain http is refused except on this
    machine, because the token would cross the network readable by anyone on the way."""
    parts = urlsplit(normalize_url(url))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "bad_url"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        return "plain_http"
    return None


def profile_name(data_dir: Path) -> str:
    """The keyring's name for a profile: its folder, so two profiles keep separate tokens."""
    return f"{APP_NAME}:{data_dir.resolve()}"


def load_account(data_dir: Path) -> Account | None:
    """The profile's server and username, or None when it never signed in."""
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    try:
        parser.read(data_dir / SETTINGS_FILE, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    if not parser.has_section(GROUP):
        return None
    section = parser[GROUP]
    url = qsettings_text(section.get("server_url", ""))
    user = qsettings_text(section.get("username", ""))
    if not url or not user:
        return None
    try:
        minutes = max(1, int(qsettings_text(section.get("sync_minutes", ""))))
    except ValueError:
        minutes = DEFAULT_SYNC_MINUTES
    return Account(url, user, qsettings_text(section.get("ca_bundle", "")), minutes)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def qsettings_text(raw: str) -> str:
    """A string value as QSettings wrote it to INI: optional quotes, backslash escapes,
    ``\\xHHHH`` code points and the ``@@`` escape of a leading ``@``."""
    raw = raw.strip()
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and i + 1 < len(raw):
            i += 1
            nxt = raw[i]
            if nxt == "x":
                digits = ""
                while i + 1 < len(raw) and raw[i + 1] in "0123456789abcdefABCDEF":
                    i += 1
                    digits += raw[i]
                out.append(chr(int(digits, 16)) if digits else "x")
            else:
                out.append(_ESCAPES.get(nxt, nxt))
        elif ch == "," and not quoted:
            out.append(", ")  # a list: read it back as the text it was
            while i + 1 < len(raw) and raw[i + 1] == " ":
                i += 1
        else:
            out.append(ch)
        i += 1
    text = "".join(out)
    return text[1:] if text.startswith("@@") else text
