"""Read what `paylinks import` needs from a Stripe account, through the providers' one client.

Going through `providers.stripe_client` means the same settings (``STRIPE_API_KEY``,
``STRIPE_API_BASE``, ``PAYLINKS_LIVE``), the same live-key guard (checked before any request),
the same 429 backoff and the same scrubbed error messages as `pulumi up`.
"""

from __future__ import annotations

from paylinks.importer.translate import AccountSnapshot
from providers import stripe_client
from providers.payment_link import list_line_items

__all__ = ["read_account"]


def read_account() -> AccountSnapshot:
    """Active products, prices and links (with line items), and every webhook endpoint."""
    products = list(
        stripe_client.list_all(
            "list products",
            lambda client, params: client.v1.products.list(
                params={**params, "active": True}  # type: ignore[arg-type]
            ),
        )
    )
    prices = list(
        stripe_client.list_all(
            "list prices",
            lambda client, params: client.v1.prices.list(
                params={**params, "active": True}  # type: ignore[arg-type]
            ),
        )
    )
    links = list(
        stripe_client.list_all(
            "list payment links",
            lambda client, params: client.v1.payment_links.list(
                params={**params, "active": True}  # type: ignore[arg-type]
            ),
        )
    )
    for link in links:
        link["line_items"] = list_line_items(link["id"])
    endpoints = list(
        stripe_client.list_all(
            "list webhook endpoints",
            lambda client, params: client.v1.webhook_endpoints.list(
                params=params  # type: ignore[arg-type]
            ),
        )
    )
    return AccountSnapshot(products, prices, links, endpoints)
