"""Pulumi dynamic resources for Stripe: `EntitlementFeature`, `Product`, `ProductFeature`,
`Price`, `Coupon`, `PromotionCode`, `ShippingRate`, `PaymentLink`, `WebhookEndpoint`.

Each is ``Resource(name, args, opts=None)`` where ``args`` maps the fields of the kind's catalog
model (`schemas.KINDS`: Stripe's own field names) plus ``key`` (the logical catalog key) and
``scope`` (the stack's namespace); a `PaymentLink` also takes ``line_item_prices`` (facts for
``check``). Reference other resources by their ``.id`` (the Stripe id, known at preview for
updates). Which fields update in place and which force a replacement comes from `schemas.KINDS`.

What the providers promise (see `providers.base` for the shared lifecycle):

* ``check`` runs `schemas.validate_resource`: a broken rule fails at preview, naming the field.
* A change Stripe cannot apply in place (price amounts, a link's set of prices or currency, ...)
  plans a replacement, created before the old object is retired; everything else updates in place.
* ``create`` adopts the object this scope+key already owns (metadata ``paylinks_scope`` /
  ``paylinks_key``), so re-adding a link reactivates the same URL and a re-run after a crash makes
  no duplicate. Product ids are ``prod_pl_<scope>_<key>``; lookup keys are sent as given and
  move to a replacing price (``transfer_lookup_key``).
* ``delete`` deactivates links, archives prices, shipping rates (and products still holding
  prices), deletes webhook endpoints and price-less products. A shipping rate replaced by a new
  amount moves the links offering it to the new rate in place (same URL). Entitlement features
  are archived (re-added: the same feature reactivated; a new lookup key replaces); a product's
  features are one `ProductFeature` per attachment (create attaches, delete detaches). Coupons
  are deleted (discounts already given keep working); promotion codes are deactivated, and a
  replaced code is deactivated *before* its successor is created (two active codes can't share a
  ``code``).
* The stack names its Stripe with ``paylinks:stripe`` (``emulator``, ``test``, ``live``; see
  `providers.stripe_target`). The key comes from config ``paylinks:stripeApiKey`` or env
  ``STRIPE_API_KEY`` (API base: ``paylinks:stripeApiBase`` / ``STRIPE_API_BASE``); an emulator
  stack uses the emulator's URL and local key instead. The key is never a resource input, output,
  or part of the pickled provider; each object records which Stripe it lives in
  (``stripe_target``) and is never run against another.
"""

from . import dynamic_server
from .coupon import Coupon, CouponArgs, CouponProvider
from .entitlement_feature import (
    EntitlementFeature,
    EntitlementFeatureArgs,
    EntitlementFeatureProvider,
)
from .payment_link import PaymentLink, PaymentLinkArgs, PaymentLinkProvider
from .price import Price, PriceArgs, PriceProvider
from .product import Product, ProductArgs, ProductProvider
from .product_feature import ProductFeature, ProductFeatureArgs, ProductFeatureProvider
from .promotion_code import PromotionCode, PromotionCodeArgs, PromotionCodeProvider
from .shipping_rate import ShippingRate, ShippingRateArgs, ShippingRateProvider
from .webhook_endpoint import WebhookEndpoint, WebhookEndpointArgs, WebhookEndpointProvider

__all__ = [
    "Coupon",
    "CouponArgs",
    "CouponProvider",
    "EntitlementFeature",
    "EntitlementFeatureArgs",
    "EntitlementFeatureProvider",
    "PaymentLink",
    "PaymentLinkArgs",
    "PaymentLinkProvider",
    "Price",
    "PriceArgs",
    "PriceProvider",
    "Product",
    "ProductArgs",
    "ProductFeature",
    "ProductFeatureArgs",
    "ProductFeatureProvider",
    "ProductProvider",
    "PromotionCode",
    "PromotionCodeArgs",
    "PromotionCodeProvider",
    "ShippingRate",
    "ShippingRateArgs",
    "ShippingRateProvider",
    "WebhookEndpoint",
    "WebhookEndpointArgs",
    "WebhookEndpointProvider",
]

dynamic_server.report_user_errors()  # no-op outside `python -m pulumi.dynamic`
dynamic_server.prepare()  # likewise: more calls at once, exit when the engine is gone
