"""Signing a pack's content hash with the lead's key, and refusing packs that fail the check.

The signature covers a domain-separated message holding the pack id, version and sha256,
so a signature can neither be moved to another pack nor to another version of the same one.
It travels as ``pack.sig`` beside ``pack.toml`` and is not part of the content hash.
"""

from __future__ import annotations

import base64
import binascii
import shutil
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from guidelines import canonical
from guidelines.canonical import SIGNATURE_FILE
from guidelines.errors import PackRefusedError
from guidelines.keys import TrustedKey, key_id_of
from guidelines.pack import GuidelinePack, load_pack
from guidelines.tomlwrite import toml_document

DOMAIN = b"prefdesk guideline pack signature v1\n"
FORMAT = 1


def signed_message(pack_id: str, version: str, sha256: str) -> bytes:
    return DOMAIN + f"{pack_id}\n{version}\n{sha256}\n".encode()


@dataclass(frozen=True)
class PackSignature:
    """A lead's Ed25519 signature over one pack version's content hash."""

    pack_id: str
    version: str
    sha256: str
    key_id: str
    signature: bytes

    def to_toml(self) -> str:
        return toml_document(
            {
                "format": FORMAT,
                "algorithm": "ed25519",
                "pack_id": self.pack_id,
                "version": self.version,
                "sha256": self.sha256,
                "key_id": self.key_id,
                "signature": base64.b64encode(self.signature).decode("ascii"),
            }
        )

    @classmethod
    def from_toml(cls, data: bytes) -> PackSignature:
        try:
            table = tomllib.loads(data.decode("utf-8"))
            if table.get("format") != FORMAT or table.get("algorithm") != "ed25519":
                raise ValueError("unsupported signature format or algorithm")
            return cls(
                pack_id=str(table["pack_id"]),
                version=str(table["version"]),
                sha256=str(table["sha256"]),
                key_id=str(table["key_id"]),
                signature=base64.b64decode(str(table["signature"]), validate=True),
            )
        except (ValueError, KeyError, tomllib.TOMLDecodeError, binascii.Error) as exc:
            raise PackRefusedError(f"{SIGNATURE_FILE} is unreadable ({exc}); refused") from exc


def sign_pack(pack: GuidelinePack, private_key: Ed25519PrivateKey) -> PackSignature:
    message = signed_message(pack.id, pack.version, pack.sha256)
    return PackSignature(
        pack.id,
        pack.version,
        pack.sha256,
        key_id_of(private_key.public_key()),
        private_key.sign(message),
    )


def verify_pack(
    pack: GuidelinePack, signature: PackSignature | None, trusted_keys: Iterable[TrustedKey]
) -> None:
    """Return quietly only if ``pack`` is exactly what a trusted lead signed; else refuse."""
    name = f"pack {pack.id} {pack.version}"
    if signature is None:
        raise PackRefusedError(
            f"{name} is not signed; only packs signed by a project lead are accepted"
        )
    if (signature.pack_id, signature.version) != (pack.id, pack.version):
        raise PackRefusedError(
            f"the signature is for pack {signature.pack_id} {signature.version}, "
            f"not {name}; refused"
        )
    if signature.sha256 != pack.sha256:
        raise PackRefusedError(
            f"{name} was changed after it was signed: its content hash is {pack.sha256}, the "
            f"signature covers {signature.sha256}; the pack was tampered with and is refused"
        )
    trusted = {key.key_id: key for key in trusted_keys}
    key = trusted.get(signature.key_id)
    if key is None:
        raise PackRefusedError(
            f"{name} is signed by key {signature.key_id}, which is not one of this project's "
            "trusted lead keys; refused"
        )
    try:
        key.public_key.verify(
            signature.signature, signed_message(pack.id, pack.version, pack.sha256)
        )
    except InvalidSignature as exc:
        raise PackRefusedError(
            f"the signature of {name} does not verify with lead key {key.key_id}: the pack or its "
            "signature was tampered with; refused"
        ) from exc


def read_signature(path: Path) -> PackSignature | None:
    """The ``pack.sig`` of a pack folder or zip, or None when it is unsigned."""
    _, raw = canonical.read_files(path)
    return None if raw is None else PackSignature.from_toml(raw)


def load_verified_pack(path: Path, trusted_keys: Iterable[TrustedKey]) -> GuidelinePack:
    """What a client calls: the pack, only if its hash matches and a trusted lead signed it."""
    pack = load_pack(path)
    verify_pack(pack, read_signature(path), trusted_keys)
    return pack


def write_signature(path: Path, signature: PackSignature) -> None:
    """Put ``pack.sig`` into a pack folder, or into a zip (rewritten, replacing an old one)."""
    text = signature.to_toml().encode("utf-8")
    if path.is_dir():
        (path / SIGNATURE_FILE).write_bytes(text)
        return
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".zip", delete=False) as tmp:
        temp = Path(tmp.name)
    try:
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as new:
            top = _zip_top(old)
            for info in old.infolist():
                if info.filename != top + SIGNATURE_FILE:
                    new.writestr(info, old.read(info))
            new.writestr(top + SIGNATURE_FILE, text)
        shutil.move(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _zip_top(archive: zipfile.ZipFile) -> str:
    names = archive.namelist()
    if "pack.toml" in names:
        return ""
    tops = [n for n in names if n.endswith("/pack.toml") and n.count("/") == 1]
    return tops[0][: -len("pack.toml")] if tops else ""
