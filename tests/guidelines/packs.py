"""A small two-language pack written into a temp folder, with knobs to break it on purpose."""

from __future__ import annotations

from pathlib import Path

PACK_TOML = """\
format = 1
id = "demo-pack"
version = "1.0.0"
title = { en = "Demo guidelines", zh = "示例规范" }
languages = ["en", "zh"]
min_app_version = "0.1.0"
project = "demo-project"
pages = ["overview"]
"""

RUBRIC_TOML = """\
[[questions]]
id = "preference"
kind = "pairwise"
label = { en = "Which response is better?", zh = "哪个回复更好？" }
required = true
allow_tie = true

[[questions.strength]]
id = "much_better"
label = { en = "Much better", zh = "好很多" }

[[questions.strength]]
id = "better"
label = { en = "Better", zh = "更好" }

[[questions]]
id = "safety"
kind = "flags"
applies = "response"
label = { en = "Safety flags", zh = "安全标记" }

[[questions.options]]
id = "unsafe"
label = { en = "Unsafe", zh = "不安全" }

[[questions.options]]
id = "pii"
label = { en = "Contains PII", zh = "含个人信息" }

[[questions]]
id = "helpfulness"
kind = "rating"
dimension = "helpfulness"
applies = "response"
required = true
label = { en = "Helpfulness", zh = "有用性" }
points = [
  { value = 1, label = { en = "Not helpful", zh = "没有帮助" } },
  { value = 2, label = { en = "Somewhat", zh = "有些帮助" } },
  { value = 3, label = { en = "Very helpful", zh = "很有帮助" } },
]

[[questions]]
id = "rationale"
kind = "text"
min_length = 10
label = { en = "Why?", zh = "理由" }

[[rules]]
id = "rationale_when_much_better"
kind = "required_if"
question = "rationale"
when = { question = "preference", strength_in = ["much_better"] }
message = { en = "explain a strong preference", zh = "强烈偏好需要说明理由" }

[[rules]]
id = "unsafe_cannot_win"
kind = "forbid"
question = "preference"
for_each_response = true
message = { en = "an unsafe response cannot be preferred.", zh = "不安全的回复不能被选为更好。" }

[[rules.when.all]]
question = "safety"
has = "unsafe"

[[rules.when.all]]
question = "preference"
winner_in = ["this"]
"""

CHANGELOG_TOML = """\
[[entries]]
version = "1.0.0"
date = "2024-05-01"
kind = "semantic"
questions = ["preference", "safety", "helpfulness", "rationale"]
summary = { en = "First version.", zh = "第一版。" }
"""

OVERVIEW_EN = "# Overview\n\nPrefer the response that helps.\n\n![scale](../../assets/scale.png)\n"
OVERVIEW_ZH = "# 概述\n\n选择更有帮助的回复。\n\n![量表](../../assets/scale.png)\n"

EXAMPLE_TOML = """\
title = { en = "A clear win", zh = "明显更好" }
why = { en = "A answers the question.", zh = "A 回答了问题。" }

[[prompt]]
role = "user"
content = "What is 2 + 2?"

[[responses]]
id = "a"
text = "4"

[[responses]]
id = "b"
text = "5"

[answers]
preference = { winner = "a", strength = "better" }
helpfulness = { a = 3, b = 1 }
"""

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def demo_files() -> dict[str, bytes]:
    return {
        "pack.toml": PACK_TOML.encode(),
        "rubric.toml": RUBRIC_TOML.encode(),
        "changelog.toml": CHANGELOG_TOML.encode(),
        "pages/en/overview.md": OVERVIEW_EN.encode(),
        "pages/zh/overview.md": OVERVIEW_ZH.encode(),
        "assets/scale.png": PNG,
        "examples/clear-win.toml": EXAMPLE_TOML.encode(),
    }


def write_pack(root: Path, files: dict[str, bytes] | None = None, **replace: str) -> Path:
    """Write the demo pack (or ``files``) to ``root``; ``replace`` swaps whole text files by
    a key like ``rubric_toml="..."`` (dots and slashes spelled as ``_``)."""
    content = dict(demo_files() if files is None else files)
    for key, text in replace.items():
        path = next(p for p in content if p.replace(".", "_").replace("/", "_") == key)
        content[path] = text.encode()
    for path, data in content.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def next_version(
    version: str,
    kind: str,
    *,
    rubric: dict[str, str] | None = None,
    questions: tuple[str, ...] = (),
    extra_entry: str = "",
    re_review: str = "none",
) -> dict[str, bytes]:
    """The demo pack at ``version``: ``rubric`` replaces texts in rubric.toml (and the example),
    and the changelog gains an entry of ``kind`` touching ``questions``."""
    files = demo_files()
    text = files["rubric.toml"].decode()
    example = files["examples/clear-win.toml"].decode()
    for old, new in (rubric or {}).items():
        assert old in text, old
        text = text.replace(old, new)
        example = example.replace(old, new)
    files["rubric.toml"] = text.encode()
    files["examples/clear-win.toml"] = example.encode()
    files["pack.toml"] = files["pack.toml"].replace(b'"1.0.0"', f'"{version}"'.encode())
    listed = ", ".join(f'"{q}"' for q in questions)
    entry = (
        f'[[entries]]\nversion = "{version}"\nkind = "{kind}"\nquestions = [{listed}]\n'
        f're_review = "{re_review}"\n'
        f'summary = {{ en = "Changed.", zh = "已修改。" }}\n{extra_entry}\n'
    )
    files["changelog.toml"] = entry.encode() + files["changelog.toml"]
    return files
