"""The paylinks catalog: models with Stripe's field names, Stripe's rules, located errors.

See docs/design.md for the contract with `providers` (`validate_resource`, `line_item_prices`).
"""

from schemas.catalog import Catalog
from schemas.coupon import CouponSpec
from schemas.entitlement_feature import EntitlementFeatureSpec
from schemas.kinds import KINDS, KindFields, reference_sites, resolve_references
from schemas.loader import load_catalog, load_stack_catalog
from schemas.overrides import apply_overrides
from schemas.payment_link import PaymentLinkSpec
from schemas.price import PriceSpec
from schemas.price_facts import LineItemPriceFacts, line_item_price_facts
from schemas.problems import CatalogError, Problem
from schemas.product import ProductSpec
from schemas.promotion_code import PromotionCodeSpec
from schemas.resource import ResourceKind, validate_resource
from schemas.shipping_rate import ShippingRateSpec
from schemas.unknown import UNKNOWN
from schemas.webhook_endpoint import WebhookEndpointSpec

__all__ = [
    "KINDS",
    "UNKNOWN",
    "Catalog",
    "CatalogError",
    "CouponSpec",
    "EntitlementFeatureSpec",
    "KindFields",
    "LineItemPriceFacts",
    "PaymentLinkSpec",
    "PriceSpec",
    "Problem",
    "ProductSpec",
    "PromotionCodeSpec",
    "ResourceKind",
    "ShippingRateSpec",
    "WebhookEndpointSpec",
    "apply_overrides",
    "line_item_price_facts",
    "load_catalog",
    "load_stack_catalog",
    "reference_sites",
    "resolve_references",
    "validate_resource",
]
