"""Issue 6's must-show replay, through a real ``prefdesk-server`` process: the OASST trees
are imported with the server's own importer, the demo guideline pack is published through
the publish path (signature checked), one batch with overlap 7 is assigned to seven
simulated annotators — four faithful with small noise, a random clicker, one who always
ranks in displayed order, one who is far too fast — and their rankings are pushed over
HTTP on a loopback port, with QC running on every push. The lead's report must flag the
three bad ones and none of the faithful, and its agreement figures must equal what this
test computes itself from the pushed rankings with scipy and krippendorff."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from statistics import fmean

import httpx
import krippendorff
import numpy as np
import pytest
import scipy.stats  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from guidelines.keys import TrustedKey
from guidelines.pack import load_pack
from guidelines.signing import sign_pack
from protocol import JudgmentPayload, PackRef, payload_sha256
from server import packs
from server.admin import assigning, batching, importing, projects, users
from server.admin.demo import default_source
from server.db import Database, new_id, sqlite_url
from server.models import Item
from server.qc.consistency import ItemText
from server.qc_on_push import item_text
from tests.server.qc.test_oasst_replay import BAD, FAITHFUL, FILE, _simulate
from tests.sync_e2e.real_server import fresh_postgres_schema, running_server

pytestmark = pytest.mark.skipif(
    not FILE.exists(), reason=f"shared OASST data not present at {FILE} (../shared is absent)"
)
PROJECT = "oasst"
LEAD = "lead"
ANNOTATORS = (*FAITHFUL, *BAD)
#: Judgments a push carries, as a laptop's outbox would send them in pages.
PAGE = 200

Pushed = dict[str, dict[str, list[str]]]  # item → annotator → ranking, best first


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def vendor(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    """``serve`` arguments and the database URL: a SQLite data folder, or a fresh
    PostgreSQL schema (never the public one)."""
    if request.param == "sqlite":
        data = tmp_path / "vendor"
        data.mkdir()
        yield ["--data", str(data)], sqlite_url(data)
        return
    with fresh_postgres_schema() as url:
        yield ["--database-url", url], url


def _publish_demo_pack(session: Session, lead: str) -> PackRef:
    """The demo guideline pack signed by a key the project trusts, through the same
    ``server.packs.publish`` the publish endpoint calls (it verifies the signature)."""
    pack = load_pack(default_source() / "guidelines")
    key = Ed25519PrivateKey.generate()
    projects.trust_keys(session, PROJECT, [TrustedKey(key.public_key())])
    canonical = base64.b64encode(pack.canonical_bytes()).decode("ascii")
    published = packs.publish(session, PROJECT, lead, canonical, sign_pack(pack, key).to_toml())
    return PackRef(id=published.pack_id, version=published.version, sha256=published.sha256)


def _seed(url: str) -> tuple[dict[str, str], PackRef, dict[str, ItemText]]:
    """Project, people, items, pack and one overlap-7 batch, with the admin functions the
    ``prefdesk-server admin`` commands call. Returns tokens, the pack and each item's text
    as the server's QC reads it."""
    db = Database.open(url)
    try:
        with db.session() as session:
            projects.create_project(session, PROJECT, "OASST replay")
            tokens: dict[str, str] = {}
            for name in (*ANNOTATORS, LEAD):
                users.add_user(session, name)
                users.grant(session, PROJECT, name, "lead" if name == LEAD else "annotator")
                tokens[name] = users.issue(session, name).token
            imported = importing.import_file(session, PROJECT, FILE)
            assert imported.format == "oasst"
            pack = _publish_demo_pack(session, LEAD)
            (batch,) = batching.make_batches(
                session, PROJECT, size=imported.added, overlap=len(ANNOTATORS), pack_id=pack.id
            )
            for name in ANNOTATORS:
                assigning.assign_batch(session, PROJECT, batch.id, name)
            rows = session.execute(
                select(Item.id, Item.item_json).where(Item.project_id == PROJECT)
            )
            texts = {item_id: item_text(json.loads(raw)) for item_id, raw in rows}
    finally:
        db.dispose()
    return tokens, pack, texts


Payloads = dict[str, list[JudgmentPayload]]  # annotator → judgments in push order


def _payloads(pack: PackRef, served: dict[str, ItemText]) -> tuple[Payloads, Pushed]:
    """The simulated judgments as each annotator's laptop would push them."""
    judgments, simulated, _ = _simulate()
    by_name: Payloads = {}
    pushed: Pushed = {}
    for j in judgments:
        ranking = [group[0] for group in j.answers["rank"]]
        pushed.setdefault(j.item_id, {})[j.annotator] = ranking
        # The simulation times reading the parent turn only; the server's reading floor
        # counts the whole conversation. Keep each annotator's pace against the floor.
        scale = served[j.item_id].chars / simulated[j.item_id].chars
        by_name.setdefault(j.annotator, []).append(
            JudgmentPayload(
                id=new_id(),
                item_id=j.item_id,
                pack=pack,
                answers={"ranking": [[r] for r in ranking]},
                status="submitted",
                display_order=list(j.display_order),
                active_ms=round(j.active_ms * scale),
                created_at=f"{str(j.submitted_at)[:10]}T09:00:00.000000Z",
                submitted_at=j.submitted_at,
            )
        )
    return by_name, pushed


