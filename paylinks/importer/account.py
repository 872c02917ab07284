"""Read what `paylinks import` needs from a Stripe account, through the providers' one client.

Going through `providers.stripe_client` means the same settings (``STRIPE_API_KEY``,
``STRIPE_API_BASE``, ``PAYLINKS_LIVE``), the same live-key guard (checked before any request),
the same 429 backoff and the same scrubbed error messages as `pulumi up`. Each kind is listed by
its provider's stripe-python service (`SERVICES`), with the filters of `LISTINGS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe

from paylinks.importer.translate import AccountSnapshot, Kind
from providers import (
    CouponProvider,
    PaymentLinkProvider,
    PriceProvider,
    ProductProvider,
    PromotionCodeProvider,
    ShippingRateProvider,
    WebhookEndpointProvider,
    stripe_client,
)
from providers.base import StripeResourceProvider
from providers.payment_link import list_line_items
from schemas.kinds import KINDS

__all__ = ["LISTINGS", "read_account", "service"]

_PROVIDERS: Mapping[str, type[StripeResourceProvider]] = {
    provider.kind: provider
    for provider in (
        ProductProvider,
        PriceProvider,
        CouponProvider,
        PromotionCodeProvider,
        ShippingRateProvider,
        PaymentLinkProvider,
        WebhookEndpointProvider,
    )
}
"""The provider of each kind: it knows the kind's stripe-python service."""

LISTINGS: Mapping[Kind, Mapping[str, Any]] = {
    "product": {"active": True},
    "price": {"active": True},
    # Stripe returns a coupon's `applies_to` only when asked for it.
    "coupon": {"expand": ["data.applies_to"]},
    # Inactive codes and archived rates too: the import says which it left out, and why a
    # link's option offering an archived rate is dropped.
    "promotion_code": {},
    "shipping_rate": {},
    "payment_link": {"active": True},
    "webhook_endpoint": {},
}
"""Each imported kind with the filters of its listing."""


def service(kind: Kind, client: stripe.StripeClient) -> Any:
    """The stripe-python service of `kind` (``client.v1.coupons``), as its provider uses it."""
    return _PROVIDERS[kind]().service(client)


def _list(kind: Kind, filters: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(
        stripe_client.list_all(
            f"list {KINDS[kind].label}s",
            lambda client, params: service(kind, client).list(params={**params, **filters}),
        )
    )


def read_account() -> AccountSnapshot:
    """Every kind `LISTINGS` names, and each payment link's line items."""
    lists = {KINDS[kind].section: _list(kind, filters) for kind, filters in LISTINGS.items()}
    for link in lists["payment_links"]:
        link["line_items"] = list_line_items(link["id"])
    return AccountSnapshot(**lists)
