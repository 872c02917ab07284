"""Pulumi dynamic resources for Stripe: `Product`, `Price`, `PaymentLink`, `WebhookEndpoint`.

Each is ``Resource(name, args, opts=None)`` where ``args`` is a dict (or the matching ``*Args``
TypedDict) of Stripe's own field names plus ``key`` (the logical catalog key) and ``scope`` (the
stack's namespace). Reference other resources by their ``.id`` (the Stripe id). The Stripe key comes
from config ``paylinks:stripeApiKey`` or env ``STRIPE_API_KEY``, never from a resource input.
"""

from .payment_link import PaymentLink, PaymentLinkArgs, PaymentLinkProvider
from .price import Price, PriceArgs, PriceProvider
from .product import Product, ProductArgs, ProductProvider
from .webhook_endpoint import WebhookEndpoint, WebhookEndpointArgs, WebhookEndpointProvider

__all__ = [
    "PaymentLink",
    "PaymentLinkArgs",
    "PaymentLinkProvider",
    "Price",
    "PriceArgs",
    "PriceProvider",
    "Product",
    "ProductArgs",
    "ProductProvider",
    "WebhookEndpoint",
    "WebhookEndpointArgs",
    "WebhookEndpointProvider",
]
