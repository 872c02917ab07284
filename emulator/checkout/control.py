"""`/_emulator/` controls for the customer's side, for tests: the webhook delivery log, the
retry policy, and settling a delayed payment at once. No API key needed, like the others."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from emulator.exceptions import StripeError
from emulator.models.backend import Backend
from emulator.webhook_delivery import RetryPolicy, WebhookDispatcher
from emulator.wire import error_response, json_response

__all__ = ["checkout_control_routes"]


def _dispatcher(request: Request) -> WebhookDispatcher:
    dispatcher: WebhookDispatcher = request.app.state.deliveries
    return dispatcher


async def _json(request: Request) -> Any:
    body = await request.body()
    return json.loads(body) if body.strip() else {}


async def list_deliveries(request: Request) -> Response:
    """`{"data": [attempt...], "pending": n}`, oldest first; `?event=` / `?endpoint=` filter."""
    attempts = [attempt.to_json() for attempt in _dispatcher(request).attempts()]
    for key in ("event", "endpoint", "type"):
        wanted = request.query_params.get(key)
        if wanted:
            attempts = [a for a in attempts if a[key] == wanted]
    return JSONResponse({"data": attempts, "pending": _dispatcher(request).pending()})


async def clear_deliveries(request: Request) -> Response:
    """Forget the delivery log."""
    _dispatcher(request).clear()
    return Response(status_code=204)


async def get_policy(request: Request) -> Response:
    """The retry policy in force."""
    return JSONResponse(_dispatcher(request).policy.to_json())


async def set_policy(request: Request) -> Response:
    """Replace the retry policy: `{"delays": [0.05, 0.1], "timeout": 2}`."""
    try:
        policy = RetryPolicy.from_json(await _json(request))
    except (ValueError, TypeError, AttributeError) as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    _dispatcher(request).policy = policy
    return JSONResponse(policy.to_json())


async def settle_session(request: Request) -> Response:
    """Settle a delayed payment now: `{}` succeeds, `{"outcome": "failed"}` fails it."""
    backend: Backend = request.app.state.backend
    try:
        data = await _json(request)
        outcome = str(data.get("outcome", "succeeded"))
    except (ValueError, AttributeError) as error:
        return JSONResponse({"error": f"body must be a JSON object: {error}"}, status_code=400)
    try:
        session = backend.checkout_sessions.settle(request.path_params["id"], outcome)
    except StripeError as error:
        return error_response(error)
    return json_response(backend.checkout_sessions.render(session))


def checkout_control_routes() -> list[Route]:
    """Routes under `/_emulator/` for deliveries and settlement."""
    return [
        Route("/_emulator/deliveries", list_deliveries, methods=["GET"]),
        Route("/_emulator/deliveries", clear_deliveries, methods=["DELETE"]),
        Route("/_emulator/deliveries/policy", get_policy, methods=["GET"]),
        Route("/_emulator/deliveries/policy", set_policy, methods=["POST"]),
        Route("/_emulator/checkout/sessions/{id}/settle", settle_session, methods=["POST"]),
    ]
