"""Stripe entitlement features: renamed in place, archived (never deleted), a new lookup key
replaces.

Stripe's update takes ``name``, ``metadata`` and ``active``; the ``lookup_key`` is fixed, so a new
one means a new feature. The products granting the old feature reference it by Pulumi output, so
their attachments (`providers.product_feature`) move to the new feature in the same ``up``
before the old one is archived.

Archiving is final in Stripe ("permanently deactivate it", says the API reference): an archived
feature can't be changed or reactivated, and its lookup key is free for a new feature. So for
paylinks an archived feature is gone: ``read`` reports it missing (the next ``up`` creates a new
one with the same lookup key), adoption takes only active features, and a feature removed then
added back is a new feature object with the same lookup key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from .base import StripeResourceProvider
from .errors import StripeCallError
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = ["EntitlementFeature", "EntitlementFeatureArgs", "EntitlementFeatureProvider"]

EntitlementFeatureArgs = Mapping[str, Any]
"""Inputs of an `EntitlementFeature`: the fields of `schemas.EntitlementFeatureSpec` (its
``lookup_key`` as Stripe will hold it: the program adds the stack's optional
``paylinks:lookupKeyPrefix``), plus ``key`` and ``scope``."""


class EntitlementFeatureProvider(StripeResourceProvider):
    """Lifecycle of a Stripe entitlement feature (see `StripeResourceProvider`)."""

    kind = "entitlement_feature"
    computed = frozenset({"stripe_id", "active"})

    def adoptable(self, declared: Mapping[str, Any], feature: Mapping[str, Any]) -> bool:
        """An owned active feature with the same lookup key (an archived one is final)."""
        return bool(feature.get("active")) and feature.get("lookup_key") == declared.get(
            "lookup_key"
        )

    def create_new(self, declared: Mapping[str, Any], params: dict[str, Any]) -> StripeObject:
        """Create, after refusing a lookup key another stack's feature holds."""
        self.refuse_lookup_key_of_another_stack("create", declared, lambda f: bool(f.get("active")))
        return super().create_new(declared, params)

    def computed_outputs(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Adds ``active`` (Stripe's; the catalog has no such field: archiving is removal)."""
        return {"stripe_id": stripe_object["id"], "active": stripe_object.get("active", True)}

    def fetch(self, id_: str) -> StripeObject | None:
        """The feature while it is active; None once archived (final in Stripe) or gone."""
        found = super().fetch(id_)
        return found if found is not None and found.get("active") is not False else None

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Archive the feature (Stripe has no delete); gone or already archived is fine."""
        try:
            self.deactivate(id_, outputs)
        except StripeCallError as error:
            if error.http_status != 400 or self.fetch(id_) is not None:
                raise  # refused for another reason than being archived already

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.entitlements.features


class EntitlementFeature(StripeResource, module="paylinks", name="EntitlementFeature"):
    """A Stripe entitlement feature managed by paylinks; products grant it through their
    `ProductFeature` attachments, which reference ``feature.id``."""

    provider_class = EntitlementFeatureProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"active": None}

    active: pulumi.Output[bool]
    """As Stripe reports it (an archived feature is gone for paylinks: re-created at the next
    ``up``)."""
    name: pulumi.Output[str]
    """The feature's name (the review names features by it)."""
    lookup_key: pulumi.Output[str]
    """The lookup key as stored in Stripe (the stack's prefix included): what apps check
    entitlements by."""
