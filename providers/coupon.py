"""Stripe coupons: name and metadata change in place; anything else is a new coupon; removal
deletes (discounts customers already have keep working, as Stripe documents)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic
import stripe

from . import stripe_client
from .base import StripeObject, StripeResourceProvider, fetch_or_none
from .errors import StripeCallError
from .matching import declared_matches

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
    stripe_defaults: ClassVar[Mapping[str, Any]] = {"duration": "once"}
    """What Stripe reports for a fixed field the catalog leaves out."""

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Lower-case the currency."""
        if isinstance(declared.get("currency"), str):
            declared["currency"] = declared["currency"].lower()
        return declared

    def create_or_adopt(self, declared: Mapping[str, Any]) -> StripeObject:
        """Adopt an owned coupon with the same fixed fields, else create one."""
        scope, key = self.identity(declared)
        for candidate in self.adoption_index().candidates(scope, key):
            if fixed_fields_match(self.fields.fixed, declared, candidate, self.stripe_defaults):
                return self.converge(candidate, declared)
        return self.create_new(declared, self.create_params(declared))

    def fetch(self, id_: str) -> StripeObject | None:
        """The coupon, or None if missing or deleted."""
        return fetch_or_none(f"read coupon {id_}", lambda client: client.v1.coupons.retrieve(id_))

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Delete the coupon (discounts already applied keep working); gone is fine."""
        try:
            stripe_client.call(
                self.action("delete", outputs), lambda client: client.v1.coupons.delete(id_)
            )
        except StripeCallError as error:
            if not error.is_missing:
                raise
        self.adoption_index().forget(id_)

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.coupons


class Coupon(pulumi.dynamic.Resource, module="paylinks", name="Coupon"):
    """A Stripe coupon managed by paylinks. Changing a discount creates a new coupon."""

    stripe_id: pulumi.Output[str]
    """The Stripe coupon id (same as the Pulumi id); promotion codes reference ``coupon.id``."""

    def __init__(
        self,
        resource_name: str,
        args: CouponArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {"stripe_id": None, **dict(args)}
        super().__init__(CouponProvider(), resource_name, props, opts)
