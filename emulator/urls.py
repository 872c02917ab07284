"""Routing: Stripe's v1 paths to actions, `/_emulator/` controls, payment link pages."""

from __future__ import annotations

from starlette.routing import Route

from emulator import control_api
from emulator.checkout import checkout_control_routes, customer_routes
from emulator.responses import endpoint, not_found

__all__ = ["routes"]

_ALL_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"]


def _resource(path: str, kind: str, *, delete: bool) -> list[Route]:
    item_methods = {"GET": "retrieve", "POST": "update"}
    if delete:
        item_methods["DELETE"] = "delete"
    return [
        Route(path, endpoint(f"{kind}.create"), methods=["POST"]),
        Route(path, endpoint(f"{kind}.list"), methods=["GET"]),
        *(
            Route(f"{path}/{{id}}", endpoint(f"{kind}.{action}"), methods=[method])
            for method, action in item_methods.items()
        ),
    ]


def routes() -> list[Route]:
    """Every route the emulator serves, in matching order."""
    return [
        Route(
            "/v1/products/{product}/features",
            endpoint("product_feature.create"),
            methods=["POST"],
        ),
        Route(
            "/v1/products/{product}/features",
            endpoint("product_feature.list"),
            methods=["GET"],
        ),
        Route(
            "/v1/products/{product}/features/{id}",
            endpoint("product_feature.retrieve"),
            methods=["GET"],
        ),
        Route(
            "/v1/products/{product}/features/{id}",
            endpoint("product_feature.delete"),
            methods=["DELETE"],
        ),
        *_resource("/v1/products", "product", delete=True),
        *_resource("/v1/entitlements/features", "entitlement_feature", delete=False),
        *_resource("/v1/prices", "price", delete=False),
        *_resource("/v1/shipping_rates", "shipping_rate", delete=False),
        *_resource("/v1/coupons", "coupon", delete=True),
        *_resource("/v1/promotion_codes", "promotion_code", delete=False),
        Route(
            "/v1/payment_links/{id}/line_items",
            endpoint("payment_link.line_items"),
            methods=["GET"],
        ),
        *_resource("/v1/payment_links", "payment_link", delete=False),
        *_resource("/v1/webhook_endpoints", "webhook_endpoint", delete=True),
        Route(
            "/v1/checkout/sessions/{id}/line_items",
            endpoint("checkout_session.line_items"),
            methods=["GET"],
        ),
        Route("/v1/checkout/sessions", endpoint("checkout_session.list"), methods=["GET"]),
        Route("/v1/checkout/sessions/{id}", endpoint("checkout_session.retrieve"), methods=["GET"]),
        Route("/v1/customers", endpoint("customer.list"), methods=["GET"]),
        Route("/v1/customers/{id}", endpoint("customer.retrieve"), methods=["GET"]),
        Route("/v1/subscriptions", endpoint("subscription.list"), methods=["GET"]),
        Route("/v1/subscriptions/{id}", endpoint("subscription.retrieve"), methods=["GET"]),
        Route(
            "/v1/entitlements/active_entitlements",
            endpoint("active_entitlement.list"),
            methods=["GET"],
        ),
        Route("/v1/events", endpoint("event.list"), methods=["GET"]),
        Route("/v1/events/{id}", endpoint("event.retrieve"), methods=["GET"]),
        Route("/_emulator/health", control_api.health, methods=["GET"]),
        Route("/_emulator/requests", control_api.list_requests, methods=["GET"]),
        Route("/_emulator/requests", control_api.clear_requests, methods=["DELETE"]),
        Route("/_emulator/faults", control_api.get_faults, methods=["GET"]),
        Route("/_emulator/faults", control_api.set_faults, methods=["POST"]),
        Route("/_emulator/faults", control_api.clear_faults, methods=["DELETE"]),
        Route("/_emulator/rate_limit", control_api.get_rate_limit, methods=["GET"]),
        Route("/_emulator/rate_limit", control_api.set_rate_limit, methods=["POST"]),
        Route("/_emulator/objects", control_api.add_objects, methods=["POST"]),
        *checkout_control_routes(),
        *customer_routes(),
        Route("/{path:path}", not_found, methods=_ALL_METHODS),
    ]
