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
    active_entitlement,
    checkout_session,
    coupon,
    customer,
    entitlement_feature,
    event,
    payment_link,
    price,
    product,
    shipping_rate,
    subscription,
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


def _standard(
    kind: str,
    model: Callable[[Backend], Any],
    *,
    create: Obj,
    list_params: Obj,
    update: Obj,
    delete: bool = False,
) -> dict[str, Action]:
    """The create, list, retrieve, update (and delete) endpoints of one resource over its model
    (``lambda b: b.prices``), every object answered as the model renders it: private ``_``
    fields never leave the emulator."""
    actions = {
        f"{kind}.create": Action(
            create, lambda b, ids, p, url: model(b).render(model(b).create(p))
        ),
        f"{kind}.list": Action(list_params, lambda b, ids, p, url: model(b).list(p, url)),
        f"{kind}.retrieve": Action(
            _RETRIEVE, lambda b, ids, p, url: model(b).render(model(b).get(ids["id"]))
        ),
        f"{kind}.update": Action(
            update, lambda b, ids, p, url: model(b).render(model(b).update(ids["id"], p))
        ),
    }
    if delete:
        actions[f"{kind}.delete"] = Action(_NONE, lambda b, ids, p, url: model(b).delete(ids["id"]))
    return actions


#: Every Stripe endpoint the emulator answers, by name (see `urls.py` for the paths).
ACTIONS: dict[str, Action] = {
    **_standard(
        "product",
        lambda b: b.products,
        create=product.CREATE,
        list_params=product.LIST,
        update=product.UPDATE,
        delete=True,
    ),
    **_standard(
        "price",
        lambda b: b.prices,
        create=price.CREATE,
        list_params=price.LIST,
        update=price.UPDATE,
    ),
    **_standard(
        "coupon",
        lambda b: b.coupons,
        create=coupon.COUPON_CREATE,
        list_params=coupon.COUPON_LIST,
        update=coupon.COUPON_UPDATE,
        delete=True,
    ),
    **_standard(
        "promotion_code",
        lambda b: b.promotion_codes,
        create=coupon.CODE_CREATE,
        list_params=coupon.CODE_LIST,
        update=coupon.CODE_UPDATE,
    ),
    **_standard(
        "shipping_rate",
        lambda b: b.shipping_rates,
        create=shipping_rate.CREATE,
        list_params=shipping_rate.LIST,
        update=shipping_rate.UPDATE,
    ),
    **_standard(
        "entitlement_feature",
        lambda b: b.entitlement_features,
        create=entitlement_feature.CREATE,
        list_params=entitlement_feature.LIST,
        update=entitlement_feature.UPDATE,
    ),
    "product_feature.create": Action(
        entitlement_feature.ATTACH,
        lambda b, ids, p, url: b.product_features.render(
            b.product_features.attach(ids["product"], p)
        ),
    ),
    "product_feature.list": Action(
        entitlement_feature.ATTACHED_LIST,
        lambda b, ids, p, url: b.product_features.list_of(ids["product"], p, url),
    ),
    "product_feature.retrieve": Action(
        _RETRIEVE,
        lambda b, ids, p, url: b.product_features.render(
            b.product_features.get_of(ids["product"], ids["id"])
        ),
    ),
    "product_feature.delete": Action(
        _NONE, lambda b, ids, p, url: b.product_features.detach(ids["product"], ids["id"])
    ),
    **_standard(
        "payment_link",
        lambda b: b.payment_links,
        create=payment_link.CREATE,
        list_params=payment_link.LIST,
        update=payment_link.UPDATE,
    ),
    "payment_link.line_items": Action(
        payment_link.LINE_ITEMS,
        lambda b, ids, p, url: b.payment_links.line_items(ids["id"], p, url),
    ),
    **_standard(
        "webhook_endpoint",
        lambda b: b.webhook_endpoints,
        create=webhook_endpoint.CREATE,
        list_params=webhook_endpoint.LIST,
        update=webhook_endpoint.UPDATE,
        delete=True,
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
    "customer.list": Action(customer.LIST, lambda b, ids, p, url: b.customers.list(p, url)),
    "customer.retrieve": Action(
        _RETRIEVE, lambda b, ids, p, url: b.customers.render(b.customers.get(ids["id"]))
    ),
    "subscription.list": Action(
        subscription.LIST, lambda b, ids, p, url: b.subscriptions.list(p, url)
    ),
    "subscription.retrieve": Action(
        _RETRIEVE,
        lambda b, ids, p, url: b.subscriptions.render(b.subscriptions.get(ids["id"])),
    ),
    "active_entitlement.list": Action(
        active_entitlement.LIST, lambda b, ids, p, url: b.active_entitlements.list(p, url)
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
