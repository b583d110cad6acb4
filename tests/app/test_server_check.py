"""The sign-in check against a real loopback server: success, refused token, no server,
a too-old client, an untrusted certificate, and the same certificate trusted by CA bundle."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.server_check import SignInError, check_sign_in, client_version
from tests.app.loopback_server import GOOD_TOKEN, USER, serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_good_token_names_its_owner_and_the_client_version_is_sent() -> None:
    with serve() as server:
        identity = check_sign_in(server.url + "/", USER, GOOD_TOKEN)
    assert identity.user == USER
    assert identity.display_name == "Ana"
    assert server.behaviour.seen_client[0] == f"prefdesk/{client_version()}"
    assert server.behaviour.seen_auth == [f"Bearer {GOOD_TOKEN}"]


def test_a_refused_token_is_unauthorized() -> None:
    with serve() as server, pytest.raises(SignInError) as caught:
        check_sign_in(server.url, USER, "pd_wrong")
    assert caught.value.kind == "unauthorized"


def test_a_token_of_someone_else_is_refused_by_name() -> None:
    with serve() as server, pytest.raises(SignInError) as caught:
        check_sign_in(server.url, "bo", GOOD_TOKEN)
    assert (caught.value.kind, caught.value.detail) == ("wrong_user", USER)


def test_no_server_on_the_port_is_unreachable() -> None:
    with pytest.raises(SignInError) as caught:
        check_sign_in(f"http://127.0.0.1:{_free_port()}", USER, GOOD_TOKEN, timeout=3)
    assert caught.value.kind == "unreachable"


def test_a_server_that_says_must_stop_means_too_old_with_its_words() -> None:
    with serve() as server:
        server.behaviour.must_stop = True
        with pytest.raises(SignInError) as caught:
            check_sign_in(server.url, USER, GOOD_TOKEN)
    assert caught.value.kind == "too_old"
    assert "update to 9.0" in caught.value.detail
    assert server.behaviour.seen_auth == []  # the token was never sent


def test_plain_http_to_another_machine_is_refused_before_any_request() -> None:
    with pytest.raises(SignInError) as caught:
        check_sign_in("http://annotate.example.com", USER, GOOD_TOKEN)
    assert caught.value.kind == "plain_http"


def test_an_address_without_scheme_is_not_a_server_address() -> None:
    with pytest.raises(SignInError) as caught:
        check_sign_in("annotate.example.com", USER, GOOD_TOKEN)
    assert caught.value.kind == "bad_url"


def test_a_self_signed_certificate_is_refused_naming_the_problem(tmp_path: Path) -> None:
    with serve(tls_folder=tmp_path) as server, pytest.raises(SignInError) as caught:
        check_sign_in(server.url, USER, GOOD_TOKEN, timeout=5)
    assert caught.value.kind == "tls"
    assert "self-signed" in caught.value.detail or "self signed" in caught.value.detail


def test_the_vendor_ca_bundle_makes_its_certificate_trusted(tmp_path: Path) -> None:
    with serve(tls_folder=tmp_path) as server:
        assert server.cert is not None
        identity = check_sign_in(server.url, USER, GOOD_TOKEN, ca_bundle=str(server.cert))
    assert identity.user == USER


def test_a_missing_ca_bundle_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SignInError) as caught:
        check_sign_in("https://127.0.0.1:1", USER, GOOD_TOKEN, ca_bundle=str(tmp_path / "no.pem"))
    assert caught.value.kind == "bad_ca"
    assert "no.pem" in caught.value.detail
