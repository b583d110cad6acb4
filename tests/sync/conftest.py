from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from storage import Store
from sync import RetryPolicy, SyncClient
from tests.storage.sync_seed import seed
from tests.sync.fake_server import FakeServer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "profile") as opened:
        seed(opened, tmp_path, items=8)
        yield opened


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def sleeps() -> list[float]:
    return []


MakeClient = Callable[..., SyncClient]


@pytest.fixture
def make_client(store: Store, server: FakeServer, sleeps: list[float]) -> Iterator[MakeClient]:
    made: list[SyncClient] = []

    def make(
        transport: httpx.BaseTransport | None = None, token: str | None = None, **kw: object
    ) -> SyncClient:
        client = SyncClient(
            store,
            "https://sync.example.test",
            token or server.token,
            client_version="0.1.0",
            transport=transport or server.transport(),
            sleep=sleeps.append,
            rng=random.Random(7),
            policy=RetryPolicy(max_attempts=4),
            **kw,  # type: ignore[arg-type]
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
