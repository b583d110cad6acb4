"""Pack versions from the feed are kept only when a trusted lead signed them."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import protocol
from guidelines import TrustedKey, load_pack
from guidelines.signing import sign_pack
from guidelines.templates import template_path
from storage import Store, list_pack_versions
from storage.feed_apply import apply_feed_page
from sync import trusted_pack_verifier

PACK = load_pack(template_path("ultrafeedback"))


def _change(seq: int, signature_toml: str) -> protocol.FeedChange:
    body = protocol.PackVersionBody(
        project_id="p",
        pack_id=PACK.id,
        version=PACK.version,
        sha256=PACK.sha256,
        canonical_b64=base64.b64encode(PACK.canonical_bytes()).decode(),
        signature_toml=signature_toml,
        published_by="lead",
        published_at="2026-11-26T00:00:00Z",
    )
    return protocol.FeedChange(
        server_seq=seq,
        type="pack_version",
        id=PACK.id,
        version=1,
        op="upsert",
        body=body.model_dump(),
    )


def test_only_packs_signed_by_a_trusted_lead_are_kept(store: Store) -> None:
    lead, stranger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    verify = trusted_pack_verifier([TrustedKey(lead.public_key())])
    before = len(list_pack_versions(store))
    for seq, signature in enumerate(("", sign_pack(PACK, stranger).to_toml()), start=1):
        result = apply_feed_page(store, [_change(seq, signature)], seq, verify_pack=verify)
        assert result.skipped == 1
        assert result.problems
    assert len(list_pack_versions(store)) == before
    signed = apply_feed_page(
        store, [_change(3, sign_pack(PACK, lead).to_toml())], 3, verify_pack=verify
    )
    assert signed.packs_added == [(PACK.id, PACK.version)]
