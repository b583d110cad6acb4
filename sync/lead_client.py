"""The lead's calls: review queue, judgment detail, decisions, batches, report, delivery.

Qt-free and synchronous; the app runs each call on its network pool. Every failure is a
``LeadError`` with a sentence for people (the server's own where it gave one), the HTTP
status (None when the server was not reached) and, for a refused field, where. Reads and
decisions (idempotent by ``review_id``) are retried on network failures and 5xx/429.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from protocol import (
    BatchProgress,
    DeliveryRequest,
    ErrorBody,
    JudgmentDetail,
    ProjectReport,
    ReviewDecision,
    ReviewQueue,
    WhoAmI,
)
from sync._retry import RETRYABLE_ERRORS, RetryPolicy, classify_status, delay_before_retry
from sync._transport import make_client

Model = TypeVar("Model", bound=BaseModel)
LEAD_ROLES = frozenset({"lead", "admin"})


class LeadError(Exception):
    """A lead call failed: ``message`` is for people; ``status`` None means unreachable."""

    def __init__(self, message: str, status: int | None = None, code: str = "", where: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.where = where


@dataclass(frozen=True)
class QueueQuery:
    """The review queue's filters, as the server's query parameters."""

    rule: str | None = None
    flagged: bool | None = None
    batch: str | None = None
    user: str | None = None
    review: str = "any"
    sample: float = 1.0
    seed: str = ""
    after: int = 0
    limit: int = 100

    def params(self) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "rule": self.rule,
            "flagged": None if self.flagged is None else str(self.flagged).lower(),
            "batch": self.batch,
            "user": self.user,
            "review": self.review,
            "sample": self.sample,
            "seed": self.seed,
            "after": self.after,
            "limit": self.limit,
        }
        return {k: v for k, v in raw.items() if v is not None and v != ""}


class LeadClient:
    """Calls of one signed-in lead against ``server_url``; close it (or use ``with``)."""

    def __init__(
        self,
        server_url: str,
        token: str,
        *,
        client_version: str,
        transport: httpx.BaseTransport | httpx.Client | None = None,
        verify: bool | str = True,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = make_client(server_url, token, client_version, transport, verify)
        self._token = token
        self._policy = policy or RetryPolicy(max_attempts=3)
        self._sleep = sleep
        self._rng = random.Random()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LeadClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- calls -----------------------------------------------------------------------------

    def lead_projects(self) -> list[str]:
        """The projects where this account may review, sorted."""
        me = self._parse(WhoAmI, self._call("GET", "/v1/me"))
        return sorted(p for p, roles in me.roles.items() if LEAD_ROLES & set(roles))

    def queue(self, project_id: str, query: QueueQuery) -> ReviewQueue:
        response = self._call("GET", f"/v1/projects/{project_id}/review", params=query.params())
        return self._parse(ReviewQueue, response)

    def judgment(self, project_id: str, judgment_id: str) -> JudgmentDetail:
        response = self._call("GET", f"/v1/projects/{project_id}/judgments/{judgment_id}")
        return self._parse(JudgmentDetail, response)

    def decide(self, project_id: str, judgment_id: str, decision: ReviewDecision) -> JudgmentDetail:
        """Record a decision; give it a ``review_id`` so a retry never records it twice."""
        path = f"/v1/projects/{project_id}/judgments/{judgment_id}/review"
        return self._parse(JudgmentDetail, self._call("POST", path, body=decision))

    def batches(self, project_id: str) -> list[BatchProgress]:
        response = self._call("GET", f"/v1/projects/{project_id}/batches")
        try:
            return [BatchProgress.model_validate(b) for b in response.json()]
        except (ValueError, ValidationError) as exc:
            raise LeadError(f"The server's list of batches was not understood ({exc}).") from None

    def accept_batch(self, project_id: str, batch_id: str) -> BatchProgress:
        path = f"/v1/projects/{project_id}/batches/{batch_id}/accept"
        return self._parse(BatchProgress, self._call("POST", path))

    def report(self, project_id: str) -> ProjectReport:
        response = self._call("GET", f"/v1/projects/{project_id}/report")
        return self._parse(ProjectReport, response)

    def delivery(self, project_id: str, request: DeliveryRequest) -> bytes:
        """The delivery as zip bytes (folders per format and ``manifest.json``)."""
        path = f"/v1/projects/{project_id}/deliveries"
        return self._call("POST", path, body=request, timeout=600.0).content

    # -- plumbing --------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        content = None if body is None else body.model_dump_json().encode("utf-8")
        headers = {"Content-Type": "application/json"} if content is not None else {}
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        problem = "no attempt was made"
        for attempt in range(self._policy.max_attempts):
            response: httpx.Response | None = None
            try:
                response = self._http.request(
                    method, path, content=content, params=params, headers=headers, **extra
                )
            except RETRYABLE_ERRORS as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                verdict = classify_status(response.status_code)
                if verdict == "ok":
                    return response
                if verdict != "retry":
                    raise self._refused(response)
                problem = f"{response.status_code}: {_error(response).message}"
            if attempt + 1 < self._policy.max_attempts:
                self._sleep(delay_before_retry(self._policy, attempt, self._rng, response))
        host = self._http.base_url.host or str(self._http.base_url)
        raise LeadError(self._scrub(f"Could not reach the server at {host} ({problem})."))

    def _refused(self, response: httpx.Response) -> LeadError:
        error = _error(response)
        message = error.message
        if response.status_code == 401:
            message = f"The server did not accept your sign-in: {message}"
        elif response.status_code == 403:
            message = f"Your account may not do this: {message}"
        return LeadError(self._scrub(message), response.status_code, error.code, error.where or "")

    def _parse(self, model: type[Model], response: httpx.Response) -> Model:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise LeadError(
                f"The server's answer to {response.request.url.path} was not understood "
                f"({exc.error_count()} problem(s)). Prefdesk or the server may need updating."
            ) from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "[token]") if self._token else text


def _error(response: httpx.Response) -> ErrorBody:
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return ErrorBody(code="", message=response.reason_phrase or "no explanation given")
