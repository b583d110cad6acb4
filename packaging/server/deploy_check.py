#!/usr/bin/env python3
"""Run the marked steps of docs/deploy.md against a local PostgreSQL, end to end.

    python packaging/server/deploy_check.py --admin-url postgresql://postgres@127.0.0.1/postgres

The doc's shell blocks fenced as ```` ```sh deploy-step:NAME ```` are run verbatim by
``bash`` with the doc's variables set in the environment, so the page cannot drift from
what was proven here. The script supplies what a deployment would get from elsewhere: a
task pack, a laptop (a real local store synced by the app's sync client), the process
supervision systemd would do, and the checks. It makes its own role and databases with
random names and drops them at the end, also after a failure (``--keep`` leaves them).

Prints one JSON summary on stdout; progress goes to stderr. Exit status: 0 every check
passed; 1 a step or a check failed (the message names it); 2 it could not start (no
database, a tool missing, a doc without its marked steps).
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import json
import os
import random
import re
import secrets
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a path, the checkout's packages are the laptop's
    sys.path.insert(0, str(REPO))

DOC = REPO / "docs" / "deploy.md"

#: Every step the doc must mark, in the order a first deployment runs them.
STEPS = (
    "database",
    "pgpass",
    "migrate",
    "serve",
    "health",
    "first-project",
    "publish",
    "items",
    "token",
    "backup",
    "restore",
    "verify-restore",
    "upgrade",
)
#: Configuration files the doc marks (run when their program is installed).
CONFIGS = ("nginx",)

#: The example values of the nginx site, replaced by this run's own; each must be in the doc.
NGINX_LITERALS = (
    "server 10.0.0.11:8750",
    "server 10.0.0.12:8750",
    "listen 443 ssl;",
    "/etc/ssl/prefdesk/",
    "/var/log/nginx/",
)

PROJECT = "acme"
PACK = ("arena-battles", "1.0.0")
ITEMS = 12
BEFORE_BACKUP = 6
AFTER_BACKUP = 4
WORKERS = 2
CLIENT_VERSION = "0.1.0"

STEP_TIMEOUT = 300.0
#: Workers import the whole server before answering; on a busy machine that takes a while.
READY_TIMEOUT = 240.0

_MARK = re.compile(
    r"^```(?P<lang>[\w-]+)[ \t]+deploy-(?P<kind>step|config):(?P<name>[\w-]+)[ \t]*$"
)
_TOKEN = re.compile(r"pdt_[0-9a-f]+_(?!\*\*\*)[A-Za-z0-9_\-]{8,}")


class DocError(Exception):
    """The doc cannot be checked: a marked step is missing, unknown, repeated or malformed."""


class CheckFailed(Exception):
    """A step exited non-zero, or what it left behind is not what the doc promises."""


# -- the doc ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocBlocks:
    steps: dict[str, str]
    configs: dict[str, str]


def read_doc(text: str) -> DocBlocks:
    """The marked blocks of ``text``; refuses a doc that does not mark exactly ``STEPS``."""
    steps: dict[str, str] = {}
    configs: dict[str, str] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].lstrip(" ")
        indent = len(lines[index]) - len(line)  # a fence inside a list item is indented
        index += 1
        if not (line.startswith("```") and "deploy-" in line):
            continue
        mark = _MARK.match(line)
        if mark is None:
            raise DocError(f"line {index}: malformed mark {line!r} (```sh deploy-step:NAME)")
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != "```":
            text = lines[index]
            body.append(text[min(indent, len(text) - len(text.lstrip(" "))) :])
            index += 1
        if index == len(lines):
            raise DocError(f"line {index}: the block {mark['name']!r} is never closed")
        index += 1
        kind, name = mark["kind"], mark["name"]
        known, found = (STEPS, steps) if kind == "step" else (CONFIGS, configs)
        if kind == "step" and mark["lang"] != "sh":
            raise DocError(f"step {name!r} is fenced as {mark['lang']!r}; steps are sh blocks")
        if name not in known:
            raise DocError(f"unknown {kind} {name!r}; the script knows {', '.join(known)}")
        if name in found:
            raise DocError(f"{kind} {name!r} is marked twice")
        if not any(part.strip() for part in body):
            raise DocError(f"{kind} {name!r} is empty")
        found[name] = "\n".join(body) + "\n"
    if not steps:
        raise DocError("the doc marks no steps (```sh deploy-step:NAME): nothing to check")
    missing = [name for name in STEPS if name not in steps]
    if missing:
        raise DocError(f"the doc does not mark the steps {', '.join(missing)}")
    serve = _joined(steps["serve"])
    if len(serve) != 1:
        raise DocError("the serve step must be one command (it is run in the foreground)")
    return DocBlocks(steps, configs)


def _joined(block: str) -> list[str]:
    """The block's commands: continuation lines joined, blank lines and comments dropped."""
    commands = re.sub(r"\\\n", " ", block).splitlines()
    return [c.strip() for c in commands if c.strip() and not c.strip().startswith("#")]


