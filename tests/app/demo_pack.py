"""Version 2.0.0 of the demo guideline pack, written on the fly, signed by a test lead key.

It renames the ``verbose`` problem flag to ``too_long`` (a draft's flag moves with it) and
turns helpfulness into a 1–7 scale (a draft's rating must be given again).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.pack_catalog import DEMO_PACK
from app.pack_updates import TRUSTED_KEYS_FILE
from guidelines import load_pack
from guidelines.keys import TrustedKey
from guidelines.signing import sign_pack, write_signature

V2_ENTRY = """
[[entries]]
version = "2.0.0"
date = "2026-11-27"
kind = "semantic"
questions = ["helpfulness"]
re_review = "flag"
summary.en = "Helpfulness is rated 1–7; “Needlessly long” is now “Too long”."
summary.zh = "有用性改为 1–7 分；“冗长”改为“过长”。"
[entries.renamed_options]
issues = { verbose = "too_long" }
"""

SEVEN_POINTS = """points = [
  { value = 1, label = { en = "Useless", zh = "无用" } },
  { value = 2, label = { en = "Very weak", zh = "很弱" } },
  { value = 3, label = { en = "Weak", zh = "较弱" } },
  { value = 4, label = { en = "Adequate", zh = "尚可" } },
  { value = 5, label = { en = "Good", zh = "好" } },
  { value = 6, label = { en = "Very good", zh = "很好" } },
  { value = 7, label = { en = "Excellent", zh = "极好" } },
]"""


def write_demo_v2(folder: Path) -> Path:
    shutil.copytree(DEMO_PACK, folder)
    manifest = folder / "pack.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('version = "1.0.0"', 'version = "2.0.0"'),
        encoding="utf-8",
    )
    rubric = folder / "rubric.toml"
    text = rubric.read_text(encoding="utf-8")
    start = text.index("points = [")
    end = text.index("]", text.index("{ value = 5")) + 1
    text = text[:start] + SEVEN_POINTS + text[end:]
    text = text.replace('id = "verbose"', 'id = "too_long"').replace(
        'en = "Needlessly long", zh = "冗长"', 'en = "Too long", zh = "过长"'
    )
    rubric.write_text(text, encoding="utf-8")
    changelog = folder / "changelog.toml"
    changelog.write_text(changelog.read_text(encoding="utf-8") + V2_ENTRY, encoding="utf-8")
    return folder


def sign_and_trust(pack_dir: Path, profile: Path) -> None:
    """Sign ``pack_dir`` with a fresh lead key and make ``profile`` trust that key."""
    key = Ed25519PrivateKey.generate()
    write_signature(pack_dir, sign_pack(load_pack(pack_dir), key))
    profile.mkdir(parents=True, exist_ok=True)
    (profile / TRUSTED_KEYS_FILE).write_text(
        TrustedKey(key.public_key()).to_text() + "\n", encoding="utf-8"
    )
