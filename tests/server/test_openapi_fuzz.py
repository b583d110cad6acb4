"""schemathesis, driven by the server's own OpenAPI document, finds no 5xx.

Every operation in ``/openapi.json`` gets generated requests (hypothesis strategies from
schemathesis), sent in-process to the real app on a real database file. They carry a real
member's token about half the time, so generated bodies reach the handlers instead of
stopping at authentication. (schemathesis' pytest plugin does not run on pytest 9 yet, so
the operations are driven here directly.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from server.app import create_app
from server.db import Database
from server.settings import ServerSettings
from tests.server.conftest import make_member


def _operations() -> list[str]:
    app = create_app(ServerSettings(database_url="sqlite+pysqlite:///:memory:"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return sorted(f"{r.ok().method.upper()} {r.ok().path}" for r in schema.get_all_operations())


@pytest.mark.slow
@pytest.mark.parametrize("operation", _operations())
def test_no_generated_request_makes_the_server_fail(tmp_path: Path, operation: str) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'server.sqlite'}"
    db = Database.open(url)
    token = make_member(db, "ann", "p1", "annotator", "lead")
    app = create_app(ServerSettings(database_url=url), db)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    method, path = operation.split(" ", 1)
    (op,) = [
        r.ok()
        for r in schema.get_all_operations()
        if r.ok().method.upper() == method and r.ok().path == path
    ]

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=op.as_strategy(), signed_in=st.booleans())
    def check(case: Any, signed_in: bool) -> None:
        headers = {"Authorization": f"Bearer {token}"} if signed_in else {}
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    try:
        check()
    finally:
        db.dispose()
