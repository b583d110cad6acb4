"""prefdesk-pack, run in-process: exit status, messages and machine-readable output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from guidelines.cli import main
from guidelines.keys import KEYRING_SERVICE
from tests.guidelines.keyring_fakes import MemoryKeyring
from tests.guidelines.packs import next_version, write_pack


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_validate_ok_exits_zero(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(demo_dir)]) == 0
    assert "OK: demo-pack 1.0.0 sha256" in capsys.readouterr().out


def test_validate_reports_file_line_and_key_and_exits_one(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rubric = demo_dir / "rubric.toml"
    rubric.write_text(
        rubric.read_text(encoding="utf-8").replace('kind = "text"', 'kind = "essay"'),
        encoding="utf-8",
    )
    assert main(["validate", str(demo_dir)]) == 1
    out = capsys.readouterr().out
    assert "rubric.toml:45 [questions[3].kind]: unknown question kind 'essay'" in out


def test_validate_json_is_machine_readable(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_dir / "pages" / "zh" / "overview.md").unlink()
    assert main(["validate", str(demo_dir), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["problems"] == [
        {
            "file": "pack.toml",
            "line": 8,
            "key": "pages[0]",
            "code": "missing-translation",
            "severity": "error",
            "message": "page 'overview' has no 'zh' version: expected pages/zh/overview.md",
        }
    ]


def test_validate_with_previous_catches_a_semantic_change_declared_editorial(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    four = {
        '  { value = 3, label = { en = "Very helpful", zh = "很有帮助" } },\n': (
            '  { value = 3, label = { en = "Very helpful", zh = "很有帮助" } },\n'
            '  { value = 4, label = { en = "Perfect", zh = "完美" } },\n'
        )
    }
    new = write_pack(
        tmp_path / "new",
        next_version("1.0.1", "editorial", rubric=four, questions=("helpfulness",)),
    )
    assert main(["validate", str(new)]) == 0
    capsys.readouterr()
    assert main(["validate", str(new), "--previous", str(demo_dir), "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [p["code"] for p in problems] == ["undeclared-change"]
    assert "declare it semantic" in problems[0]["message"]


def test_diff_writes_text_json_and_html(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = write_pack(tmp_path / "new", next_version("1.0.1", "editorial"))
    assert main(["diff", str(demo_dir), str(new)]) == 0
    assert "demo-pack: 1.0.0 → 1.0.1" in capsys.readouterr().out
    assert main(["diff", str(demo_dir), str(new), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_version"] == "1.0.1"
    html = tmp_path / "diff.html"
    assert (
        main(["diff", str(demo_dir), str(new), "--format", "html", "--lang", "zh", "-o", str(html)])
        == 0
    )
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_keygen_keeps_the_private_key_out_of_the_output(
    memory_keyring: MemoryKeyring,
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    public = tmp_path / "lead.pub"
    assert main(["keygen", "--public-out", str(public)]) == 0
    out = capsys.readouterr()
    ((service, key_id), secret) = next(iter(memory_keyring.secrets.items()))
    assert service == KEYRING_SERVICE
    assert secret not in out.out + out.err
    assert f"Key id: {key_id}" in out.out
    assert main(["sign", str(demo_dir), "--key", key_id]) == 0
    assert secret not in capsys.readouterr().out
    assert main(["verify", str(demo_dir), "--trusted", str(public)]) == 0
    assert "signed by a trusted lead" in capsys.readouterr().out


def test_keygen_without_a_secure_keyring_refuses_and_names_key_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        assert main(["keygen"]) == 1
    finally:
        keyring.set_keyring(previous)
    assert "--key-file" in capsys.readouterr().err


def test_key_file_signing_and_a_tampered_pack_is_refused(
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEAD_PASS", "s3cret")
    key = tmp_path / "lead.pem"
    public = tmp_path / "lead.pub"
    assert (
        main(
            [
                "keygen",
                "--key-file",
                str(key),
                "--passphrase-env",
                "LEAD_PASS",
                "--public-out",
                str(public),
            ]
        )
        == 0
    )
    assert (
        main(["sign", str(demo_dir), "--key-file", str(key), "--passphrase-env", "LEAD_PASS"]) == 0
    )
    capsys.readouterr()
    page = demo_dir / "pages" / "en" / "overview.md"
    page.write_bytes(page.read_bytes().replace(b"helps", b"hurts"))
    assert main(["verify", str(demo_dir), "--trusted", str(public), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert "tampered" in result["error"]


def test_sign_refuses_an_invalid_pack(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_dir / "changelog.toml").unlink()
    assert main(["sign", str(demo_dir), "--key-file", str(tmp_path / "none.pem")]) == 1
    assert "fix them before signing" in capsys.readouterr().err


def test_init_copies_a_template_with_a_new_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine"
    assert (
        main(["init", str(target), "--template", "llama2", "--id", "acme-ab", "--project", "acme"])
        == 0
    )
    capsys.readouterr()
    assert main(["validate", str(target), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pack"]["id"] == "acme-ab"
    assert main(["init", str(target)]) == 1


def test_init_list_names_every_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("instructgpt", "llama2", "helpsteer2", "ultrafeedback", "arena", "oasst-ranking"):
        assert name in out


def test_preview_renders_static_html_per_language(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    assert main(["preview", str(demo_dir), "-o", str(out)]) == 0
    zh = (out / "index.zh.html").read_text(encoding="utf-8")
    assert "选择更有帮助的回复。" in zh
    assert 'src="data:image/png;base64,' in zh
    assert (out / "index.html").read_text(encoding="utf-8") == (out / "index.en.html").read_text(
        encoding="utf-8"
    )


def test_a_missing_pack_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(tmp_path / "a"), str(tmp_path / "b")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_publish_refuses_an_unsigned_pack_before_asking_the_server(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_dir / "pack.sig").unlink(missing_ok=True)
    monkeypatch.setenv("PREFDESK_TOKEN", "pdt_x_y")
    code = main(["publish", str(demo_dir), "--server", "http://127.0.0.1:9", "--project", "p"])
    assert code == 1
    assert "is not signed; run prefdesk-pack sign first" in capsys.readouterr().err


def test_publish_names_an_unreachable_server(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = demo_dir.parent / "lead.key"
    assert main(["keygen", "--key-file", str(key_file)]) == 0
    assert main(["sign", str(demo_dir), "--key-file", str(key_file)]) == 0
    monkeypatch.setenv("PREFDESK_TOKEN", "pdt_x_y")
    code = main(["publish", str(demo_dir), "--server", "http://127.0.0.1:9", "--project", "p"])
    assert code == 1
    err = capsys.readouterr().err
    assert "could not reach http://127.0.0.1:9" in err
    assert "pdt_x_y" not in err


def test_preview_escapes_html_and_drops_unsafe_links(demo_dir: Path, tmp_path: Path) -> None:
    page = demo_dir / "pages" / "en" / "overview.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n<script>alert(1)</script> [click](javascript:alert(1)) [docs](https://example.org)\n",
        encoding="utf-8",
    )
    out = tmp_path / "preview"
    assert main(["preview", str(demo_dir), "-o", str(out)]) == 0
    html = (out / "index.en.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://example.org">docs</a>' in html
