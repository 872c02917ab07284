"""Stripe entitlement features: renamed in place, archived (never deleted), re-added ones
reactivated, a new lookup key replaces.

Stripe's update takes ``name``, ``metadata`` and ``active``; the ``lookup_key`` is fixed, so a new
one means a new feature. The products granting the old feature reference it by Pulumi output, so
their attachments (`providers.product_feature`) move to the new feature in the same ``up``
before the old one is archived.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from . import stripe_client
from .base import StripeResourceProvider
from .errors import StripeCallError
from .ownership import owner_of
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
    defaults: ClassVar[Mapping[str, Any]] = {"active": True}

    def adoptable(self, declared: Mapping[str, Any], feature: Mapping[str, Any]) -> bool:
        """An owned feature (even archived: it is reactivated) with the same lookup key."""
        return feature.get("lookup_key") == declared.get("lookup_key")

    def create_new(self, declared: Mapping[str, Any], params: dict[str, Any]) -> StripeObject:
        """Create, after refusing a lookup key another stack's feature holds."""
        self._refuse_another_stacks_lookup_key(declared)
        return super().create_new(declared, params)

    def _refuse_another_stacks_lookup_key(self, declared: Mapping[str, Any]) -> None:
        """Feature lookup keys are unique per account: when another stack (scope) holds this
        one, say whose it is and what to set, instead of Stripe's bare 400. Checked against the
        adoption index (one listing per process, shared with adoption)."""
        lookup_key = declared.get("lookup_key")
        scope, _ = self.identity(declared)
        holder = self.adoption_index().find(lambda f: f.get("lookup_key") == lookup_key)
        owner = owner_of(holder) if holder is not None else None
        if holder is not None and owner is not None and owner[0] != scope:
            raise StripeCallError(
                f"{self.action('create', declared)} failed: lookup key '{lookup_key}' is held "
                f"by entitlement feature {holder['id']} of the stack with paylinks:scope "
                f"'{owner[0]}'. Stacks sharing one Stripe account need distinct lookup keys: set "
                "paylinks:lookupKeyPrefix on one of them (its apps then look up the prefixed "
                "key)."
            )

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Archive the feature (Stripe has no delete); gone is fine."""
        self.deactivate(id_, outputs)

    def list_owned(self) -> list[StripeObject]:
        """Every feature of the account: Stripe's list leaves archived ones out unless asked
        (``archived=true``), and an archived feature is adopted (reactivated) too."""
        found: list[StripeObject] = []
        for archived in (False, True):
            found += stripe_client.list_all(
                f"list {'archived ' if archived else ''}entitlement features",
                lambda client, params, a=archived: self.service(client).list(  # type: ignore[misc]
                    params={**params, "archived": a}
                ),
            )
        return found

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.entitlements.features


class EntitlementFeature(StripeResource, module="paylinks", name="EntitlementFeature"):
    """A Stripe entitlement feature managed by paylinks; products grant it through their
    `ProductFeature` attachments, which reference ``feature.id``."""

    provider_class = EntitlementFeatureProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"active": True}

    active: pulumi.Output[bool]
    """False when archived."""
    name: pulumi.Output[str]
    """The feature's name (the review names features by it)."""
    lookup_key: pulumi.Output[str]
    """The lookup key as stored in Stripe (the stack's prefix included): what apps check
    entitlements by."""