def nginx_site(config: str, upstreams: list[str], port: int, tls: Path, logs: Path) -> str:
    """The doc's nginx site with this run's upstreams, port, certificate and log folder."""
    for literal in NGINX_LITERALS:
        if literal not in config:
            raise DocError(f"the nginx config no longer contains {literal!r}; update the script")
    first, second = upstreams
    return (
        config.replace("server 10.0.0.11:8750", f"server {first}")
        .replace("server 10.0.0.12:8750", f"server {second}")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
        .replace("/etc/ssl/prefdesk/", f"{tls}/")
        .replace("/var/log/nginx/", f"{logs}/")
    )


# -- PostgreSQL, as the superuser the check was given ------------------------------------------


def libpq_url(url: str, *, user: str | None = None, database: str | None = None) -> str:
    """``url`` for libpq (no SQLAlchemy driver suffix), optionally another user/database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url).set(drivername="postgresql")
    if user is not None:
        parsed = parsed.set(username=user, password=None)
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@contextmanager
def connect(url: str) -> Iterator[Any]:
    import psycopg

    conn = psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10)
    try:
        yield conn
    finally:
        conn.close()


def sql(url: str, query: str) -> list[tuple[Any, ...]]:
    with connect(url) as conn:
        return list(conn.execute(query).fetchall())


def execute(url: str, statement: str) -> None:
    with connect(url) as conn:
        conn.execute(statement)


def judgment_rows(url: str) -> dict[str, str]:
    """Every judgment id with an md5 of its whole row: equal maps mean identical rows."""
    return {str(r[0]): str(r[1]) for r in sql(url, "SELECT id, md5(j::text) FROM judgments j")}


def table_counts(url: str) -> dict[str, int]:
    tables = sql(
        url,
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    )
    with connect(url) as conn:
        return {
            str(t[0]): int(conn.execute(f'SELECT count(*) FROM "{t[0]}"').fetchone()[0])
            for t in tables
        }


def revision(url: str) -> str:
    return str(sql(url, "SELECT version_num FROM alembic_version")[0][0])


# -- processes ---------------------------------------------------------------------------------


def scrub(text: str, hidden: list[str]) -> str:
    for secret in hidden:
        if secret:
            text = text.replace(secret, "***")
    return _TOKEN.sub("pdt_***", text)


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    """The first stdout line of ``process``, or '' if it exits or stays silent too long."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    data = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return ""
        chunk = os.read(fd, 4096)
        if not chunk:
            return ""
        data += chunk
    return data.split(b"\n", 1)[0].decode("utf-8", "replace")


