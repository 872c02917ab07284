"""The whole catalog: entitlement features, products, prices, coupons, promotion codes, shipping
rates, payment links and webhook endpoints, by logical key."""

from __future__ import annotations

from pydantic import Field

from schemas.base import LogicalKey, StripeModel
from schemas.catalog_rules import check_catalog_links
from schemas.coupon import CouponSpec
from schemas.entitlement_feature import EntitlementFeatureSpec
from schemas.payment_link import PaymentLinkSpec
from schemas.price import PriceSpec
from schemas.product import ProductSpec
from schemas.promotion_code import PromotionCodeSpec
from schemas.shipping_rate import ShippingRateSpec
from schemas.webhook_endpoint import WebhookEndpointSpec

__all__ = ["Catalog"]


class Catalog(StripeModel):
    """What a business sells through payment links, keyed by names stable across environments.

    References between entries (``prices.*.product``, ``line_items[].price``,
    ``optional_items[].price``, ``shipping_options[].shipping_rate``,
    ``promotion.coupon``, ``applies_to.products[]``, ``products.*.features[]``) use these keys.
    """

    entitlement_features: dict[LogicalKey, EntitlementFeatureSpec] = Field(default_factory=dict)
    """Entitlement features by key; products grant them by listing their keys in
    ``features``."""
    products: dict[LogicalKey, ProductSpec] = Field(default_factory=dict)
    """Products by key."""
    prices: dict[LogicalKey, PriceSpec] = Field(default_factory=dict)
    """Prices by key; each names its product's key."""
    coupons: dict[LogicalKey, CouponSpec] = Field(default_factory=dict)
    """Coupons by key: the discounts promotion codes grant."""
    promotion_codes: dict[LogicalKey, PromotionCodeSpec] = Field(default_factory=dict)
    """Promotion codes by key; each names its coupon's key. Customers type them on links that
    ``allow_promotion_codes``."""
    shipping_rates: dict[LogicalKey, ShippingRateSpec] = Field(default_factory=dict)
    """Shipping rates by key; links offer them in ``shipping_options``."""
    payment_links: dict[LogicalKey, PaymentLinkSpec] = Field(default_factory=dict)
    """Payment links by key; line items name price keys."""
    webhook_endpoints: dict[LogicalKey, WebhookEndpointSpec] = Field(default_factory=dict)
    """Webhook endpoints by key (e.g. fulfilment on ``checkout.session.completed``)."""

    rules = check_catalog_links
