"""The installed server version (shared by the CLI and the handshake)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def server_version() -> str:
    try:
        return version("prefdesk")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.10.2"`` → ``(0, 10, 2)``; anything unparsable sorts first."""
    parts: list[int] = []
    for piece in text.split("+")[0].split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)
