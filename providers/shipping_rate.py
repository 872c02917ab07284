"""Stripe shipping rates: never deleted (archived), re-added ones reactivated, amounts replaced.

Stripe's update takes only ``active``, ``metadata``, ``tax_behavior`` (and a rate's other-currency
amounts): a new amount, currency or name means a new rate. Because links name their rates by
Pulumi reference, a replaced rate hands its new id to every link offering it, which the engine
then updates in place (a link's ``shipping_options`` change without a new URL in API
2026-08-26.dahlia) before the old rate is archived: no link is left offering an archived rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from .base import StripeResourceProvider
from .matching import declared_matches
from .resource import StripeResource

__all__ = ["ShippingRate", "ShippingRateArgs", "ShippingRateProvider"]

ShippingRateArgs = Mapping[str, Any]
"""Inputs of a `ShippingRate`: the fields of `schemas.ShippingRateSpec`, plus ``key`` and
``scope``."""

_CHARGE_FIELDS = ("amount", "currency")
"""The parts of ``fixed_amount`` Stripe's update does not take."""


class ShippingRateProvider(StripeResourceProvider):
    """Lifecycle of a Stripe shipping rate (see `StripeResourceProvider`)."""

    kind = "shipping_rate"
    defaults: ClassVar[Mapping[str, Any]] = {"active": True}

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Lower-case the charge's currency, as Stripe reports it."""
        fixed = declared.get("fixed_amount")
        if isinstance(fixed, Mapping) and isinstance(fixed.get("currency"), str):
            declared["fixed_amount"] = {**fixed, "currency": fixed["currency"].lower()}
        return declared

    def replacing_fields(
        self, olds: Mapping[str, Any], declared: Mapping[str, Any], changed: list[str]
    ) -> list[str]:
        """A different amount or currency inside ``fixed_amount`` means a new rate."""
        replaces = super().replacing_fields(olds, declared, changed)
        if "fixed_amount" in changed and not _same_charge(
            olds.get("fixed_amount"), declared.get("fixed_amount")
        ):
            replaces.append("fixed_amount")
        return sorted(replaces)

    def adoptable(self, declared: Mapping[str, Any], rate: Mapping[str, Any]) -> bool:
        """An owned rate (even archived) charging the same, with the same fixed fields."""
        if not _same_charge(declared.get("fixed_amount"), rate.get("fixed_amount")):
            return False
        for field in sorted(self.fields.fixed):
            wanted, actual = declared.get(field), rate.get(field)
            if field == "type" and wanted is None:
                continue  # Stripe's default, `fixed_amount`, is the only type
            if wanted is None:
                if actual not in (None, {}):
                    return False
            elif not declared_matches(wanted, actual):
                return False
        return True

    def update_params(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> dict[str, Any]:
        """Never sends ``fixed_amount``: the parts the update takes are not offered."""
        return super().update_params(id_, old, declared, [f for f in fields if f != "fixed_amount"])

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Archive the rate (Stripe has no delete); gone is fine."""
        self.deactivate(id_, outputs)

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.shipping_rates


def _same_charge(old: Any, new: Any) -> bool:
    """Whether two ``fixed_amount`` values charge the same amount in the same currency."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return old == new
    return all(
        declared_matches(new.get(part), old.get(part)) or new.get(part) == old.get(part)
        for part in _CHARGE_FIELDS
    )


class ShippingRate(StripeResource, module="paylinks", name="ShippingRate"):
    """A Stripe shipping rate managed by paylinks. A new amount creates a new rate; links
    reference ``rate.id``."""

    provider_class = ShippingRateProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"active": True}

    active: pulumi.Output[bool]
    """False when archived."""
