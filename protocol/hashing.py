"""The hashes client and server must compute byte-for-byte alike."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any


def canonical_json(value: Any) -> str:
    """The one JSON spelling used for hashed payloads (same as the local store's)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_sha256(payload: dict[str, Any]) -> str:
    """SHA-256 of a judgment payload as it travels (a ``JudgmentPayload`` dumped to a dict)."""
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def device_digest(triples: Iterable[tuple[int, str, str]]) -> str:
    """SHA-256 over ``(client_seq, payload_sha256, outcome)`` in ascending seq order.

    ``outcome`` is ``accepted`` or ``rejected`` (a duplicate is an acceptance). Both sides
    compute it over the same rows, so a mismatch means the two disagree about some seq.
    """
    digest = hashlib.sha256()
    for seq, sha, outcome in sorted(triples):
        digest.update(f"{seq}:{sha}:{outcome}\n".encode("ascii"))
    return digest.hexdigest()
