"""Checking the lead's signature on pack versions that arrive through the feed.

The feed already proves a pack's bytes match the sha256 the server announced; only the
signature proves a lead the profile trusts published it. Pass
``SyncClient(..., verify_pack=trusted_pack_verifier(keys))``: a pack that fails is skipped
with a note in ``SyncResult.notes`` and never stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from guidelines import GuidelinePack, PackRefusedError, PackSignature, TrustedKey, verify_pack
from protocol import PackVersionBody
from storage.feed_apply import PackVerifier


def trusted_pack_verifier(trusted_keys: Iterable[TrustedKey]) -> PackVerifier:
    """A verifier that accepts only packs signed by one of ``trusted_keys``."""
    keys = list(trusted_keys)

    def check(pack: GuidelinePack, body: PackVersionBody) -> None:
        if not body.signature_toml.strip():
            raise PackRefusedError(
                f"pack {pack.id} {pack.version} came without a signature; refused"
            )
        verify_pack(pack, PackSignature.from_toml(body.signature_toml.encode("utf-8")), keys)

    return check