def stop_group(process: subprocess.Popen[bytes], timeout: float = 45.0) -> int:
    """SIGTERM to the process group (as systemd stops a unit's cgroup); SIGKILL if stuck."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        code = process.wait(timeout=10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # workers and the resource tracker follow the parent
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(process.pid, signal.SIGKILL)
    return code


def children(pid: int, marker: str) -> list[int]:
    """Live child processes of ``pid`` whose command line contains ``marker`` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and marker in cmdline and stat.rsplit(")", 1)[1].split()[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- one run -----------------------------------------------------------------------------------


@dataclass
class Server:
    label: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def port(self) -> str:
        return self.url.rsplit(":", 1)[1]


@dataclass
class Run:
    doc: DocBlocks
    workdir: Path
    env: dict[str, str]
    hidden: list[str]
    timings: list[dict[str, Any]] = field(default_factory=list)
    servers: list[Server] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def note(self, text: str) -> None:
        print(f"deploy-check: {text}", file=sys.stderr, flush=True)

    def step(self, name: str, **env: str) -> str:
        """Run the doc's step ``name`` with ``env`` over the run's variables; its stdout."""
        started = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", "set -euo pipefail\n" + self.doc.steps[name]],
            cwd=self.workdir,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        seconds = round(time.monotonic() - started, 1)
        self.timings.append({"step": name, "seconds": seconds})
        self.note(f"step {name}: exit {done.returncode} in {seconds} s")
        if done.returncode != 0:
            tail = scrub((done.stdout + done.stderr)[-3000:], self.hidden)
            raise CheckFailed(f"step {name} exited {done.returncode}:\n{tail}")
        return done.stdout

    def serve(self, label: str, database_url: str, workers: int = WORKERS) -> Server:
        """The doc's serve step in the foreground of its own process group, as a unit runs."""
        started = time.monotonic()
        log = self.workdir / "logs" / f"{label}.log"
        self.logs.append(log)
        with log.open("wb") as stderr:
            process = subprocess.Popen(
                ["bash", "-c", "set -euo pipefail\nexec " + self.doc.steps["serve"].strip()],
                cwd=self.workdir,
                env={
                    **self.env,
                    "PREFDESK_SERVER_DATABASE_URL": database_url,
                    "PREFDESK_WORKERS": str(workers),
                },
                stdout=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,
            )
        line = _read_line(process, READY_TIMEOUT)
        if not line:
            stop_group(process, timeout=10)
            tail = scrub(log.read_text(errors="replace")[-3000:], self.hidden)
            raise CheckFailed(f"serve ({label}) printed no listening line:\n{tail}")
        server = Server(label, process, str(json.loads(line)["url"]), log)
        self.servers.append(server)
        try:
            self.step("health", PREFDESK_PORT=server.port)
        except CheckFailed as failed:
            raise CheckFailed(f"{failed}\n{_worker_deaths(log)}") from None
        pids = self.wait_for_workers(server, workers) if workers > 1 else []
        self.timings.append(
            {"step": f"serve ({label})", "seconds": round(time.monotonic() - started, 1)}
        )
        self.note(f"{label}: {server.url}, worker processes {pids or 'none (in-process)'}")
        return server

    def wait_for_workers(self, server: Server, workers: int) -> list[int]:
        """The worker processes of ``server``, once each has started its app."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise CheckFailed(f"serve ({server.label}) exited {server.process.returncode}")
            pids = children(server.process.pid, "spawn_main")
            text = server.log.read_text(errors="replace")
            started = {int(p) for p in re.findall(r"Started server process \[(\d+)\]", text)}
            if len(pids) == workers and started.issuperset(pids):
                return pids
            time.sleep(0.25)
        raise CheckFailed(
            f"serve ({server.label}): {workers} workers did not start\n{_worker_deaths(server.log)}"
        )

    def stop(self, server: Server) -> None:
        code = stop_group(server.process)
        self.servers.remove(server)
        if code != 0:
            raise CheckFailed(f"serve ({server.label}) exited {code} on SIGTERM, not 0")


def _worker_deaths(log: Path) -> str:
    """Why workers may not come up: uvicorn kills a worker that has not answered its health
    ping within 5 s, and a worker first imports the whole command line before it can."""
    died = len(re.findall(r"Child process \[\d+\] died", log.read_text(errors="replace")))
    if not died:
        return "the server log shows no worker restarts"
    return (
        f"uvicorn killed and restarted {died} worker(s) that did not answer its 5 s health "
        "ping while starting (slow imports on a busy machine; uvicorn's "
        "timeout_worker_healthcheck, set in server/serve.py)"
    )


# -- the laptop --------------------------------------------------------------------------------


class Laptop:
    """An annotator's profile: a real local store, synced by the app's sync client."""

    def __init__(self, folder: Path, token: str, trusted_keys: Path) -> None:
        from guidelines import load_trusted_keys
        from storage import JudgmentRepository, Store
        from sync import trusted_pack_verifier

        self.store = Store.open(folder)
        self.token = token
        self.verify_pack = trusted_pack_verifier(load_trusted_keys(trusted_keys))
        self.repo = JudgmentRepository(self.store, _validate)
        self.judged: list[str] = []
        self.judged_items: set[str] = set()
        self.rng = random.Random(7)

    def close(self) -> None:
        self.store.close()

    def sync(self, url: str, ca: Path | None = None) -> Any:
        from sync import SyncClient

        verify: bool | str = str(ca) if ca else True
        with SyncClient(
            self.store,
            url,
            self.token,
            client_version=CLIENT_VERSION,
            verify=verify,
            verify_pack=self.verify_pack,
        ) as client:
            result = client.run()
        if result.outcome != "ok":
            raise CheckFailed(f"sync with {url}: {result.outcome}: {result.problem}")
        return result

    def judge(self, count: int) -> list[str]:
        """Judge ``count`` more items of the assigned batch, as the app submits them."""
        from storage import get_item, list_batches, list_items

        items = [
            item.id
            for batch in list_batches(self.store)
            for item in list_items(self.store, batch.id)
            if item.id not in self.judged_items
        ]
        if len(items) < count:
            raise CheckFailed(f"the laptop has {len(items)} items left to judge, not {count}")
        made: list[str] = []
        for item_id in items[:count]:
            order = [r.id for r in get_item(self.store, item_id).responses]
            self.rng.shuffle(order)
            draft = self.repo.start_draft(item_id, PACK[0], PACK[1], order)
            answers = {"vote": {"winner": self.rng.choice([*order, "tie"])}}
            self.repo.submit(draft.id, answers, active_ms=20_000 + len(made))
            made.append(draft.id)
            self.judged_items.add(item_id)
        self.judged.extend(made)
        return made

    def pending(self) -> int:
        from storage.outbox import pending_count

        return int(pending_count(self.store))


def _validate(canonical: bytes, answers: Any, response_ids: Any) -> list[str]:
    """The app's validator: the pack's own rubric, as the server applies it."""
    from guidelines import pack_from_canonical, validate_answers

    rubric = pack_from_canonical(canonical).rubric
    return [problem.message for problem in validate_answers(rubric, answers, response_ids)]


def write_tasks(path: Path) -> None:
    header = {
        "format": "prefdesk.taskpack",
        "format_version": 1,
        "project": {"id": PROJECT, "name": "ACME RLHF"},
    }
    items = [
        {
            "id": f"{PROJECT}-{n:03d}",
            "conversation": [{"role": "user", "content": f"Question {n}: which reply is kinder?"}],
            "responses": [
                {"id": "a", "content": f"A short, kind reply to question {n}."},
                {"id": "b", "content": f"A longer reply to question {n}, kind in its own way."},
            ],
        }
        for n in range(ITEMS)
    ]
    lines = [json.dumps(line, ensure_ascii=False) for line in [header, *items]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- TLS and the proxy -------------------------------------------------------------------------


def make_tls(folder: Path) -> Path:
    """A throwaway certificate authority and a certificate for 127.0.0.1; returns the CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(mode=0o700)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "deploy-check CA")])

    def usage(*, cert_sign: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=not cert_sign,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=cert_sign,
            crl_sign=cert_sign,
            encipher_only=False,
            decipher_only=False,
        )

    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("sync.example.com"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sync.example.com")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "fullchain.pem").write_bytes(leaf.public_bytes(pem))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "ca.pem"


def nginx_main(prefix: Path, site: Path) -> str:
    """A whole nginx.conf around the doc's site, with every path inside ``prefix``."""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/tmp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root nginx would hand its workers to "nobody", who cannot enter this private folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/logs/error.log info;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n{temp}\n    access_log off;\n    include {site};\n}}\n"
    )


