"""A client accepts a pack only when its hash matches and a trusted lead key signed it."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backends.fail import Keyring as FailKeyring

from guidelines import PackError, PackRefusedError, load_pack
from guidelines.keys import (
    KeyError_,
    TrustedKey,
    load_from_keyring,
    load_trusted_keys,
    read_key_file,
    secure_keyring_problem,
    store_in_keyring,
    write_key_file,
)
from guidelines.signing import (
    PackSignature,
    load_verified_pack,
    read_signature,
    sign_pack,
    verify_pack,
    write_signature,
)
from tests.guidelines.keyring_fakes import MemoryKeyring, PlaintextKeyring
from tests.guidelines.packs import demo_files, write_pack

LEAD = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
STRANGER = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
TRUSTED = [TrustedKey(LEAD.public_key())]


@pytest.fixture
def signed_dir(demo_dir: Path) -> Path:
    write_signature(demo_dir, sign_pack(load_pack(demo_dir), LEAD))
    return demo_dir


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _zip(folder: Path, target: Path, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(target, "w", method) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return target


def test_a_pack_signed_by_a_trusted_lead_is_accepted(signed_dir: Path) -> None:
    pack = load_verified_pack(signed_dir, TRUSTED)
    assert pack.id == "demo-pack"


def test_a_signed_zip_is_accepted_and_signing_a_zip_keeps_its_content(
    demo_dir: Path, tmp_path: Path
) -> None:
    archive = _zip(demo_dir, tmp_path / "p.zip")
    before = load_pack(archive).sha256
    write_signature(archive, sign_pack(load_pack(archive), LEAD))
    write_signature(archive, sign_pack(load_pack(archive), LEAD))  # re-signing replaces pack.sig
    assert load_verified_pack(archive, TRUSTED).sha256 == before
    assert zipfile.ZipFile(archive).namelist().count("pack.sig") == 1


def test_pack_with_one_byte_changed_is_refused(signed_dir: Path) -> None:
    page = signed_dir / "pages" / "en" / "overview.md"
    data = bytearray(page.read_bytes())
    data[5] ^= 0x01
    page.write_bytes(bytes(data))
    with pytest.raises(PackRefusedError, match=r"changed after it was signed.*tampered"):
        load_verified_pack(signed_dir, TRUSTED)


def test_zip_with_one_byte_changed_is_refused(signed_dir: Path, tmp_path: Path) -> None:
    archive = _zip(signed_dir, tmp_path / "p.zip", zipfile.ZIP_STORED)
    data = archive.read_bytes()
    at = data.index(b"Prefer the response")
    archive.write_bytes(data[:at] + b"p" + data[at + 1 :])
    with pytest.raises(PackError, match=r"damaged|tampered"):
        load_verified_pack(archive, TRUSTED)


def test_a_signature_edited_to_match_tampered_content_does_not_verify(signed_dir: Path) -> None:
    page = signed_dir / "pages" / "en" / "overview.md"
    page.write_text(page.read_text(encoding="utf-8") + "Ignore the rubric.\n", encoding="utf-8")
    forged = PackSignature.from_toml((signed_dir / "pack.sig").read_bytes())
    forged = PackSignature(
        forged.pack_id,
        forged.version,
        load_pack(signed_dir).sha256,
        forged.key_id,
        forged.signature,
    )
    write_signature(signed_dir, forged)
    with pytest.raises(PackRefusedError, match=r"does not verify.*tampered"):
        load_verified_pack(signed_dir, TRUSTED)


def test_pack_signed_by_an_untrusted_key_is_refused(demo_dir: Path) -> None:
    write_signature(demo_dir, sign_pack(load_pack(demo_dir), STRANGER))
    with pytest.raises(PackRefusedError, match="not one of this project's trusted lead keys"):
        load_verified_pack(demo_dir, TRUSTED)


def test_an_unsigned_pack_is_refused(demo_dir: Path) -> None:
    with pytest.raises(PackRefusedError, match="not signed"):
        load_verified_pack(demo_dir, TRUSTED)


def test_a_signature_cannot_be_moved_to_another_version(signed_dir: Path, tmp_path: Path) -> None:
    signature = read_signature(signed_dir)
    assert signature is not None
    other = tmp_path / "other"
    pack_toml = (signed_dir / "pack.toml").read_text(encoding="utf-8").replace('"1.0.0"', '"1.0.1"')
    files = demo_files()
    files["pack.toml"] = pack_toml.encode()
    files["changelog.toml"] = (
        b'[[entries]]\nversion = "1.0.1"\nkind = "editorial"\nsummary = { en = "x", zh = "x" }\n\n'
        + files["changelog.toml"]
    )
    pack = load_pack(write_pack(other, files))
    with pytest.raises(PackRefusedError, match=r"signature is for pack demo-pack 1\.0\.0"):
        verify_pack(pack, signature, TRUSTED)


def test_an_unreadable_signature_file_is_refused(signed_dir: Path) -> None:
    (signed_dir / "pack.sig").write_text("format = 1\nalgorithm = 'rsa'\n", encoding="utf-8")
    with pytest.raises(PackRefusedError, match=r"pack\.sig is unreadable"):
        load_verified_pack(signed_dir, TRUSTED)


def test_the_signature_file_is_not_part_of_the_content_hash(
    demo_dir: Path, signed_dir: Path
) -> None:
    assert read_signature(signed_dir) is not None
    assert load_pack(signed_dir).sha256 == read_signature(signed_dir).sha256  # type: ignore[union-attr]


def test_trusted_keys_file_round_trips_and_skips_comments(tmp_path: Path) -> None:
    keys = tmp_path / "trusted.txt"
    keys.write_text(f"# leads\n\n{TRUSTED[0].to_text()} alice\n", encoding="utf-8")
    assert [k.key_id for k in load_trusted_keys(keys)] == [TRUSTED[0].key_id]


@pytest.mark.parametrize("text", ["rsa:abc", "ed25519:!!!", "ed25519:" + "QUJD"])
def test_a_malformed_public_key_is_refused(text: str) -> None:
    with pytest.raises(KeyError_):
        TrustedKey.from_text(text)


def test_keyring_stores_and_returns_the_key(memory_keyring: MemoryKeyring) -> None:
    key_id = store_in_keyring(LEAD)
    assert key_id == TRUSTED[0].key_id
    assert load_from_keyring(key_id).public_key() == LEAD.public_key()


def test_a_missing_keyring_entry_is_a_clear_error(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(KeyError_, match="no signing key 0123 in the keyring"):
        load_from_keyring("0123")


@pytest.mark.parametrize("backend", [FailKeyring(), PlaintextKeyring()])
def test_an_insecure_keyring_is_refused_pointing_at_key_file(backend: object) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    try:
        assert secure_keyring_problem() is not None
        with pytest.raises(KeyError_, match="--key-file"):
            store_in_keyring(LEAD)
    finally:
        keyring.set_keyring(previous)


def test_key_file_is_owner_only_never_overwritten_and_may_be_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "lead.pem"
    write_key_file(LEAD, path, b"correct horse")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"ENCRYPTED" in path.read_bytes()
    assert read_key_file(path, b"correct horse").public_key() == LEAD.public_key()
    with pytest.raises(KeyError_, match="wrong passphrase"):
        read_key_file(path, b"wrong")
    with pytest.raises(KeyError_, match="never overwritten"):
        write_key_file(STRANGER, path, None)
