"""The HTTP side of a session: one ``httpx.Client``, and requests with retries.

Contract of ``Api.call``: returns a 2xx response, or raises ``SyncStopped`` (offline,
unauthorized, error, cancelled) or ``TooLarge`` (413). Network failures, 5xx and 429 are
retried per the ``RetryPolicy``; other 4xx never are. ``cancel()`` is checked before every
attempt, that is between requests and never inside a local transaction.

The token lives only in the client's ``Authorization`` header. No message built here
contains a header, and any text from elsewhere is scrubbed of the token all the same.
"""

from __future__ import annotations

import gzip
import random
import ssl
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from protocol import CLIENT_VERSION_HEADER, ErrorBody
from sync._errors import SyncStopped, TooLarge
from sync._retry import RETRYABLE_ERRORS, RetryPolicy, classify_status, delay_before_retry

TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
Model = TypeVar("Model", bound=BaseModel)


def make_client(
    server_url: str,
    token: str,
    client_version: str,
    transport: httpx.BaseTransport | httpx.Client | None,
    verify: bool | str,
) -> httpx.Client:
    """A client for ``server_url``; TLS is always verified (``verify`` may name a CA bundle).

    ``transport`` replaces the network (tests, fault injection). An ``httpx.Client`` such
    as Starlette's ``TestClient`` is accepted too: its transport is used.
    """
    if verify is False:
        raise ValueError("TLS verification cannot be turned off; pass a CA bundle path instead")
    if isinstance(transport, httpx.Client):
        transport = transport._transport  # the in-process app behind a TestClient
    if transport is None:
        context = (
            ssl.create_default_context(cafile=verify)
            if isinstance(verify, str)
            else ssl.create_default_context()
        )
        transport = httpx.HTTPTransport(verify=context, retries=0)
    return httpx.Client(
        base_url=server_url.rstrip("/"),
        transport=transport,
        timeout=TIMEOUT,
        headers={
            "Authorization": f"Bearer {token}",
            CLIENT_VERSION_HEADER: f"prefdesk/{client_version}",
        },
        follow_redirects=False,
    )


class Api:
    """Requests of one session, with retries, cancellation and readable failures."""

    def __init__(
        self,
        client: httpx.Client,
        token: str,
        policy: RetryPolicy,
        sleep: Callable[[float], None],
        rng: random.Random,
        cancel: Callable[[], bool],
    ) -> None:
        self._client = client
        self._token = token
        self._policy = policy
        self._sleep = sleep
        self._rng = rng
        self._cancel = cancel
        self.host = urlsplit(str(client.base_url)).netloc or str(client.base_url)

    def check_cancel(self) -> None:
        if self._cancel():
            raise SyncStopped("cancelled", None, None)

    def call(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        passthrough: frozenset[int] = frozenset(),
        compress: bool = False,
    ) -> httpx.Response:
        """``passthrough``: statuses returned as they are instead of raised (e.g. 404).
        ``compress``: send the body gzipped (pushes shrink several times over)."""
        content = None if body is None else body.model_dump_json().encode("utf-8")
        sent_headers = dict(headers or {})
        if content is not None:
            sent_headers["Content-Type"] = "application/json"
            if compress:
                content = gzip.compress(content, compresslevel=6)
                sent_headers["Content-Encoding"] = "gzip"
        last_problem = "no attempt was made"
        offline = True
        for attempt in range(self._policy.max_attempts):
            self.check_cancel()
            response: httpx.Response | None = None
            try:
                response = self._client.request(
                    method, path, content=content, params=params, headers=sent_headers
                )
            except RETRYABLE_ERRORS as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                offline = True
            else:
                verdict = classify_status(response.status_code)
                if verdict == "ok" or response.status_code in passthrough:
                    return response
                if verdict == "too_large":
                    raise TooLarge(path)
                if verdict == "unauthorized":
                    raise SyncStopped(
                        "unauthorized",
                        self.scrub(f"The server did not accept your sign-in: {_message(response)}"),
                        "Sign in again (Account menu, Sign in…), then sync.",
                    )
                if verdict == "fail":
                    raise SyncStopped(
                        "error",
                        self.scrub(
                            f"The server refused {method} {path} ({response.status_code}): "
                            f"{_message(response)}"
                        ),
                        "Your work is kept on this computer. If this keeps happening, "
                        "tell your project lead what the message says.",
                    )
                last_problem = f"{response.status_code}: {_message(response)}"
                offline = False
            if attempt + 1 < self._policy.max_attempts:
                self._sleep(delay_before_retry(self._policy, attempt, self._rng, response))
        if offline:
            raise SyncStopped(
                "offline",
                self.scrub(f"Could not reach the server at {self.host} ({last_problem})."),
                "Check your connection. Your work is kept on this computer and will be sent "
                "at the next sync.",
            )
        raise SyncStopped(
            "error",
            self.scrub(f"The server at {self.host} kept failing ({last_problem})."),
            "Your work is kept on this computer; sync again later.",
        )

    def parse(self, model: type[Model], response: httpx.Response) -> Model:
        """The response body as ``model``; an answer we do not understand stops the sync."""
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise SyncStopped(
                "error",
                self.scrub(
                    f"The server's answer to {response.request.url.path} was not understood "
                    f"({exc.error_count()} problem(s), first: {exc.errors()[0]['msg']})."
                ),
                "Your work is kept on this computer. Prefdesk or the server may need updating.",
            ) from None

    def scrub(self, text: str) -> str:
        """Belt and braces: the token never appears in text shown or stored."""
        return text.replace(self._token, "[token]") if self._token else text


def _message(response: httpx.Response) -> str:
    try:
        return ErrorBody.model_validate_json(response.content).message
    except ValidationError:
        return response.reason_phrase or "no explanation given"
