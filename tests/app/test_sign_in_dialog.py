"""Signing in through the real dialog against a real loopback server, and the errors it
shows: a refused token, no server, an untrusted certificate. The token reaches the keyring,
and no file in the profile."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.account import Account, load_account
from app.credentials import CredentialStore
from app.sign_in import SignInFlow
from app.tasks import TaskLanes
from tests.app.loopback_server import GOOD_TOKEN, USER, serve
from tests.guidelines.keyring_fakes import MemoryKeyring


@pytest.fixture
def flow(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[SignInFlow, MemoryKeyring, Path]]:
    lanes = TaskLanes()
    parent = QWidget()
    qtbot.addWidget(parent)
    backend = MemoryKeyring()
    profile = tmp_path / "profile"
    profile.mkdir()
    yield SignInFlow(lanes, CredentialStore("p", backend), profile, parent), backend, profile
    lanes.shutdown()


def _fill(flow: SignInFlow, url: str, token: str, ca_bundle: str = "") -> Any:
    dialog = flow.open_dialog(None)
    dialog.server.setText(url)
    dialog.username.setText(USER)
    dialog.token.setText(token)
    dialog.ca_bundle.setText(ca_bundle)
    return dialog


def _problem_after_sign_in(qtbot: QtBot, dialog: Any) -> str:
    dialog.sign_in_button.click()
    assert not dialog.sign_in_button.isEnabled()  # checking: no second press
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=10_000)
    assert dialog.isVisible()
    assert dialog.token.text()  # kept, so one field can be fixed
    return str(dialog.problem.text())


def test_signing_in_keeps_the_token_in_the_keyring_and_no_file(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    sign_in, backend, profile = flow
    with serve() as server:
        dialog = _fill(sign_in, server.url + "/", GOOD_TOKEN)
        assert dialog.token.echoMode() == dialog.token.EchoMode.Password
        with qtbot.waitSignal(sign_in.sig_signed_in, timeout=10_000) as signed:
            dialog.sign_in_button.click()
    account, token = signed.args
    assert account == Account(server.url, USER)
    assert token == GOOD_TOKEN
    assert list(backend.secrets.values()) == [GOOD_TOKEN]
    assert load_account(profile) == account
    assert sign_in.dialog is None  # closed
    leaks = [p for p in profile.rglob("*") if p.is_file() and GOOD_TOKEN.encode() in p.read_bytes()]
    assert leaks == []


def test_a_refused_token_says_so(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    sign_in, backend, profile = flow
    with serve() as server:
        text = _problem_after_sign_in(qtbot, _fill(sign_in, server.url, "pd_wrong"))
    assert "refused this token" in text
    assert backend.secrets == {}
    assert load_account(profile) is None


def test_no_server_says_it_cannot_be_reached(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    text = _problem_after_sign_in(qtbot, _fill(flow[0], f"http://127.0.0.1:{port}", GOOD_TOKEN))
    assert "cannot be reached" in text


def test_an_untrusted_certificate_is_named_and_the_ca_bundle_fixes_it(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path], tmp_path: Path
) -> None:
    sign_in, _backend, profile = flow
    with serve(tls_folder=tmp_path) as server:
        dialog = _fill(sign_in, server.url, GOOD_TOKEN)
        text = _problem_after_sign_in(qtbot, dialog)
        assert "certificate is not trusted" in text
        assert "self" in text
        assert "signed" in text
        dialog.ca_bundle.setText(str(server.cert))
        with qtbot.waitSignal(sign_in.sig_signed_in, timeout=10_000):
            dialog.sign_in_button.click()
    found = load_account(profile)
    assert found is not None
    assert found.ca_bundle == str(server.cert)


def test_empty_fields_are_named_before_any_request(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    dialog = flow[0].open_dialog(None)
    dialog.sign_in_button.click()
    assert dialog.problem.isVisible()
    assert "server address" in dialog.problem.text()
    assert dialog.sign_in_button.isEnabled()


def test_sign_out_forgets_token_and_server(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    sign_in, backend, profile = flow
    with serve() as server:
        dialog = _fill(sign_in, server.url, GOOD_TOKEN)
        with qtbot.waitSignal(sign_in.sig_signed_in, timeout=10_000) as signed:
            dialog.sign_in_button.click()
    with qtbot.waitSignal(sign_in.sig_signed_out, timeout=5000):
        sign_in.sign_out(signed.args[0])
    assert backend.secrets == {}
    assert load_account(profile) is None


def test_cancelling_while_the_server_is_asked_keeps_nothing(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    sign_in, backend, profile = flow
    signed: list[object] = []
    sign_in.sig_signed_in.connect(lambda *a: signed.append(a))
    with serve() as server:
        dialog = _fill(sign_in, server.url, GOOD_TOKEN)
        dialog.sign_in_button.click()
        dialog.reject()
        qtbot.waitUntil(lambda: server.behaviour.seen_auth != [], timeout=5000)
        qtbot.wait(300)  # the answer arrives after the dialog is gone
    assert signed == []
    assert backend.secrets == {}
    assert load_account(profile) is None


def test_signing_in_as_someone_else_forgets_the_previous_token(
    qtbot: QtBot, flow: tuple[SignInFlow, MemoryKeyring, Path]
) -> None:
    sign_in, backend, _profile = flow
    old = Account("https://old.example", "ana")
    with qtbot.waitSignal(sign_in.sig_signed_in, timeout=5000):
        sign_in.keep(old, "tok-old")
    with qtbot.waitSignal(sign_in.sig_signed_in, timeout=5000):
        sign_in.keep(Account("https://new.example", "ana"), "tok-new", replaces=old)
    assert list(backend.secrets.values()) == ["tok-new"]
