"""Loading a pack from a folder, a zip or canonical bytes gives one pack with one hash."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from guidelines import (
    PackFormatError,
    PackInvalidError,
    load_pack,
    pack_from_canonical,
)
from guidelines.canonical import decode, encode
from tests.guidelines.packs import demo_files, write_pack


def _zip(folder: Path, target: Path, *, top: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, top + path.relative_to(folder).as_posix())
    return target


def test_pack_exposes_identity_rubric_pages_changelog_and_examples(demo_dir: Path) -> None:
    pack = load_pack(demo_dir)
    assert (pack.id, pack.version) == ("demo-pack", "1.0.0")
    assert pack.rubric.ids == ("preference", "safety", "helpfulness", "rationale")
    assert [(p.name, p.lang, p.title) for p in pack.pages] == [
        ("overview", "en", "Overview"),
        ("overview", "zh", "概述"),
    ]
    assert pack.changelog[0].version == "1.0.0"
    assert pack.examples[0].name == "clear-win"
    assert pack.assets == {"assets/scale.png": demo_files()["assets/scale.png"]}
    assert len(pack.sha256) == 64


def test_zip_and_folder_give_the_same_hash(demo_dir: Path, tmp_path: Path) -> None:
    folder = load_pack(demo_dir)
    flat = load_pack(_zip(demo_dir, tmp_path / "flat.zip"))
    nested = load_pack(_zip(demo_dir, tmp_path / "nested.zip", top="demo-pack-1.0.0/"))
    assert folder.sha256 == flat.sha256 == nested.sha256


def test_line_endings_and_bom_do_not_change_the_hash(demo_dir: Path, tmp_path: Path) -> None:
    crlf = {
        path: (b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
        if path.endswith(".md")
        else data.replace(b"\n", b"\r\n")
        if path.endswith(".toml")
        else data
        for path, data in demo_files().items()
    }
    windows = load_pack(write_pack(tmp_path / "crlf", crlf))
    assert windows.sha256 == load_pack(demo_dir).sha256


def test_junk_files_from_desktops_are_ignored(demo_dir: Path) -> None:
    before = load_pack(demo_dir).sha256
    (demo_dir / ".DS_Store").write_bytes(b"\0\1")
    (demo_dir / "pages" / "Thumbs.db").write_bytes(b"\0")
    assert load_pack(demo_dir).sha256 == before


def test_a_changed_page_changes_the_hash(demo_dir: Path) -> None:
    before = load_pack(demo_dir).sha256
    page = demo_dir / "pages" / "en" / "overview.md"
    page.write_text(page.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    assert load_pack(demo_dir).sha256 != before


def test_canonical_bytes_rebuild_the_identical_pack(demo_dir: Path) -> None:
    pack = load_pack(demo_dir)
    again = pack_from_canonical(pack.canonical_bytes())
    assert again.sha256 == pack.sha256
    assert again.rubric == pack.rubric
    assert again.pages == pack.pages
    assert again.canonical_bytes() == pack.canonical_bytes()


@pytest.mark.parametrize(
    ("mangle", "why"),
    [
        (lambda b: b.replace(b"PREFDESK", b"PREFDISK", 1), "bad header"),
        (lambda b: b[:-1], "broken entry"),
        (lambda b: b.replace(b"# Overview", b"# Overview\r"), "not normalised"),
    ],
)
def test_bytes_that_are_not_exactly_canonical_are_refused(demo_dir: Path, mangle, why: str) -> None:  # type: ignore[no-untyped-def]
    data = load_pack(demo_dir).canonical_bytes()
    with pytest.raises(PackFormatError, match=why):
        pack_from_canonical(mangle(data))


def test_canonical_entries_out_of_order_are_refused() -> None:
    data = encode({"b.md": b"x", "a.md": b"y"})
    swapped = data.replace(b"a.md\n1\ny\n", b"").replace(
        b"b.md\n1\nx\n", b"b.md\n1\nx\na.md\n1\ny\n"
    )
    with pytest.raises(PackFormatError, match="canonical order"):
        decode(swapped)


def test_a_missing_folder_is_a_clear_format_error(tmp_path: Path) -> None:
    with pytest.raises(PackFormatError, match="does not exist"):
        load_pack(tmp_path / "nowhere")


def test_a_folder_without_pack_toml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    with pytest.raises(PackFormatError, match=r"no pack\.toml"):
        load_pack(tmp_path / "x")


def test_a_damaged_zip_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    archive = _zip(demo_dir, tmp_path / "p.zip")
    data = bytearray(archive.read_bytes())
    data[40] ^= 0xFF  # inside the first member's compressed data
    archive.write_bytes(bytes(data))
    with pytest.raises((PackFormatError, PackInvalidError)):
        load_pack(archive)


def test_a_zip_with_a_path_outside_the_pack_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    archive = _zip(demo_dir, tmp_path / "evil.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("../outside.md", "x")
    with pytest.raises(PackFormatError, match="outside the pack"):
        load_pack(archive)


def test_a_symlink_in_a_pack_folder_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("secret", encoding="utf-8")
    (demo_dir / "assets" / "link.png").symlink_to(secret)
    with pytest.raises(PackFormatError, match="symbolic link"):
        load_pack(demo_dir)


def test_non_utf8_text_is_refused_naming_the_file(demo_dir: Path) -> None:
    (demo_dir / "pages" / "en" / "overview.md").write_bytes("Über".encode("latin-1"))
    with pytest.raises(PackFormatError, match=r"overview\.md.*not UTF-8"):
        load_pack(demo_dir)


def test_an_invalid_pack_raises_with_every_problem(demo_dir: Path) -> None:
    (demo_dir / "rubric.toml").write_text("questions = 3\n", encoding="utf-8")
    with pytest.raises(PackInvalidError) as caught:
        load_pack(demo_dir)
    assert caught.value.problems[0].file == "rubric.toml"
    assert "array of tables" in str(caught.value)


def test_is_usable_by_compares_the_minimum_app_version(demo_dir: Path) -> None:
    pack = load_pack(demo_dir)
    assert pack.is_usable_by("0.1.0")
    assert pack.is_usable_by("0.10.0")
    assert not pack.is_usable_by("0.0.9")
