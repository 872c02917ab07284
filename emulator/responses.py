"""The thin HTTP layer for Stripe's API: auth, params, idempotency, then one model call.

Each endpoint is an `Action`: the params schema it accepts and what to call on the `Backend`.
Everything Stripe-specific about *rules* lives in `models/`; this module only translates.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from emulator.exceptions import (
    ApiError,
    IdempotencyError,
    InvalidRequestError,
    ParamError,
    StripeError,
)
from emulator.models import (
    checkout_session,
    coupon,
    event,
    payment_link,
    price,
    product,
    shipping_rate,
    webhook_endpoint,
)
from emulator.models.backend import Backend
from emulator.models.common import EXPAND
from emulator.params import Obj
from emulator.store import IdempotentResponse
from emulator.wire import (
    api_key,
    decode_params,
    error_response,
    json_response,
    new_request_id,
)

__all__ = ["ACTIONS", "Action", "endpoint", "not_found"]

_log = logging.getLogger("emulator")

Run = Callable[[Backend, dict[str, str], dict[str, Any], str], dict[str, Any]]

_RETRIEVE = Obj(fields=EXPAND)
_NONE = Obj()


@dataclass(frozen=True)
class Action:
    """One Stripe endpoint: its params schema and the model call that answers it."""

    schema: Obj
    run: Run


def _link(b: Backend, obj: dict[str, Any]) -> dict[str, Any]:
    return b.payment_links.render(obj)


#: Every Stripe endpoint the emulator answers, by name (see `urls.py` for the paths).
ACTIONS: dict[str, Action] = {
    "product.create": Action(product.CREATE, lambda b, ids, p, url: b.products.create(p)),
    "product.list": Action(product.LIST, lambda b, ids, p, url: b.products.list(p, url)),
    "product.retrieve": Action(_RETRIEVE, lambda b, ids, p, url: b.products.get(ids["id"])),
    "product.update": Action(
        product.UPDATE, lambda b, ids, p, url: b.products.update(ids["id"], p)
    ),
    "product.delete": Action(_NONE, lambda b, ids, p, url: b.products.delete(ids["id"])),
    "price.create": Action(price.CREATE, lambda b, ids, p, url: b.prices.create(p)),
    "price.list": Action(price.LIST, lambda b, ids, p, url: b.prices.list(p, url)),
    "price.retrieve": Action(_RETRIEVE, lambda b, ids, p, url: b.prices.get(ids["id"])),
    "price.update": Action(price.UPDATE, lambda b, ids, p, url: b.prices.update(ids["id"], p)),
    "coupon.create": Action(coupon.COUPON_CREATE, lambda b, ids, p, url: b.coupons.create(p)),
    "coupon.list": Action(coupon.COUPON_LIST, lambda b, ids, p, url: b.coupons.list(p, url)),
    "coupon.retrieve": Action(_RETRIEVE, lambda b, ids, p, url: b.coupons.get(ids["id"])),
    "coupon.update": Action(
        coupon.COUPON_UPDATE, lambda b, ids, p, url: b.coupons.update(ids["id"], p)
    ),
    "coupon.delete": Action(_NONE, lambda b, ids, p, url: b.coupons.delete(ids["id"])),
    "promotion_code.create": Action(
        coupon.CODE_CREATE, lambda b, ids, p, url: b.promotion_codes.create(p)
    ),
    "promotion_code.list": Action(
        coupon.CODE_LIST, lambda b, ids, p, url: b.promotion_codes.list(p, url)
    ),
    "promotion_code.retrieve": Action(
        _RETRIEVE, lambda b, ids, p, url: b.promotion_codes.get(ids["id"])
    ),
    "promotion_code.update": Action(
        coupon.CODE_UPDATE, lambda b, ids, p, url: b.promotion_codes.update(ids["id"], p)
    ),
    "shipping_rate.create": Action(
        shipping_rate.CREATE, lambda b, ids, p, url: b.shipping_rates.create(p)
    ),
    "shipping_rate.list": Action(
        shipping_rate.LIST, lambda b, ids, p, url: b.shipping_rates.list(p, url)
    ),
    "shipping_rate.retrieve": Action(
        _RETRIEVE, lambda b, ids, p, url: b.shipping_rates.get(ids["id"])
    ),
    "shipping_rate.update": Action(
        shipping_rate.UPDATE, lambda b, ids, p, url: b.shipping_rates.update(ids["id"], p)
    ),
    "payment_link.create": Action(
        payment_link.CREATE, lambda b, ids, p, url: _link(b, b.payment_links.create(p))
    ),
    "payment_link.list": Action(
        payment_link.LIST, lambda b, ids, p, url: b.payment_links.list(p, url)
    ),
    "payment_link.retrieve": Action(
        _RETRIEVE, lambda b, ids, p, url: _link(b, b.payment_links.get(ids["id"]))
    ),
    "payment_link.update": Action(
        payment_link.UPDATE,
        lambda b, ids, p, url: _link(b, b.payment_links.update(ids["id"], p)),
    ),
    "payment_link.line_items": Action(
        payment_link.LINE_ITEMS,
        lambda b, ids, p, url: b.payment_links.line_items(ids["id"], p, url),
    ),
    "webhook_endpoint.create": Action(
        webhook_endpoint.CREATE, lambda b, ids, p, url: b.webhook_endpoints.create(p)
    ),
    "webhook_endpoint.list": Action(
        webhook_endpoint.LIST, lambda b, ids, p, url: b.webhook_endpoints.list(p, url)
    ),
    "webhook_endpoint.retrieve": Action(
        _RETRIEVE,
        lambda b, ids, p, url: b.webhook_endpoints.render(b.webhook_endpoints.get(ids["id"])),
    ),
    "webhook_endpoint.update": Action(
        webhook_endpoint.UPDATE,
        lambda b, ids, p, url: b.webhook_endpoints.render(b.webhook_endpoints.update(ids["id"], p)),
    ),
    "webhook_endpoint.delete": Action(
        _NONE, lambda b, ids, p, url: b.webhook_endpoints.delete(ids["id"])
    ),
    "checkout_session.list": Action(
        checkout_session.LIST, lambda b, ids, p, url: b.checkout_sessions.list(p, url)
    ),
    "checkout_session.retrieve": Action(
        checkout_session.RETRIEVE,
        lambda b, ids, p, url: b.checkout_sessions.render(b.checkout_sessions.get(ids["id"])),
    ),
    "checkout_session.line_items": Action(
        checkout_session.LINE_ITEMS,
        lambda b, ids, p, url: b.checkout_sessions.line_items(ids["id"], p, url),
    ),
    "event.list": Action(event.LIST, lambda b, ids, p, url: b.events.list(p, url)),
    "event.retrieve": Action(event.RETRIEVE, lambda b, ids, p, url: b.events.get(ids["id"])),
}


def _fingerprint(method: str, path: str, raw: dict[str, Any]) -> str:
    text = json.dumps([method, path, raw], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _answer(backend: Backend, action: Action, request: Request, raw: dict[str, Any]) -> Response:
    """Parse, run, expand: the model's answer or its Stripe-shaped error. A bug in the
    emulator answers 500 api_error (logged), as Stripe answers its own failures."""
    params = action.schema.parse_fields(raw)
    ids = {key: str(value) for key, value in request.path_params.items()}
    try:
        result = action.run(backend, ids, params, request.url.path)
        result = backend.expand(result, params.get("expand", []))
        return json_response(result)
    except StripeError:
        raise
    except Exception as error:
        _log.exception("emulator bug answering %s %s", request.method, request.url.path)
        raise ApiError(f"The emulator failed on this request: {error!r}") from error


def endpoint(name: str) -> Callable[[Request], Awaitable[Response]]:
    """The starlette endpoint for one action, with auth and `Idempotency-Key` handling."""
    action = ACTIONS[name]

    async def handle(request: Request) -> Response:
        backend: Backend = request.app.state.backend
        try:
            api_key(request)
            raw = decode_params(request.url.query, await request.body())
        except StripeError as error:
            return error_response(error)
        key = request.headers.get("idempotency-key")
        if key is None or request.method != "POST":
            try:
                return _answer(backend, action, request, raw)
            except StripeError as error:
                return error_response(error)
        return _idempotent(backend, action, request, raw, key)

    handle.__name__ = name.replace(".", "_")
    return handle


def _idempotent(
    backend: Backend, action: Action, request: Request, raw: dict[str, Any], key: str
) -> Response:
    """Replay the first answer for a key; refuse the key with different params (Stripe's rule).
    Runs without awaiting, so on the event loop a key is checked and claimed atomically."""
    if len(key) > 255:
        return error_response(
            InvalidRequestError(
                "Invalid Idempotency-Key: must be at most 255 characters.",
                param="Idempotency-Key",
            )
        )
    fingerprint = _fingerprint(request.method, request.url.path, raw)
    saved = backend.store.idempotent_response(key)
    if saved is not None:
        if saved.fingerprint != fingerprint:
            return error_response(
                IdempotencyError(
                    "Keys for idempotent requests can only be used with the same parameters they "
                    f"were first used with. Try using a key other than '{key}' if you meant to "
                    "execute a different request.",
                    code="idempotency_key_in_use",
                )
            )
        return Response(
            saved.body,
            status_code=saved.status,
            media_type="application/json",
            headers={
                "Request-Id": new_request_id(),
                "Idempotent-Replayed": "true",
                "Idempotency-Key": key,
            },
        )
    try:
        response = _answer(backend, action, request, raw)
    except ParamError as error:
        return error_response(error)  # validation failures are not saved, as on Stripe
    except StripeError as error:
        response = error_response(error)
    if response.status_code < 500:
        backend.store.save_idempotent_response(
            key,
            IdempotentResponse(fingerprint, response.status_code, bytes(response.body).decode()),
        )
    response.headers["Idempotency-Key"] = key
    return response


async def not_found(request: Request) -> Response:
    """Stripe's answer to a path it does not know."""
    return error_response(
        StripeError(
            f"Unrecognized request URL ({request.method}: {request.url.path}). Please see "
            "https://stripe.com/docs or we can help at https://support.stripe.com/.",
            status=404,
        )
    )
