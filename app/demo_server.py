"""The built-in demo's own vendor server: a local ``prefdesk-server`` on a loopback port.

``make run`` opens the demo workspace; so a newcomer sees sync work end to end, the app
starts a server process on 127.0.0.1 with a demo project (seeded once, idempotently, by
``prefdesk-server demo``), and signs the demo annotator in with the token that seeding left
for it. The process belongs to the app: it is stopped when the app quits. Qt-free and
blocking: call ``start`` from a background thread, never the GUI thread.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

#: Seeding leaves the demo annotator's token here (mode 0600), for the demo only.
TOKEN_FILE = "demo-annotator.token"
#: ... and the demo lead's public key, so the demo profile can trust the packs it pulls.
KEYS_FILE = "demo-trusted-keys.txt"
DEMO_USER = "demo-annotator"
START_TIMEOUT_S = 30.0


class DemoServerError(Exception):
    """The demo server could not be seeded or started; the message says what failed."""


@dataclass(frozen=True)
class DemoServerInfo:
    url: str
    user: str
    token: str
    trusted_keys: tuple[str, ...] = ()


class DemoServer:
    """Seeds and runs the demo server under ``data_dir``; ``stop`` ends the process."""

    def __init__(self, data_dir: Path, python: str = sys.executable) -> None:
        self._data_dir = data_dir
        self._python = python
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> DemoServerInfo:
        self._data_dir.mkdir(parents=True, exist_ok=True)
        seed = subprocess.run(
            [self._python, "-m", "server", "demo", "--data", str(self._data_dir)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if seed.returncode != 0:
            raise DemoServerError(f"seeding the demo server failed: {seed.stderr.strip()[-500:]}")
        token = (self._data_dir / TOKEN_FILE).read_text(encoding="utf-8").strip()
        self._process = subprocess.Popen(
            [self._python, "-m", "server", "serve", "--data", str(self._data_dir), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        url = self._read_listening_url(self._process)
        keys_file = self._data_dir / KEYS_FILE
        keys = keys_file.read_text(encoding="utf-8").split() if keys_file.exists() else []
        return DemoServerInfo(url=url, user=DEMO_USER, token=token, trusted_keys=tuple(keys))

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is not None:
            if process.stdout is not None:
                process.stdout.close()
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    @staticmethod
    def _read_listening_url(process: subprocess.Popen[str]) -> str:
        found: list[str] = []

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if isinstance(event, dict) and event.get("event") == "listening":
                    found.append(str(event["url"]))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        if not found:
            process.kill()
            raise DemoServerError(
                f"the demo server did not report its address within {START_TIMEOUT_S:.0f} s"
            )
        return found[0]
