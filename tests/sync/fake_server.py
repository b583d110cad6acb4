"""A small in-memory server speaking protocol v1, for the client's own tests.

It follows the seq rule of the design (docs: sync-anchors §5.4) closely enough to test the
client's side: stored outcomes replayed for retries, ``gap`` past ``last + 1``,
``violation`` for a taken seq or id with other content, a feed by ``server_seq``, claims
idempotent by id, and the device summary. The real server is tested in tests/server.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

import protocol

TOKEN = "secret-token-123"


@dataclass
class FakeServer:
    token: str = TOKEN
    protocol_range: tuple[int, int] = (1, 1)
    must_stop: bool = False
    message: str = ""
    max_items: int = protocol.MAX_PUSH_ITEMS
    reject_items: set[str] = field(default_factory=set)
    last_seq: dict[str, int] = field(default_factory=dict)
    outcomes: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    judgments: dict[str, tuple[str, int]] = field(default_factory=dict)
    feed: list[protocol.FeedChange] = field(default_factory=list)
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    claimable: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    pushed_seqs: list[int] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def add_change(self, type_: str, id_: str, version: int, body: dict[str, Any] | None) -> None:
        self.feed.append(
            protocol.FeedChange(
                server_seq=self.next_seq(),
                type=type_,  # type: ignore[arg-type]
                id=id_,
                version=version,
                op="upsert" if body is not None else "remove",
                body=body,
            )
        )

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls[path] += 1
        if path == "/v1/meta":
            low, high = self.protocol_range
            meta = protocol.Meta(
                server_version="fake",
                protocol_min=low,
                protocol_max=high,
                min_client_version="0.0.1",
                server_time="2026-11-26T00:00:00Z",
                message=self.message,
                must_stop=self.must_stop,
            )
            return httpx.Response(200, json=meta.model_dump())
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _error(401, "unauthorized", "the token is not valid")
        if path == "/v1/push":
            body = request.content
            if request.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)  # the client compresses pushes, as for the real one
            return self._push(json.loads(body))
        if path == "/v1/feed":
            return self._feed(int(request.url.params["after"]), int(request.url.params["limit"]))
        if path == "/v1/batches/claim":
            return self._claim(protocol.ClaimRequest.model_validate_json(request.content))
        if match := re.fullmatch(r"/v1/devices/([^/]+)/summary", path):
            return httpx.Response(200, json=self.summary(match.group(1)).model_dump())
        return _error(404, "not_found", "no such endpoint")

    def _push(self, raw: dict[str, Any]) -> httpx.Response:
        if len(raw["items"]) > self.max_items:
            return _error(413, "too_large", "too many items")
        request = protocol.PushRequest.model_validate(raw)
        device = request.device_id
        results = []
        for item in request.items:
            self.pushed_seqs.append(item.client_seq)
            results.append(self._one(device, item))
            if results[-1]["status"] == "gap":
                break
        body = {"acked_through": self.last_seq.get(device, 0), "results": results}
        return httpx.Response(200, json=body)

    def _one(self, device: str, item: protocol.PushItem) -> dict[str, Any]:
        last = self.last_seq.get(device, 0)
        jid, sha = item.payload.id, item.payload_sha256
        base = {"client_seq": item.client_seq, "judgment_id": jid}
        if item.client_seq <= last:
            stored = self.outcomes[(device, item.client_seq)]
            if (stored["judgment_id"], stored["sha"]) != (jid, sha):
                return {**base, "status": "violation", "code": "seq_taken"}
            status = "duplicate" if stored["status"] == "accepted" else stored["status"]
            return {
                **base,
                "status": status,
                "server_seq": stored.get("server_seq"),
                "code": stored.get("code"),
            }
        if item.client_seq > last + 1:
            return {**base, "status": "gap", "expected": last + 1}
        self.last_seq[device] = item.client_seq
        known = self.judgments.get(jid)
        if known is not None:
            # As the real server: an id held with other content consumes the seq as a
            # rejection, and this answer says violation.
            status = "accepted" if known[0] == sha else "rejected"
            self.outcomes[(device, item.client_seq)] = {
                "judgment_id": jid,
                "sha": sha,
                "status": status,
                "server_seq": known[1],
                "code": "id_conflict",
            }
            if status == "rejected":
                return {**base, "status": "violation", "code": "id_conflict"}
            return {**base, "status": "duplicate", "server_seq": known[1]}
        if (
            item.payload.item_id in self.reject_items
            or protocol.payload_sha256(item.payload.model_dump()) != sha
        ):
            self.outcomes[(device, item.client_seq)] = {
                "judgment_id": jid,
                "sha": sha,
                "status": "rejected",
                "code": "not_assigned",
            }
            return {**base, "status": "rejected", "code": "not_assigned", "reason": "no"}
        server_seq = self.next_seq()
        self.judgments[jid] = (sha, server_seq)
        self.outcomes[(device, item.client_seq)] = {
            "judgment_id": jid,
            "sha": sha,
            "status": "accepted",
            "server_seq": server_seq,
        }
        return {**base, "status": "accepted", "server_seq": server_seq}

    def _feed(self, after: int, limit: int) -> httpx.Response:
        newer = [c for c in self.feed if c.server_seq > after]
        page = newer[:limit]
        body = protocol.FeedPage(
            changes=page,
            next_after=page[-1].server_seq if page else after,
            has_more=len(newer) > limit,
            feed_head=self.feed[-1].server_seq if self.feed else 0,
        )
        return httpx.Response(200, json=body.model_dump())

    def _claim(self, request: protocol.ClaimRequest) -> httpx.Response:
        if request.claim_request_id not in self.claims:
            if not self.claimable:
                return httpx.Response(200, json={"assignment": None, "reason": "none left"})
            body = self.claimable.pop(0)
            self.claims[request.claim_request_id] = body
            self.add_change("assignment", body["assignment_id"], 1, body)
        return httpx.Response(200, json={"assignment": self.claims[request.claim_request_id]})

    def summary(self, device: str) -> protocol.DeviceSummary:
        mine = [(seq, o) for (d, seq), o in self.outcomes.items() if d == device]
        settled = [(s, o["sha"], o["status"]) for s, o in mine if o["status"] != "violation"]
        return protocol.DeviceSummary(
            device_id=device,
            last_client_seq=self.last_seq.get(device, 0),
            accepted=sum(t[2] == "accepted" for t in settled),
            rejected=sum(t[2] == "rejected" for t in settled),
            digest=protocol.device_digest(settled),
        )


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message})
