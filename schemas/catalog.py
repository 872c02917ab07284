"""The whole catalog: products, prices, payment links and webhook endpoints, by logical key."""

from __future__ import annotations

from pydantic import Field

from schemas.base import LogicalKey, StripeModel
from schemas.catalog_rules import check_catalog_links
from schemas.payment_link import PaymentLinkSpec
from schemas.price import PriceSpec
from schemas.product import ProductSpec
from schemas.webhook_endpoint import WebhookEndpointSpec

__all__ = ["Catalog"]


class Catalog(StripeModel):
    """What a business sells through payment links, keyed by names stable across environments.

    References between entries (``prices.*.product``, ``line_items[].price``,
    ``optional_items[].price``) use these keys.
    """

    products: dict[LogicalKey, ProductSpec] = Field(default_factory=dict)
    """Products by key."""
    prices: dict[LogicalKey, PriceSpec] = Field(default_factory=dict)
    """Prices by key; each names its product's key."""
    payment_links: dict[LogicalKey, PaymentLinkSpec] = Field(default_factory=dict)
    """Payment links by key; line items name price keys."""
    webhook_endpoints: dict[LogicalKey, WebhookEndpointSpec] = Field(default_factory=dict)
    """Webhook endpoints by key (e.g. fulfilment on ``checkout.session.completed``)."""

    rules = check_catalog_links
