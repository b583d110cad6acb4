"""A tiny real HTTP(S) server on a loopback port that answers ``/v1/meta`` and ``/v1/me``
the way the Prefdesk server does, for sign-in tests that must cross a real socket."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

GOOD_TOKEN = "pd_test_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
USER = "ana"


@dataclass
class Behaviour:
    """What the server answers; tests change it between requests."""

    must_stop: bool = False
    seen_auth: list[str] = field(default_factory=list)
    seen_client: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Running:
    url: str
    behaviour: Behaviour
    cert: Path | None


def _handler(behaviour: Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet tests
            pass

        def _answer(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            behaviour.seen_client.append(self.headers.get("Prefdesk-Client", ""))
            if self.path == "/v1/meta":
                message = "this Prefdesk is too old; update to 9.0" if behaviour.must_stop else ""
                self._answer(
                    200,
                    {
                        "server_version": "0.1.0",
                        "protocol_min": 1,
                        "protocol_max": 1,
                        "min_client_version": "0.1.0",
                        "server_time": "2026-11-26T00:00:00Z",
                        "message": message,
                        "must_stop": behaviour.must_stop,
                    },
                )
            elif self.path == "/v1/me":
                auth = self.headers.get("Authorization", "")
                behaviour.seen_auth.append(auth)
                if auth != f"Bearer {GOOD_TOKEN}":
                    self._answer(401, {"code": "unauthorized", "message": "unknown token"})
                    return
                self._answer(
                    200, {"user": USER, "display_name": "Ana", "roles": {}, "feed_head": 0}
                )
            else:
                self._answer(404, {"code": "not_found", "message": "no such path"})

    return Handler


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself, and its key (PEM files in ``folder``)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "prefdesk-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextmanager
def serve(tls_folder: Path | None = None) -> Iterator[Running]:
    """Serve on 127.0.0.1 (a free port) until the block ends; HTTPS when ``tls_folder``."""
    behaviour = Behaviour()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(behaviour))
    cert = None
    scheme = "http"
    if tls_folder is not None:
        cert, key = self_signed_cert(tls_folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(f"{scheme}://127.0.0.1:{server.server_address[1]}", behaviour, cert)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
