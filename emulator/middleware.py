"""ASGI middleware applying the test controls to every Stripe API request: rate limit, fault
injection (before or after the write), and the request log. `/_emulator/` paths bypass it."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulator.controls import FaultPlan, LoggedRequest, RateLimiter, RequestLog
from emulator.exceptions import ApiError, ParamError, RateLimitError, StripeError
from emulator.wire import decode_params, new_request_id

__all__ = ["ControlsMiddleware", "DroppedConnection"]


class DroppedConnection(Exception):
    """Raised after sending headers only: uvicorn then closes the socket mid-response."""


class ControlsMiddleware:
    """Wraps the Stripe API app; holds no state of its own (see `controls.py`)."""

    def __init__(self, app: ASGIApp, log: RequestLog, limiter: RateLimiter, state: Any) -> None:
        self.app = app
        self.log = log
        self.limiter = limiter
        #: An object with a `faults: FaultPlan` attribute, replaced by `POST /_emulator/faults`.
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator"):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        method, path = scope["method"], scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            params: dict[str, Any] = decode_params(scope.get("query_string", b""), body)
        except ParamError:
            params = {}
        status = {"code": 0}
        received_at = time.time()

        def record() -> None:
            self.log.append(
                LoggedRequest(
                    method, path, status["code"], params, headers.get("idempotency-key"),
                    received_at=received_at, answered_at=time.time(),
                )
            )

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def tracking_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        if not self.limiter.allow():
            status["code"] = 429
            record()
            await _send_error(send, RateLimitError())
            return
        plan: FaultPlan = self.state.faults
        fault = plan.pick(method, path)
        if fault == "latency":
            await asyncio.sleep(plan.latency_ms / 1000)
        elif fault in ("429", "500", "drop"):
            status["code"] = {"429": 429, "500": 500, "drop": 0}[fault]
            record()
            if fault == "drop":
                await _drop(send)
            await _send_error(send, _fault_error(fault))
            return
        if fault in ("500-after", "drop-after"):
            swallowed: list[Message] = []

            async def swallow(message: Message) -> None:
                swallowed.append(message)

            await self.app(scope, replay, swallow)
            status["code"] = 500 if fault == "500-after" else 0
            record()
            if fault == "drop-after":
                await _drop(send)
            await _send_error(send, _fault_error("500"))
            return
        try:
            await self.app(scope, replay, tracking_send)
        finally:
            record()


def _fault_error(kind: str) -> StripeError:
    if kind == "429":
        return RateLimitError()
    return ApiError(
        "An unknown error occurred while processing this request (fault injected by the emulator).",
    )


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send_error(send: Send, error: StripeError) -> None:
    body = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"request-id", new_request_id().encode()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drop(send: Send) -> None:
    """Promise a body, send none, and fail: the client sees the connection close."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
        }
    )
    raise DroppedConnection("connection dropped by fault injection")
