"""Read what `paylinks import` needs from a Stripe account, through the providers' one client.

Going through `providers.stripe_client` means the same settings (``STRIPE_API_KEY``,
``STRIPE_API_BASE``, ``PAYLINKS_LIVE``), the same live-key guard (checked before any request),
the same 429 backoff and the same scrubbed error messages as `pulumi up`. Each kind of
`translate.IMPORTS` is listed by its provider's stripe-python service, with its `listing` filters
(active products, prices and links; every coupon, code and rate, so the import can say which it
left out and why a reference to one is dropped).
"""

from __future__ import annotations

import time
from typing import Any

import stripe

from paylinks.importer.translate import IMPORTS, AccountSnapshot, Kind, KindImport
from providers import stripe_client
from providers.payment_link import list_line_items
from providers.product_feature import attached_feature_ids
from schemas.kinds import KINDS

__all__ = ["read_account", "service"]

_BY_KIND: dict[str, KindImport] = {kind_import.kind: kind_import for kind_import in IMPORTS}


def service(kind: Kind, client: stripe.StripeClient) -> Any:
    """The stripe-python service of `kind` (``client.v1.coupons``), as its provider uses it."""
    return _BY_KIND[kind].provider().service(client)


def _list(kind_import: KindImport) -> list[dict[str, Any]]:
    filters = kind_import.listing
    return list(
        stripe_client.list_all(
            f"list {KINDS[kind_import.kind].label}s",
            lambda client, params: service(kind_import.kind, client).list(
                params={**params, **filters}
            ),
        )
    )


def read_account() -> AccountSnapshot:
    """Every kind `translate.IMPORTS` names, each payment link's line items and the ids of the
    entitlement features attached to each product (as its ``features``)."""
    read_at = int(time.time())
    lists = {KINDS[item.kind].section: _list(item) for item in IMPORTS}
    for link in lists["payment_links"]:
        link["line_items"] = list_line_items(link["id"])
    for product in lists["products"]:
        product["features"] = attached_feature_ids(product["id"])
    return AccountSnapshot(**lists, read_at=read_at)
