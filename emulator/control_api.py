"""`/_emulator/` endpoints for tests: health, request log, faults, rate limit, and the
connected accounts and shipping rates the emulated account holds.
Never collides with Stripe paths; needs no API key."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator.controls import FaultPlan
from emulator.exceptions import StripeError
from emulator.models.references import EXTERNAL_KINDS, register

__all__ = [
    "add_objects",
    "clear_faults",
    "clear_requests",
    "get_faults",
    "get_rate_limit",
    "health",
    "list_requests",
    "set_faults",
    "set_rate_limit",
]


async def health(request: Request) -> Response:
    """Readiness check: 200 once the server answers."""
    return JSONResponse({"status": "ok", "base_url": request.app.state.config.base_url})


async def list_requests(request: Request) -> Response:
    """The request log as `[{method, path, status, params, idempotency_key}]`, oldest first."""
    return JSONResponse([entry.to_json() for entry in request.app.state.log.entries()])


async def clear_requests(request: Request) -> Response:
    """Empty the request log."""
    request.app.state.log.clear()
    return Response(status_code=204)


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"{}")
    except json.JSONDecodeError as error:
        raise ValueError(f"body must be JSON: {error}") from None


async def get_faults(request: Request) -> Response:
    """The fault plan in force."""
    return JSONResponse(request.app.state.faults.to_json())


async def set_faults(request: Request) -> Response:
    """Replace the fault plan (see `FaultPlan.from_json` for the JSON)."""
    try:
        request.app.state.faults = FaultPlan.from_json(await _json(request))
    except (ValueError, TypeError, AttributeError) as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    return JSONResponse(request.app.state.faults.to_json())


async def clear_faults(request: Request) -> Response:
    """Stop injecting faults."""
    request.app.state.faults = FaultPlan()
    return Response(status_code=204)


async def get_rate_limit(request: Request) -> Response:
    """`{"per_second": N}` or null when unlimited."""
    return JSONResponse({"per_second": request.app.state.limiter.per_second})


async def set_rate_limit(request: Request) -> Response:
    """`{"per_second": 25}` to limit like Stripe's test mode, `null` to remove the limit."""
    try:
        value = (await _json(request)).get("per_second")
        per_second = None if value is None else float(value)
    except (ValueError, TypeError, AttributeError) as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    request.app.state.limiter.configure(per_second)
    return JSONResponse({"per_second": per_second})


async def add_objects(request: Request) -> Response:
    """`{"account": ["acct_1"]}`: objects made outside the API the emulator serves (Connect
    onboarding) that links may then name."""
    try:
        wanted = await _json(request)
        if not isinstance(wanted, dict) or set(wanted) - set(EXTERNAL_KINDS):
            raise ValueError(f"body must be a JSON object with keys among {sorted(EXTERNAL_KINDS)}")
        store = request.app.state.backend.store
        added = [
            register(store, kind, str(object_id))
            for kind, ids in wanted.items()
            for object_id in ids
        ]
    except (ValueError, TypeError, StripeError) as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    return JSONResponse(added)
