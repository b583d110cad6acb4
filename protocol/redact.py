"""Removing secrets from text: the one scrubber for the server's logs and the app's crash logs.

It lives in the protocol package because the token format (``pdt_<id>_<secret>``) and the
``Authorization: Bearer`` header are part of the wire contract both sides share.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"(pdt_[0-9a-f]+_)[A-Za-z0-9_\-]+")
_BEARER = re.compile(r"(?i)(bearer\s+)\S+")


def scrub(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove token secrets, bearer credentials and the given ``secrets`` from ``text``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _BEARER.sub(r"\1***", _TOKEN.sub(r"\1***", text))
