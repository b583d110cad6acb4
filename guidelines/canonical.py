"""The canonical form of a pack's content, and reading a pack's files from a folder or zip.

The content hash must not depend on how the pack travelled: folder or zip, Windows or Unix
line endings, a BOM added by an editor, NFD file names from macOS. So text files are
normalised (UTF-8, no BOM, LF) and paths NFC, and the canonical bytes are a simple
length-prefixed container of the files sorted by path:

    PREFDESK-GUIDELINE-PACK 1\n
    <path>\n<size in bytes>\n<bytes>\n     (once per file)

There is exactly one canonical spelling of a given content, which ``decode`` enforces, so
``sha256(canonical bytes)`` identifies the content.
"""

from __future__ import annotations

import hashlib
import stat
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path

from guidelines.errors import PackFormatError, PackProblem

MAGIC = b"PREFDESK-GUIDELINE-PACK 1\n"
SIGNATURE_FILE = "pack.sig"
TEXT_SUFFIXES = (".md", ".toml", ".svg", ".txt")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
#: Files some systems add to folders and archives; they are never part of the content.
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
MAX_FILES = 2000
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refuse(origin: str, code: str, message: str) -> PackFormatError:
    return PackFormatError(PackProblem(origin, code, message))


def normalise_path(raw: str, origin: str) -> str | None:
    """The canonical form of a path inside a pack, None for junk; refuses unsafe paths."""
    path = unicodedata.normalize("NFC", raw.replace("\\", "/"))
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if path.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
        raise _refuse(origin, "unsafe-path", f"'{raw}' points outside the pack; refused")
    if not parts or parts[-1] in JUNK_NAMES or any(p.startswith(".") for p in parts):
        return None
    if parts[0] == "__MACOSX":
        return None
    return "/".join(parts)


def normalise_content(path: str, data: bytes, origin: str) -> bytes:
    """Text files become UTF-8 without BOM with LF line ends; other files stay as they are."""
    if not path.lower().endswith(TEXT_SUFFIXES):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(
            f"{origin}/{path}", "not-utf8", f"not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def encode(files: Mapping[str, bytes]) -> bytes:
    """The canonical bytes of normalised ``files``."""
    out = [MAGIC]
    for path in sorted(files, key=lambda p: p.encode("utf-8")):
        data = files[path]
        out.append(f"{path}\n{len(data)}\n".encode())
        out.append(data)
        out.append(b"\n")
    return b"".join(out)


def decode(data: bytes, origin: str = "canonical pack") -> dict[str, bytes]:
    """The files of canonical bytes; refuses anything that is not exactly canonical."""
    if not data.startswith(MAGIC):
        raise _refuse(origin, "not-canonical", "not a canonical guideline pack (bad header)")
    files: dict[str, bytes] = {}
    pos = len(MAGIC)
    previous: bytes | None = None
    while pos < len(data):
        try:
            path_end = data.index(b"\n", pos)
            size_end = data.index(b"\n", path_end + 1)
            raw_path = data[pos:path_end]
            size_text = data[path_end + 1 : size_end].decode("ascii")
            size = int(size_text)
            path = raw_path.decode("utf-8")
        except ValueError as exc:
            raise _refuse(origin, "not-canonical", f"broken entry at byte {pos}") from exc
        start, end = size_end + 1, size_end + 1 + size
        if size_text != str(size) or data[end : end + 1] != b"\n":
            raise _refuse(origin, "not-canonical", f"broken entry at byte {pos}")
        if previous is not None and raw_path <= previous:
            raise _refuse(origin, "not-canonical", "entries are not in canonical order")
        if normalise_path(path, origin) != path:
            raise _refuse(origin, "not-canonical", f"entry path '{path}' is not canonical")
        content = data[start:end]
        if normalise_content(path, content, origin) != content:
            raise _refuse(origin, "not-canonical", f"entry '{path}' is not normalised")
        files[path] = content
        previous = raw_path
        pos = end + 1
    return files


def read_files(path: Path) -> tuple[dict[str, bytes], bytes | None]:
    """The normalised files of a pack folder or .zip, and its ``pack.sig`` if present."""
    origin = path.name or str(path)
    if path.is_dir():
        raw = _read_folder(path, origin)
    elif path.is_file() and zipfile.is_zipfile(path):
        raw = _read_zip(path, origin)
    elif path.exists():
        raise _refuse(origin, "not-a-pack", "not a folder or a .zip file")
    else:
        raise _refuse(origin, "not-found", f"{path} does not exist")
    signature = raw.pop(SIGNATURE_FILE, None)
    files = {p: normalise_content(p, data, origin) for p, data in raw.items()}
    if "pack.toml" not in files:
        raise _refuse(origin, "no-manifest", "no pack.toml at the top of the pack")
    return files, signature


def _add(files: dict[str, bytes], path: str, data: bytes, origin: str) -> None:
    if any(p.lower() == path.lower() for p in files):
        raise _refuse(
            origin, "duplicate-path", f"'{path}' appears twice (names differ only in case?)"
        )
    if len(files) >= MAX_FILES:
        raise _refuse(origin, "too-large", f"more than {MAX_FILES} files")
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(origin, "too-large", f"'{path}' is larger than {MAX_FILE_BYTES} bytes")
    files[path] = data


def _read_folder(root: Path, origin: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    total = 0
    for entry in sorted(root.rglob("*")):
        rel = entry.relative_to(root).as_posix()
        mode = entry.lstat().st_mode
        if stat.S_ISLNK(mode):
            # A signed pack must not be able to pull in files from elsewhere on the disk.
            raise _refuse(origin, "unsafe-path", f"'{rel}' is a symbolic link; refused")
        if not stat.S_ISREG(mode):
            continue
        path = normalise_path(rel, origin)
        if path is None:
            continue
        data = entry.read_bytes()
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise _refuse(origin, "too-large", f"pack is larger than {MAX_TOTAL_BYTES} bytes")
        _add(files, path, data, origin)
    return files


def _read_zip(archive: Path, origin: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
                raise _refuse(origin, "too-large", f"pack is larger than {MAX_TOTAL_BYTES} bytes")
            names = [normalise_path(i.filename, origin) for i in infos]
            prefix = _common_root(names)
            for info, name in zip(infos, names, strict=True):
                if name is None:
                    continue
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    raise _refuse(origin, "unsafe-path", f"'{info.filename}' is a symbolic link")
                _add(files, name[len(prefix) :], zf.read(info), origin)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise _refuse(origin, "bad-zip", f"the zip file is damaged: {exc}") from exc
    return files


def _common_root(names: list[str | None]) -> str:
    """``"folder/"`` when every file sits in one top folder holding pack.toml (a zipped folder)."""
    real = [n for n in names if n is not None]
    if not real or "pack.toml" in real:
        return ""
    top = real[0].split("/")[0]
    if all(n.startswith(top + "/") for n in real) and f"{top}/pack.toml" in real:
        return top + "/"
    return ""
