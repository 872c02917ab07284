"""The provider objects Pulumi pickles into state hold nothing but a class reference."""

from __future__ import annotations

import base64

import dill
from pulumi.dynamic.dynamic import serialize_provider

from providers import (
    PaymentLinkProvider,
    PriceProvider,
    ProductProvider,
    WebhookEndpointProvider,
)


def test_providers_pickle_by_reference_without_state() -> None:
    for provider_class in (
        ProductProvider,
        PriceProvider,
        PaymentLinkProvider,
        WebhookEndpointProvider,
    ):
        provider = provider_class()
        assert vars(provider) == {}
        pickled = serialize_provider(provider)
        assert len(pickled) < 400, "the class must be pickled by reference, not by value"
        assert b"providers." in base64.b64decode(pickled)
        restored = dill.loads(base64.b64decode(pickled))
        assert type(restored) is provider_class
        assert pickled == serialize_provider(provider_class()), "same pickle: no diff from it"
