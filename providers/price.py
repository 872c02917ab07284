"""Stripe prices: immutable amounts mean replacement; archived, never deleted; lookup keys move."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from . import priced_products, stripe_client
from .base import StripeResourceProvider, fetch_or_none
from .errors import StripeCallError
from .matching import declared_matches
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = ["Price", "PriceArgs", "PriceProvider"]

PriceArgs = Mapping[str, Any]
"""Inputs of a `Price`: the fields of `schemas.PriceSpec` with ``product`` as the product's Stripe
id, plus ``key`` and ``scope``. ``lookup_key`` is sent to Stripe exactly as given (the program
adds the stack's optional ``paylinks:lookupKeyPrefix``)."""


class PriceProvider(StripeResourceProvider):
    """Lifecycle of a Stripe price (see `StripeResourceProvider`)."""

    kind = "price"
    defaults: ClassVar[Mapping[str, Any]] = {"active": True}

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Lower-case currency. The lookup key is kept as given: inputs, outputs and Stripe
        hold the same value, so ``diff`` compares like with like (a state written when keys
        were stored as ``<scope>:<key>`` shows a real change, applied as an in-place update)."""
        currency = declared.get("currency")
        if isinstance(currency, str):
            declared["currency"] = currency.lower()
        return declared

    def replacing_fields(
        self, olds: Mapping[str, Any], declared: Mapping[str, Any], changed: list[str]
    ) -> list[str]:
        """``tax_behavior`` can only be set once (away from ``unspecified``); later: replace."""
        replaces = super().replacing_fields(olds, declared, changed)
        if "tax_behavior" in changed and olds.get("tax_behavior") not in (None, "unspecified"):
            replaces.append("tax_behavior")
        return sorted(replaces)

    def create_params(self, declared: Mapping[str, Any]) -> dict[str, Any]:
        """Create parameters; a lookup key is taken over from the price it replaces."""
        params = super().create_params(declared)
        if "lookup_key" in params:
            params["transfer_lookup_key"] = True
        return params

    def update_params(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> dict[str, Any]:
        """Update parameters; moving a lookup key takes it from whichever price holds it."""
        params = super().update_params(id_, old, declared, fields)
        if params.get("lookup_key"):
            params["transfer_lookup_key"] = True
        return params

    def apply_update(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> StripeObject:
        """As the base; a lookup key moving here must not belong to another stack's price."""
        if "lookup_key" in fields and declared.get("lookup_key"):
            self.refuse_lookup_key_of_another_stack("update", declared, lambda p: p["id"] != id_)
        return super().apply_update(id_, old, declared, fields)

    def adoptable(self, declared: Mapping[str, Any], candidate: Mapping[str, Any]) -> bool:
        """An owned price (even archived) with the same immutable fields."""
        return immutable_fields_match(declared, candidate)

    def create_new(self, declared: Mapping[str, Any], params: dict[str, Any]) -> StripeObject:
        """Create, after refusing a lookup key another stack's price holds."""
        if declared.get("lookup_key"):
            self.refuse_lookup_key_of_another_stack("create", declared, lambda _: True)
        return super().create_new(declared, params)

    def observe(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> StripeObject:
        """As the base, but ``custom_unit_amount.enabled`` is a create parameter only.

        Stripe's price object reports ``{minimum, preset, maximum}`` without ``enabled``; taking
        that absence for drift made every refresh plan a new customer-chosen price and a new link.
        """
        observed = super().observe(stripe_object, previous)
        declared = previous.get("custom_unit_amount")
        actual = stripe_object.get("custom_unit_amount")
        if isinstance(declared, Mapping) and isinstance(actual, Mapping):
            wanted = {k: v for k, v in declared.items() if k != "enabled"}
            if declared_matches(wanted, actual):
                observed["custom_unit_amount"] = declared
        return observed

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Archive the price with one request; gone (404) is fine.

        No read first: archiving an archived price changes nothing. Stripe refuses to archive a
        product's default price; only then (a 400) is the product read, its default price
        unset if it is this one, and the archive sent again, so the common case costs one
        request, not three.
        """
        priced_products.note_price_of(outputs.get("product"))  # its product can't be deleted
        try:
            self.deactivate(id_, outputs)
        except StripeCallError as error:
            if error.http_status != 400 or not self._unset_as_default_price(id_, outputs):
                raise
            self.deactivate(id_, outputs)

    def _unset_as_default_price(self, id_: str, outputs: Mapping[str, Any]) -> bool:
        """Unset `id_` as its product's default price; False when it is not the default."""
        product_id = outputs.get("product")
        if not isinstance(product_id, str) or not product_id:
            price = self.fetch(id_)
            product_id = price.get("product") if price else None
        if not isinstance(product_id, str):
            return False
        product = fetch_or_none(
            f"read product {product_id}", lambda client: client.v1.products.retrieve(product_id)
        )
        if product is None or product.get("default_price") != id_:
            return False
        stripe_client.call(
            f"unset default price of product {product_id}",
            lambda client: client.v1.products.update(product_id, params={"default_price": ""}),
        )
        return True

    def computed_outputs(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Adds ``type`` (one_time or recurring)."""
        return {"stripe_id": stripe_object["id"], "type": stripe_object.get("type")}

    computed = frozenset({"stripe_id", "type"})

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.prices


def immutable_fields_match(declared: Mapping[str, Any], price: Mapping[str, Any]) -> bool:
    """True when `price` (from Stripe) has exactly the declared immutable fields.

    An undeclared field must be unset in Stripe too (a declared one-time price never adopts a
    recurring one), except the ones Stripe derives: ``unit_amount_decimal`` from ``unit_amount``
    and ``billing_scheme`` defaulting to ``per_unit``.
    """
    wanted_tax, actual_tax = declared.get("tax_behavior"), price.get("tax_behavior")
    if wanted_tax and actual_tax not in (None, "unspecified", wanted_tax):
        return False  # set once; this price can't be brought to the declaration
    for field in sorted(PriceProvider.fields.fixed):
        wanted, actual = declared.get(field), price.get(field)
        if field == "custom_unit_amount" and isinstance(wanted, Mapping):
            wanted = {k: v for k, v in wanted.items() if k != "enabled"}
        if wanted is None:
            if field == "billing_scheme" and actual in (None, "per_unit"):
                continue
            if field in ("unit_amount", "unit_amount_decimal"):
                continue
            if actual is not None and field != "tiers":
                return False
            continue
        if not declared_matches(wanted, actual):
            return False
    return True


class Price(StripeResource, module="paylinks", name="Price"):
    """A Stripe price managed by paylinks. Changing an immutable field creates a new price;
    links reference ``price.id``."""

    provider_class = PriceProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {
        "active": True,
        "lookup_key": None,
        "type": None,
    }

    active: pulumi.Output[bool]
    """False when archived."""
    lookup_key: pulumi.Output[str | None]
    """The lookup key as stored in Stripe: what apps pass to ``prices.list(lookup_keys=...)``."""
    type: pulumi.Output[str]
    """``one_time`` or ``recurring``."""