def _push_all(url: str, tokens: dict[str, str], payloads: Payloads) -> None:
    with httpx.Client(base_url=url, timeout=120) as http:
        for name, mine in payloads.items():
            for start in range(0, len(mine), PAGE):
                body = {
                    "device_id": f"laptop-{name}",
                    "session_id": f"replay-{name}",
                    "items": [
                        {
                            "client_seq": start + n + 1,
                            "payload": p.model_dump(),
                            "payload_sha256": payload_sha256(p.model_dump()),
                        }
                        for n, p in enumerate(mine[start : start + PAGE])
                    ],
                }
                response = http.post(
                    "/v1/push", json=body, headers={"Authorization": f"Bearer {tokens[name]}"}
                )
                assert response.status_code == 200, response.text
                statuses = {r["status"] for r in response.json()["results"]}
                assert statuses == {"accepted"}, response.text


def _independent(pushed: Pushed) -> tuple[float, float, dict[tuple[str, str], float]]:
    """Mean pairwise τ-b, ordinal α on rank positions, and each pair's mean τ-b."""
    names = sorted({n for per in pushed.values() for n in per})
    taus: list[float] = []
    pairs: dict[tuple[str, str], list[float]] = {}
    positions: dict[tuple[str, str], dict[str, int]] = {}
    for item_id, per in pushed.items():
        for name, ranking in per.items():
            for place, response in enumerate(ranking):
                positions.setdefault((item_id, response), {})[name] = place
        for a, b in combinations(sorted(per), 2):
            xa = list(range(len(per[a])))
            xb = [per[b].index(r) for r in per[a]]
            tau = float(scipy.stats.kendalltau(xa, xb, variant="b").statistic)
            taus.append(tau)
            pairs.setdefault((a, b), []).append(tau)
    units = sorted(positions)
    matrix = np.array([[positions[u].get(n, np.nan) for u in units] for n in names], dtype=float)
    alpha = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal"))
    return fmean(taus), alpha, {k: fmean(v) for k, v in pairs.items()}


@pytest.mark.slow
def test_the_server_flags_the_three_bad_replayed_annotators_and_matches_scipy(
    vendor: tuple[list[str], str],
) -> None:
    where, url = vendor
    tokens, pack, served = _seed(url)
    payloads, pushed = _payloads(pack, served)
    with running_server(where) as server_url:
        _push_all(server_url, tokens, payloads)
        report = httpx.get(
            f"{server_url}/v1/projects/{PROJECT}/report",
            headers={"Authorization": f"Bearer {tokens[LEAD]}"},
            timeout=120,
        )
    assert report.status_code == 200, report.text
    body = report.json()
    people = {a["user_id"]: a for a in body["annotators"]}
    flags = {name: a["flags"] for name, a in people.items()}
    assert sorted(flags) == sorted(ANNOTATORS)
    assert all(flags[name] == [] for name in FAITHFUL), flags
    assert "peer_agreement" in flags["random_clicker"], flags
    assert "position_bias" in flags["first_clicker"], flags
    assert flags["too_fast"] == ["too_fast"], flags
    assert people["first_clicker"]["position_shares"][0] == 1.0  # always the first shown
    assert all(people[name]["judgments"] == len(pushed) for name in ANNOTATORS)
    assert body["judgments"] == len(ANNOTATORS) * len(pushed)
    assert people["too_fast"]["qc_counts"]["too_fast"] == len(pushed)
    assert body["qc_counts"]["too_fast"] == len(pushed)  # nobody else is ever too fast
    (ranking,) = [q for q in body["questions"] if q["question_id"] == "ranking"]
    mean_tau, alpha, pair_taus = _independent(pushed)
    assert ranking["metric"] == "mean_tau_b"
    assert ranking["value"] == pytest.approx(mean_tau, abs=1e-9)
    assert ranking["alpha"] == pytest.approx(alpha, abs=1e-9)
    assert (ranking["units"], ranking["annotators"]) == (len(pushed), len(ANNOTATORS))
    served_pairs = {(p["a"], p["b"]): p["value"] for p in ranking["pairs"]}
    assert served_pairs.keys() == pair_taus.keys()
    for pair, value in pair_taus.items():
        assert served_pairs[pair] == pytest.approx(value, abs=1e-9), pair
    for name in ANNOTATORS:
        mine = [v for (a, b), v in pair_taus.items() if name in (a, b)]
        assert people[name]["peer_agreement"] == pytest.approx(fmean(mine), abs=1e-9), name
