"""Issue 6's must-show replay, through the real server: the human rankings of the OASST
trees are pushed over HTTP (uvicorn on a loopback port) by seven simulated annotators —
four faithful with small noise, a random clicker, one who always ranks in displayed order,
one who is far too fast — with QC running on every push. The lead's report must flag the
three bad ones and none of the faithful, and its agreement figures must equal what this
test computes itself from the pushed rankings with scipy and krippendorff."""

from __future__ import annotations

import hashlib
import json
from itertools import combinations
from statistics import fmean

import httpx
import krippendorff
import numpy as np
import pytest
import scipy.stats  # type: ignore[import-untyped]

from protocol import JudgmentPayload, payload_sha256
from server.db import Database, new_id, utc_now
from server.models import Item
from tests.server.qc.test_oasst_replay import BAD, FAITHFUL, FILE, _items, _simulate
from tests.server.sync_world import World
from tests.sync_e2e.live_server import live_server

pytestmark = pytest.mark.skipif(
    not FILE.exists(), reason=f"shared OASST data not present at {FILE} (../shared is absent)"
)
PAGE = 200


def _seed(world: World) -> tuple[dict[str, str], str, object]:
    """The OASST items, the demo pack, one batch of everything held by all seven."""
    names = (*FAITHFUL, *BAD)
    tokens = {name: world.member(name, "annotator") for name in names}
    lead = world.member("lead", "lead")
    items = _items()
    with world.db.session() as session:
        for item_id, (text, _truth) in items.items():
            data = {
                "id": item_id,
                "conversation": [{"role": "user", "content": text.prompt}],
                "responses": [{"id": r, "content": c} for r, c in text.responses.items()],
            }
            raw = json.dumps(data, ensure_ascii=False)
            session.add(
                Item(
                    project_id=world.project,
                    id=item_id,
                    item_json=raw,
                    content_sha256=hashlib.sha256(raw.encode()).hexdigest(),
                    response_ids_json=json.dumps(list(text.responses)),
                    is_gold=False,
                    source_name="oasst",
                    imported_at=utc_now(),
                )
            )
    batch = world.batch("oasst", sorted(items), overlap=len(names))
    for name in names:
        world.assign(batch, name)
    return tokens, lead, world.demo_pack()


def _push_all(url: str, tokens: dict[str, str], pack: object) -> dict[str, dict[str, list[str]]]:
    """Push every simulated judgment; returns item → annotator → ranking as pushed."""
    judgments, _, _ = _simulate()
    pushed: dict[str, dict[str, list[str]]] = {}
    by_name: dict[str, list[JudgmentPayload]] = {}
    for j in judgments:
        ranking = [group[0] for group in j.answers["rank"]]
        pushed.setdefault(j.item_id, {})[j.annotator] = ranking
        by_name.setdefault(j.annotator, []).append(
            JudgmentPayload(
                id=new_id(),
                item_id=j.item_id,
                pack=pack,  # type: ignore[arg-type]
                answers={"ranking": [[r] for r in ranking]},
                status="submitted",
                display_order=list(j.display_order),
                active_ms=j.active_ms,
                created_at=f"{j.submitted_at[:10]}T09:00:00.000000Z" if j.submitted_at else None,
                submitted_at=j.submitted_at,
            )
        )
    with httpx.Client(base_url=url, timeout=60) as http:
        for name, payloads in by_name.items():
            for start in range(0, len(payloads), PAGE):
                page = payloads[start : start + PAGE]
                body = {
                    "device_id": f"laptop-{name}",
                    "session_id": f"replay-{name}-{start}",
                    "items": [
                        {
                            "client_seq": start + n + 1,
                            "payload": p.model_dump(),
                            "payload_sha256": payload_sha256(p.model_dump()),
                        }
                        for n, p in enumerate(page)
                    ],
                }
                response = http.post(
                    "/v1/push", json=body, headers={"Authorization": f"Bearer {tokens[name]}"}
                )
                assert response.status_code == 200, response.text
                statuses = {r["status"] for r in response.json()["results"]}
                assert statuses == {"accepted"}, response.text
    return pushed


def _independent(pushed: dict[str, dict[str, list[str]]]) -> tuple[float, float, dict]:
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


def test_the_server_flags_the_three_bad_replayed_annotators_and_matches_scipy(
    world_db: Database,
) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.settings import ServerSettings

    settings = ServerSettings(database_url=str(world_db.engine.url))
    with TestClient(create_app(settings, world_db)) as seeding:
        world = World(world_db, seeding)
        tokens, lead, pack = _seed(world)
    with live_server(world_db, settings) as url:
        pushed = _push_all(url, tokens, pack)
        report = httpx.get(
            f"{url}/v1/projects/{world.project}/report",
            headers={"Authorization": f"Bearer {lead}"},
            timeout=120,
        )
    assert report.status_code == 200, report.text
    body = report.json()
    flags = {a["user_id"]: a["flags"] for a in body["annotators"]}
    assert all(flags[name] == [] for name in FAITHFUL), flags
    assert "peer_agreement" in flags["random_clicker"], flags
    assert "position_bias" in flags["first_clicker"], flags
    assert flags["too_fast"] == ["too_fast"], flags
    (ranking,) = [q for q in body["questions"] if q["question_id"] == "ranking"]
    mean_tau, alpha, pair_taus = _independent(pushed)
    assert ranking["metric"] == "mean_tau_b"
    assert ranking["value"] == pytest.approx(mean_tau, abs=1e-9)
    assert ranking["alpha"] == pytest.approx(alpha, abs=1e-9)
    assert ranking["units"] == len(pushed)
    assert ranking["annotators"] == 7
    served = {(p["a"], p["b"]): p["value"] for p in ranking["pairs"]}
    assert served.keys() == pair_taus.keys()
    for pair, value in pair_taus.items():
        assert served[pair] == pytest.approx(value, abs=1e-9), pair
    assert body["judgments"] == 7 * len(pushed)
    assert body["qc_counts"]["too_fast"] >= len(pushed) // 2