@dataclass
class Proxy:
    process: subprocess.Popen[bytes]
    url: str
    ca: Path
    access_log: Path


def start_proxy(run: Run, nginx: str, config: str, upstreams: list[str]) -> Proxy:
    prefix = run.workdir / "nginx"
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True)
    ca = make_tls(prefix / "tls")
    port = free_port()
    site = prefix / "prefdesk.conf"
    site.write_text(nginx_site(config, upstreams, port, prefix / "tls", prefix / "logs"))
    main = prefix / "nginx.conf"
    main.write_text(nginx_main(prefix, site))
    checked = subprocess.run(
        [nginx, "-t", "-p", str(prefix), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if checked.returncode != 0:
        raise CheckFailed(f"nginx -t refused the doc's site:\n{checked.stderr[-2000:]}")
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(main)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    proxy = Proxy(process, f"https://127.0.0.1:{port}", ca, prefix / "logs" / "prefdesk.access.log")
    _wait_https(proxy)
    return proxy


def _wait_https(proxy: Proxy) -> None:
    import httpx

    context = ssl.create_default_context(cafile=str(proxy.ca))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{proxy.url}/v1/meta", verify=context, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proxy.process.poll() is not None:
            raise CheckFailed(f"nginx exited {proxy.process.returncode}")
        time.sleep(0.2)
    raise CheckFailed("nginx did not answer /v1/meta over TLS")


# -- the check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    admin_url: str
    doc: Path
    bin_dir: Path
    keep: bool
    proxy: str  # auto | off | on


def check_tools(options: Options) -> str | None:
    """Why the check cannot run here, or None."""
    for tool in ("bash", "psql", "pg_dump", "pg_restore", "curl"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    for tool in ("prefdesk-server", "prefdesk-pack"):
        if not (options.bin_dir / tool).exists():
            return f"{options.bin_dir / tool} does not exist (see --bin-dir)"
    if options.proxy == "on" and shutil.which("nginx") is None:
        return "--proxy on, but nginx is not installed"
    try:
        server = int(sql(options.admin_url, "SHOW server_version_num")[0][0]) // 10000
    except Exception as exc:  # any reason the database cannot be reached
        return f"cannot reach PostgreSQL at the admin URL ({type(exc).__name__})"
    out = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"(\d+)\.\d+", out.stdout)
    if found is None or int(found[1]) < server:
        return f"pg_dump {out.stdout.strip()} is older than the server (major {server})"
    return None


def check(options: Options) -> dict[str, Any]:
    """The whole run; raises CheckFailed. Cleans up after itself in every case."""
    doc = read_doc(options.doc.read_text(encoding="utf-8"))
    suffix = secrets.token_hex(4)
    role = f"prefdesk_deploy_{suffix}"
    db_live, db_restore, db_old = (f"{role}{tail}" for tail in ("", "_restore", "_old"))
    password = secrets.token_urlsafe(24)
    started = time.monotonic()
    with ExitStack() as cleanup:
        workdir = Path(tempfile.mkdtemp(prefix="prefdesk-deploy-check-"))
        if not options.keep:
            cleanup.callback(shutil.rmtree, workdir, True)
        (workdir / "logs").mkdir()
        (workdir / "backups").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFDESK_", "PG"))}
        env.update(_bytecode_cache(env))
        env.update(
            PATH=f"{options.bin_dir}{os.pathsep}{env.get('PATH', '')}",
            PGADMIN=libpq_url(options.admin_url),
            PREFDESK_DB_USER=role,
            PREFDESK_DB=db_live,
            PREFDESK_DB_PASSWORD=password,
            PGPASSFILE=str(workdir / "pgpass"),
            PREFDESK_SERVER_DATABASE_URL=libpq_url(options.admin_url, user=role, database=db_live),
            PREFDESK_HOST="127.0.0.1",
            PREFDESK_PORT="0",
            PREFDESK_WORKERS=str(WORKERS),
            BACKUP_DIR=str(workdir / "backups"),
            BACKUP_KEEP_DAYS="14",
            RESTORE_DB=db_restore,
            RESTORE_URL=libpq_url(options.admin_url, user=role, database=db_restore),
        )
        run = Run(doc, workdir, env, [password])
        run.note(f"work folder {workdir}; role and databases {role}*")
        if not options.keep:
            cleanup.callback(_drop, options.admin_url, role, [db_live, db_restore, db_old], run)
        cleanup.callback(_stop_all, run)
        summary = _check(run, options, cleanup, role, db_live, db_restore, db_old)
    summary["seconds"] = round(time.monotonic() - started, 1)
    summary["steps"] = run.timings
    summary["kept"] = str(workdir) if options.keep else None
    return summary


def _check(
    run: Run,
    options: Options,
    cleanup: ExitStack,
    role: str,
    db_live: str,
    db_restore: str,
    db_old: str,
) -> dict[str, Any]:
    admin = options.admin_url
    live_url = run.env["PREFDESK_SERVER_DATABASE_URL"]
    restore_url = run.env["RESTORE_URL"]
    old_url = libpq_url(admin, user=role, database=db_old)

    def superuser(database: str) -> str:
        return libpq_url(admin, database=database)

    # 1. Deploy: database, password file, schema, two workers, a first project.
    run.step("database")
    run.step("pgpass")
    migrated = run.step("migrate").strip()
    _expect("schema created at revision" in migrated, f"migrate said {migrated!r}")
    first = run.serve("live", live_url)
    write_tasks(run.workdir / "tasks.jsonl")
    run.step("first-project", PREFDESK_PORT=first.port)
    run.step("publish", PREFDESK_PORT=first.port)
    run.step("items", PREFDESK_PORT=first.port)
    token = run.step("token").strip()
    _expect(token.startswith("pdt_"), "token issue printed no token")
    run.hidden.append(token)

    # 2. Replicas behind the doc's nginx site, when nginx is here.
    nginx = shutil.which("nginx") if options.proxy != "off" else None
    proxy: Proxy | None = None
    proxy_summary: dict[str, Any] = {"ran": False, "why": "nginx is not installed"}
    if options.proxy == "off":
        proxy_summary["why"] = "--proxy off"
    second: Server | None = None
    if nginx is not None and "nginx" in run.doc.configs:
        second = run.serve("live-replica", live_url)
        upstreams = [s.url.removeprefix("http://") for s in (first, second)]
        proxy = start_proxy(run, nginx, run.doc.configs["nginx"], upstreams)
        cleanup.callback(stop_group, proxy.process, 15.0)
        proxy_summary = {"ran": True, "url": proxy.url, "replicas": upstreams}

    # 3. A laptop syncs through it: the batch and the signed pack, then six judgments.
    laptop = Laptop(run.workdir / "laptop", token, run.workdir / "lead.pub")
    cleanup.callback(laptop.close)
    sync_url, ca = (proxy.url, proxy.ca) if proxy else (first.url, None)
    pulled = laptop.sync(sync_url, ca)
    _expect(
        (PACK[0], PACK[1]) in [tuple(p) for p in pulled.packs_added],
        f"the first sync brought packs {pulled.packs_added}, not {PACK}",
    )
    before = laptop.judge(BEFORE_BACKUP)
    pushed = laptop.sync(sync_url, ca)
    _expect(pushed.accepted == BEFORE_BACKUP, f"{pushed.accepted} accepted of {BEFORE_BACKUP}")
    if proxy is not None:
        used = {m for m in re.findall(r"upstream=(\S+)", proxy.access_log.read_text()) if m != "-"}
        _expect(len(used) == 2, f"the proxy sent every request to {sorted(used)}")
        proxy_summary["upstreams_used"] = len(used)
        proxy_summary["requests"] = len(proxy.access_log.read_text().splitlines())

    # 4. Backup, then four more judgments the backup will not hold.
    backup = Path(run.step("backup").strip().splitlines()[-1])
    at_backup = judgment_rows(superuser(db_live))
    counts_at_backup = table_counts(superuser(db_live))
    _expect(set(at_backup) == set(before), "the live database does not hold the six judgments")
    after = laptop.judge(AFTER_BACKUP)
    late = laptop.sync(sync_url, ca)
    _expect(late.accepted == AFTER_BACKUP, f"{late.accepted} accepted of {AFTER_BACKUP}")
    if proxy is not None:
        stop_group(proxy.process, 15.0)
    for server in [s for s in (second, first) if s is not None]:
        run.stop(server)

    # 5. Restore into a fresh database and compare it with the source at the dump.
    run.step("restore")
    verified = run.step("verify-restore")
    restored = judgment_rows(superuser(db_restore))
    _expect(restored == at_backup, "the restored judgments differ from the source's at the dump")
    counts_restored = table_counts(superuser(db_restore))
    _expect(
        counts_restored == counts_at_backup,
        f"row counts differ: {_differences(counts_at_backup, counts_restored)}",
    )
    _expect(
        verified.strip().splitlines()[-1].startswith(f"{BEFORE_BACKUP}|{BEFORE_BACKUP}|"),
        f"verify-restore counted {verified.strip().splitlines()[-1]!r}",
    )

    # 6. Serve the restored database: the laptop sends again what the dump missed, once.
    # One worker from here on: what is checked is the data, and it keeps the run short.
    restored_server = run.serve("restored", restore_url, workers=1)
    healed = laptop.sync(restored_server.url)
    every = set(before) | set(after)
    held = sql(superuser(db_restore), "SELECT id FROM judgments")
    _expect(
        healed.accepted == AFTER_BACKUP,
        f"after the restore {healed.accepted} were accepted, not {AFTER_BACKUP}",
    )
    _expect(len(held) == len(every) and {r[0] for r in held} == every, "judgments lost or doubled")
    _expect(laptop.pending() == 0, f"{laptop.pending()} judgments still wait in the outbox")
    quiet = laptop.sync(restored_server.url)
    _expect(quiet.pushed == 0, f"a sync after healing sent {quiet.pushed}")
    run.stop(restored_server)

    # 7. Upgrade: a copy of it at the previous schema revision, as the last release left it.
    from alembic.script import ScriptDirectory

    from server.db import MIGRATIONS_DIR, head_revision

    head = head_revision()
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    down = script.get_revision(head).down_revision
    _expect(isinstance(down, str), f"revision {head} has no single previous revision")
    previous = str(down)
    execute(admin, f'CREATE DATABASE "{db_old}" TEMPLATE "{db_restore}" OWNER "{role}"')
    before_upgrade = judgment_rows(superuser(db_old))
    counts_before_upgrade = table_counts(superuser(db_old))
    _downgrade(superuser(db_old), previous)
    _expect(revision(superuser(db_old)) == previous, f"the downgrade did not reach {previous}")
    run.step("backup", PREFDESK_SERVER_DATABASE_URL=old_url)
    said = run.step("upgrade", PREFDESK_SERVER_DATABASE_URL=old_url).strip()
    _expect(
        f"upgraded from revision {previous} to {head}" in said, f"the upgrade step said {said!r}"
    )
    _expect(revision(superuser(db_old)) == head, "the upgrade did not reach the head revision")
    _expect(judgment_rows(superuser(db_old)) == before_upgrade, "judgments changed in the upgrade")
    counts_upgraded = table_counts(superuser(db_old))
    upgraded = run.serve("upgraded", old_url, workers=1)
    after_upgrade = laptop.sync(upgraded.url)
    _expect(after_upgrade.pushed == 0, f"a sync after the upgrade sent {after_upgrade.pushed}")
    _expect(
        judgment_rows(superuser(db_old)) == before_upgrade, "the sync after upgrading changed data"
    )
    run.stop(upgraded)

    # 8. The logs: JSON lines, no token, no password.
    logs = _scan_logs(run, proxy)
    return {
        "ok": True,
        "doc": str(options.doc),
        "bin_dir": str(options.bin_dir),
        "workers": {"live": WORKERS, "restored": 1, "upgraded": 1},
        "proxy": proxy_summary,
        "judgments": {
            "before_backup": len(before),
            "after_backup": len(after),
            "server_holds": len(held),
        },
        "backup": {"file": backup.name, "bytes": backup.stat().st_size},
        "restore": {
            "judgments_identical": True,
            "tables": len(counts_restored),
            "rows": sum(counts_restored.values()),
            "resent_by_laptop": healed.accepted,
            "outbox_after": laptop.pending(),
        },
        "upgrade": {
            "from": previous,
            "to": head,
            "migrate_said": said,
            "judgments_intact": True,
            "row_counts_changed": _differences(counts_before_upgrade, counts_upgraded),
            "sent_after": after_upgrade.pushed,
        },
        "logs": logs,
    }


def _bytecode_cache(env: dict[str, str]) -> dict[str, str]:
    """Let the steps' Python processes keep compiled bytecode, outside the checkout.

    An installed server has it (pip compiles at install); a checkout run with
    PYTHONDONTWRITEBYTECODE set would compile every module again in each of the run's
    twenty-odd commands and workers, which doubles the run's time.
    """
    if env.get("PYTHONPYCACHEPREFIX"):
        return {}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    folder = Path(tempfile.gettempdir()) / f"prefdesk-deploy-check-pycache-{os.getuid()}"
    return {"PYTHONPYCACHEPREFIX": str(folder)}


def _expect(condition: bool, failure: str) -> None:
    if not condition:
        raise CheckFailed(failure)


def _differences(before: dict[str, int], after: dict[str, int]) -> dict[str, list[int]]:
    return {
        name: [before.get(name, 0), after.get(name, 0)]
        for name in sorted(set(before) | set(after))
        if before.get(name, 0) != after.get(name, 0)
    }


def _downgrade(url: str, target: str) -> None:
    """Take the database down to ``target``, as the previous release's schema."""
    from alembic import command
    from alembic.config import Config

    from server.db import MIGRATIONS_DIR, create_db_engine

    engine = create_db_engine(url)
    try:
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.downgrade(config, target)
    finally:
        engine.dispose()


def _scan_logs(run: Run, proxy: Proxy | None) -> dict[str, Any]:
    """Server logs are JSON lines; no log of the run (nginx's too) holds a secret."""
    lines = not_json = restarts = 0
    for path in run.logs:
        for line in path.read_text(errors="replace").splitlines():
            lines += 1
            try:
                entry = json.loads(line)
            except ValueError:
                not_json += 1
                continue
            restarts += str(entry.get("msg", "")).endswith(" died")
    others = sorted((proxy.access_log.parent).iterdir()) if proxy else []
    found = [
        path.name
        for path in [*run.logs, *others]
        if path.is_file()
        and (
            any(secret in path.read_text(errors="replace") for secret in run.hidden if secret)
            or _TOKEN.search(path.read_text(errors="replace"))
        )
    ]
    _expect(not found, f"a token or the password is in the logs: {', '.join(found)}")
    _expect(not_json == 0, f"{not_json} server log lines are not JSON")
    return {
        "server_lines": lines,
        "not_json": not_json,
        "secrets_found": 0,
        "worker_restarts": restarts,
    }


def _stop_all(run: Run) -> None:
    for server in list(run.servers):
        stop_group(server.process, 15.0)
    run.servers.clear()


def _drop(admin: str, role: str, databases: list[str], run: Run) -> None:
    try:
        with connect(libpq_url(admin)) as conn:
            for name in databases:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
    except Exception as exc:  # cleanup reports, it never hides the first failure
        run.note(f"could not drop {role} and its databases: {type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("PREFDESK_TEST_DATABASE_URL"),
        help="a PostgreSQL superuser URL (default: $PREFDESK_TEST_DATABASE_URL)",
    )
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument(
        "--bin-dir",
        type=Path,
        default=Path(sys.executable).parent,
        help="where prefdesk-server and prefdesk-pack are (default: this Python's)",
    )
    parser.add_argument("--proxy", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--keep", action="store_true", help="keep the databases and folder")
    args = parser.parse_args(argv)
    if not args.admin_url:
        print("deploy-check: give --admin-url (or set PREFDESK_TEST_DATABASE_URL)", file=sys.stderr)
        return 2
    options = Options(args.admin_url, args.doc, args.bin_dir.absolute(), args.keep, args.proxy)
    try:
        read_doc(options.doc.read_text(encoding="utf-8"))
    except (DocError, OSError) as exc:
        print(f"deploy-check: {options.doc}: {exc}", file=sys.stderr)
        return 2
    why = check_tools(options)
    if why is not None:
        print(f"deploy-check: cannot run: {why}", file=sys.stderr)
        return 2
    # A SIGTERM (a test's timeout) still drops the databases and stops the servers.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        summary = check(options)
    except (CheckFailed, DocError) as exc:
        print(f"deploy-check: FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception:  # a bug here, or a tool that broke: the trace, after the cleanup
        traceback.print_exc()
        print("deploy-check: FAILED: unexpected error (above)", file=sys.stderr)
        return 1
    print(json.dumps(summary, indent=2))
    return 0


def _exit_on_signal(number: int, _frame: Any) -> None:
    raise SystemExit(128 + number)


if __name__ == "__main__":
    sys.exit(main())
