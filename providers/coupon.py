"""Stripe coupons: name and metadata change in place; anything else is a new coupon; removal
deletes (discounts customers already have keep working, as Stripe documents)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import stripe

from .base import StripeResourceProvider
from .matching import declared_matches
from .resource import StripeResource

__all__ = ["Coupon", "CouponArgs", "CouponProvider", "fixed_fields_match"]

CouponArgs = Mapping[str, Any]
"""Inputs of a `Coupon`: the fields of `schemas.CouponSpec` (``applies_to.products`` as product
ids), plus ``key`` and ``scope``."""


def fixed_fields_match(
    fixed: frozenset[str],
    declared: Mapping[str, Any],
    stripe_object: Mapping[str, Any],
    stripe_defaults: Mapping[str, Any],
) -> bool:
    """Whether `stripe_object` has exactly the declared fixed fields (what Stripe reports for an
    undeclared one: its default or nothing). A field Stripe did not return is not compared."""
    for field in sorted(fixed):
        if field not in stripe_object:
            continue
        wanted = declared.get(field, stripe_defaults.get(field))
        actual = stripe_object[field]
        if wanted is None:
            if actual not in (None, {}, []):
                return False
        elif not declared_matches(wanted, actual):
            return False
    return True


class CouponProvider(StripeResourceProvider):
    """Lifecycle of a Stripe coupon (see `StripeResourceProvider`)."""

    kind = "coupon"
    includable: ClassVar[tuple[str, ...]] = ("applies_to",)
    stripe_defaults: ClassVar[Mapping[str, Any]] = {"duration": "once"}
    """What Stripe reports for a fixed field the catalog leaves out."""

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Lower-case the currency."""
        if isinstance(declared.get("currency"), str):
            declared["currency"] = declared["currency"].lower()
        return declared

    def adoptable(self, declared: Mapping[str, Any], candidate: Mapping[str, Any]) -> bool:
        """An owned coupon with the same fixed fields."""
        return fixed_fields_match(self.fields.fixed, declared, candidate, self.stripe_defaults)

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Delete the coupon (discounts already applied keep working); gone is fine."""
        self.delete_for_good(id_, outputs)

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.coupons


class Coupon(StripeResource, module="paylinks", name="Coupon"):
    """A Stripe coupon managed by paylinks. Changing a discount creates a new coupon; promotion
    codes reference ``coupon.id``."""

    provider_class = CouponProvider
