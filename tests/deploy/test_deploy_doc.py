"""docs/deploy.md is what packaging/server/deploy_check.py runs, and the run passes.

The fast tests need no database: the doc marks exactly the steps the script expects, the
script refuses a doc that does not, every ``prefdesk-server`` command in the steps parses,
and the systemd unit and the container file run the doc's command. The end-to-end test
runs the script against PostgreSQL when ``PREFDESK_TEST_DATABASE_URL`` is set.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from protocol import MAX_REQUEST_BYTES
from server.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "deploy.md"
SCRIPT = REPO / "packaging" / "server" / "deploy_check.py"
UNIT = REPO / "packaging" / "server" / "prefdesk-server.service"
CONTAINERFILE = REPO / "packaging" / "server" / "Containerfile"
PG_ENV = "PREFDESK_TEST_DATABASE_URL"

#: Sample values for the doc's variables, so its commands can be parsed without running.
SAMPLE_ENV = {
    "PREFDESK_HOST": "127.0.0.1",
    "PREFDESK_PORT": "8750",
    "PREFDESK_WORKERS": "2",
    "RESTORE_URL": "postgresql://prefdesk@db.internal:5432/prefdesk_restore",
}


def _load_script() -> ModuleType:
    """The script as a module: it is run as a path (``packaging`` is a PyPI name too)."""
    spec = importlib.util.spec_from_file_location("deploy_check", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["deploy_check"] = module
    spec.loader.exec_module(module)
    return module


deploy_check = _load_script()


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _step(name: str, body: str, lang: str = "sh", kind: str = "step") -> str:
    return f"```{lang} deploy-{kind}:{name}\n{body}\n```\n"


def _all_steps(**replace: str) -> str:
    return "".join(_step(name, replace.get(name, f"echo {name}")) for name in deploy_check.STEPS)


# -- the doc and the script agree -------------------------------------------------------------


def test_the_doc_marks_every_step_the_script_runs_and_the_nginx_site() -> None:
    blocks = deploy_check.read_doc(_doc())
    assert list(blocks.steps) == list(deploy_check.STEPS)  # in the order a deployment runs
    assert set(blocks.configs) == {"nginx"}
    for body in blocks.steps.values():
        assert body.strip() in _doc()  # verbatim: what runs is what the reader sees


def test_every_prefdesk_server_command_in_the_steps_parses() -> None:
    blocks = deploy_check.read_doc(_doc())
    parser = build_parser()
    seen = 0
    for name, body in blocks.steps.items():
        for command in deploy_check._joined(body):
            inner = re.findall(r"\$\((prefdesk-server [^)]*)\)", command)
            for text in [command, *inner]:
                if not text.startswith("prefdesk-server "):
                    continue
                words = shlex.split(_expand(text))[1:]
                try:
                    parser.parse_args(words)
                except SystemExit:
                    pytest.fail(f"step {name}: {text!r} does not parse")
                seen += 1
    assert seen >= 12


def _expand(text: str) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: SAMPLE_ENV.get(m[1], m[0]), text)


def test_the_proxy_lets_the_server_answer_an_oversized_body_itself() -> None:
    config = deploy_check.read_doc(_doc()).configs["nginx"]
    size = re.search(r"client_max_body_size\s+(\d+)m;", config)
    assert size is not None
    assert int(size[1]) * 1024 * 1024 > MAX_REQUEST_BYTES
    assert "gzip off;" in config


def test_the_nginx_site_gets_this_runs_upstreams_port_certificate_and_logs() -> None:
    config = deploy_check.read_doc(_doc()).configs["nginx"]
    site = deploy_check.nginx_site(
        config, ["127.0.0.1:1001", "127.0.0.1:1002"], 4443, Path("/t/tls"), Path("/t/logs")
    )
    assert "server 127.0.0.1:1001 " in site
    assert "server 127.0.0.1:1002 " in site
    assert "listen 127.0.0.1:4443 ssl;" in site
    assert "/t/tls/fullchain.pem" in site
    assert "/t/logs/prefdesk.access.log" in site
    assert "10.0.0." not in site
    assert "/etc/ssl" not in site
    assert "/var/log" not in site
    with pytest.raises(deploy_check.DocError, match="listen 443 ssl"):
        deploy_check.nginx_site(
            config.replace("listen 443 ssl;", "listen 8443;"), [], 1, *2 * [Path()]
        )


def test_the_systemd_unit_and_the_container_run_the_docs_serve_command() -> None:
    serve = shlex.split(deploy_check.read_doc(_doc()).steps["serve"])
    unit = UNIT.read_text(encoding="utf-8")
    exec_start = re.search(r"^ExecStart=(.+)$", unit, re.M)
    assert exec_start is not None
    words = shlex.split(re.sub(r"\$\{(\w+)\}", r"$\1", exec_start[1]))
    assert Path(words[0]).name == "prefdesk-server"
    assert words[1:] == [w.replace('"', "") for w in serve[1:]]
    for setting in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
        assert setting in unit
    assert "Restart=on-failure" in unit
    assert "EnvironmentFile=/etc/prefdesk/server.env" in unit
    assert re.search(r"^User=prefdesk$", unit, re.M)

    container = CONTAINERFILE.read_text(encoding="utf-8")
    cmd = re.search(r"^CMD (\[.*\])$", container, re.M)
    assert cmd is not None
    assert json.loads(cmd[1])[:2] == ["prefdesk-server", "serve"]
    assert "--workers" in json.loads(cmd[1])
    assert "/v1/meta" in container.split("HEALTHCHECK", 1)[1].split("\n\n")[0]
    assert re.search(r"^USER prefdesk$", container, re.M)


def test_the_container_copies_every_package_the_distribution_builds() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    copied = set(re.findall(r"^COPY (\w+) \1$", CONTAINERFILE.read_text(encoding="utf-8"), re.M))
    assert copied == packages


# -- the script refuses a doc it cannot check -------------------------------------------------


def test_a_doc_without_marked_steps_is_refused() -> None:
    with pytest.raises(deploy_check.DocError, match="marks no steps"):
        deploy_check.read_doc("# Deploying\n\n```sh\nprefdesk-server migrate\n```\n")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            _all_steps().replace(_step("upgrade", "echo upgrade"), ""),
            "does not mark the steps upgrade",
        ),
        (_all_steps() + _step("migrate", "echo again"), "'migrate' is marked twice"),
        (_all_steps() + _step("deploy-everything", "echo"), "unknown step 'deploy-everything'"),
        (_all_steps() + "```sh deploy-step\necho\n```\n", "malformed mark"),
        (_all_steps() + _step("nginx", "server {}", "nginx", "step"), "steps are sh blocks"),
        (_all_steps(serve="prefdesk-server migrate\nprefdesk-server serve"), "one command"),
        (_all_steps(token="   "), "'token' is empty"),
        (_all_steps() + "```sh deploy-step:backup\necho never closed\n", "never closed"),
    ],
)
def test_a_doc_whose_steps_do_not_match_the_script_is_refused(doc: str, message: str) -> None:
    with pytest.raises(deploy_check.DocError, match=re.escape(message)):
        deploy_check.read_doc(doc)


def test_an_indented_step_inside_a_list_item_is_read_without_its_indent() -> None:
    doc = _all_steps().replace(
        _step("upgrade", "echo upgrade"),
        "4. Migrate:\n\n   ```sh deploy-step:upgrade\n   prefdesk-server migrate\n   ```\n",
    )
    assert deploy_check.read_doc(doc).steps["upgrade"] == "prefdesk-server migrate\n"


def test_the_script_exits_2_naming_the_problem_before_touching_any_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "deploy.md"
    empty.write_text("# Deploying\n\nNothing marked.\n", encoding="utf-8")
    unreachable = "postgresql://nobody@127.0.0.1:1/none"
    assert deploy_check.main(["--doc", str(empty), "--admin-url", unreachable]) == 2
    assert "marks no steps" in capsys.readouterr().err
    assert deploy_check.main(["--admin-url", unreachable, "--bin-dir", str(tmp_path)]) == 2
    assert "prefdesk-server does not exist" in capsys.readouterr().err


# -- the run ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.slow
def test_the_docs_steps_deploy_serve_back_up_restore_and_upgrade_with_a_real_sync() -> None:
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: the deploy check needs a PostgreSQL superuser")
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--admin-url", admin_url, "--proxy", "off"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        process.terminate()  # SIGTERM: the script still stops its servers, drops its databases
        out, err = process.communicate(timeout=120)
        pytest.fail(f"the deploy check ran over 15 minutes:\n{err[-4000:]}")
    assert process.returncode == 0, err[-4000:]
    summary = json.loads(out)
    assert summary["ok"] is True
    assert summary["workers"]["live"] == 2
    assert summary["judgments"] == {"before_backup": 6, "after_backup": 4, "server_holds": 10}
    assert summary["restore"]["judgments_identical"] is True
    assert summary["restore"]["resent_by_laptop"] == 4
    assert summary["restore"]["outbox_after"] == 0
    assert summary["upgrade"]["from"] != summary["upgrade"]["to"]
    assert summary["upgrade"]["sent_after"] == 0
    assert summary["logs"]["secrets_found"] == 0
    assert summary["logs"]["not_json"] == 0
    assert [s["step"] for s in summary["steps"]][:3] == ["database", "pgpass", "migrate"]
