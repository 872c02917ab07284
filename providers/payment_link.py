"""Stripe payment links: a public URL that changes only when Stripe leaves no other way.

Stripe cannot change which prices a link sells, nor its currency (the fields `schemas.kinds` marks
fixed, checked against the pinned API version's spec); those changes plan a *replacement*: a new
link (new URL) is created, then the old one deactivated. Quantities and every other setting
(optional items, Connect fees and transfers, consent collection, shipping options...) update in
place. Links are never deleted, only deactivated, so
re-adding a removed link adopts and reactivates it: same id, same URL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import stripe

from schemas.unknown import is_unknown

from . import stripe_client
from .base import StripeResourceProvider
from .errors import StateDriftError
from .matching import declared_matches, without_nulls
from .resource import StripeResource
from .stripe_client import StripeObject

__all__ = [
    "PaymentLink",
    "PaymentLinkArgs",
    "PaymentLinkProvider",
    "list_line_items",
    "price_set",
]


PaymentLinkArgs = Mapping[str, Any]
"""Inputs of a `PaymentLink`: the fields of `schemas.PaymentLinkSpec` with references as Stripe
ids (``line_items[].price``, ``optional_items[].price``), plus ``key`` and ``scope`` (the identity
adoption uses) and ``line_item_prices`` (each line item's price facts, so every link rule runs in
``check``)."""


def _is_unset(value: Any) -> bool:
    """Stripe's "not set": null, empty, or an object holding only nulls/``none``/false."""
    if isinstance(value, Mapping):
        return all(_is_unset(v) for v in value.values())
    return value in (None, "", "none", False, [], {})


def price_set(line_items: Any) -> Counter[str] | None:
    """The multiset of price ids a link sells; None when any is not known yet (preview)."""
    prices: Counter[str] = Counter()
    for item in line_items or []:
        price = item.get("price") if isinstance(item, Mapping) else None
        if not isinstance(price, str) or is_unknown(price):
            return None
        prices[price] += 1
    return prices


def list_line_items(link_id: str) -> list[StripeObject]:
    """A link's line items (``GET /v1/payment_links/{id}/line_items``, every page)."""
    return list(
        stripe_client.list_all(
            f"read line items of payment link {link_id}",
            lambda client, params: client.v1.payment_links.line_items.list(
                link_id,
                params=params,  # type: ignore[arg-type]
            ),
        )
    )


class PaymentLinkProvider(StripeResourceProvider):
    """Lifecycle of a Stripe payment link (see `StripeResourceProvider`)."""

    kind = "payment_link"
    check_only = frozenset({"line_item_prices"})
    computed = frozenset({"stripe_id", "url"})
    defaults: ClassVar[Mapping[str, Any]] = {"active": True}
    unset_values: ClassVar[Mapping[str, Any]] = {
        "after_completion": {"type": "hosted_confirmation"},
        "allow_promotion_codes": False,
        "automatic_tax": {"enabled": False},
        "billing_address_collection": "auto",
        "consent_collection": {
            "payment_method_reuse_agreement": {"position": "auto"},
            "promotions": "none",
            "terms_of_service": "none",
        },
        "custom_text": {
            "after_submit": "",
            "shipping_address": "",
            "submit": "",
            "terms_of_service_acceptance": "",
        },
        "customer_creation": "if_required",
        "invoice_creation": {"enabled": False},
        "payment_intent_data": {
            "description": "",
            "metadata": "",
            "statement_descriptor": "",
            "statement_descriptor_suffix": "",
            "transfer_group": "",
        },
        "payment_method_collection": "always",
        "phone_number_collection": {"enabled": False},
        "submit_type": "auto",
        "subscription_data": {"metadata": "", "trial_period_days": "", "trial_settings": ""},
        "tax_id_collection": {"enabled": False},
    }

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Lower-case the currency."""
        if isinstance(declared.get("currency"), str):
            declared["currency"] = declared["currency"].lower()
        return declared

    def replacing_fields(
        self, olds: Mapping[str, Any], declared: Mapping[str, Any], changed: list[str]
    ) -> list[str]:
        """Line items replace only when the *set of prices* changes; quantities update.

        A line item's ``price`` is fixed inside the updatable ``line_items`` (see
        ``PaymentLinkSpec``'s `LineItem`): Stripe's update takes ``{id, quantity,
        adjustable_quantity}`` of existing items only.
        """
        replaces = [f for f in changed if f not in self.updatable]
        if "line_items" in changed:
            new_prices = price_set(declared.get("line_items"))
            if new_prices is None or new_prices != price_set(olds.get("line_items")):
                replaces.append("line_items")
        return sorted(replaces)

    def create_or_adopt(self, declared: Mapping[str, Any]) -> StripeObject:
        """Adopt an owned link (even inactive) selling the same prices, else create one."""
        scope, key = self.identity(declared)
        wanted_prices = price_set(declared.get("line_items"))
        for candidate in self.adoption_index().candidates(scope, key):
            if not self._fixed_fields_match(declared, candidate):
                continue
            items = self.line_items(candidate["id"])
            if price_set(_as_input_items(items)) == wanted_prices:
                return self.converge({**candidate, "line_items": items}, declared)
        return self.create_new(declared, self.create_params(declared))

    def _fixed_fields_match(self, declared: Mapping[str, Any], link: Mapping[str, Any]) -> bool:
        """Same values for the fields Stripe cannot update, declared or not.

        An undeclared fixed field must be unset on the candidate too: otherwise removing, say,
        ``on_behalf_of`` (a replacement) would adopt the very link being replaced.
        """
        fixed = self.fields.fixed
        if not all(declared_matches(declared[f], link.get(f)) for f in fixed & set(declared)):
            return False
        undeclared = fixed - set(declared) - {"currency"}  # Stripe derives it from the prices
        return all(_is_unset(link.get(f)) for f in undeclared)

    def update_params(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> dict[str, Any]:
        """Line items are sent as ``{id, quantity, adjustable_quantity}`` of existing items."""
        params = super().update_params(id_, old, declared, [f for f in fields if f != "line_items"])
        if "line_items" in fields:
            params["line_items"] = self._line_item_updates(
                self.line_items(id_), declared.get("line_items") or []
            )
        return params

    @staticmethod
    def _line_item_updates(
        existing: list[StripeObject], wanted: list[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        pairs, _ = _pair_by_price(existing, wanted)
        updates: list[dict[str, Any]] = []
        for item, match in pairs:
            if match is None:
                raise StateDriftError(
                    f"line item with price {item.get('price')} is not on this link: a link's "
                    "prices cannot change in place; run `pulumi refresh`, then `pulumi up`."
                )
            update: dict[str, Any] = {"id": match["id"], "quantity": item.get("quantity", 1)}
            if item.get("adjustable_quantity") is not None:
                update["adjustable_quantity"] = item["adjustable_quantity"]
            elif (match.get("adjustable_quantity") or {}).get("enabled"):
                update["adjustable_quantity"] = {"enabled": False}
            updates.append(update)
        return updates

    def observe(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> StripeObject:
        """Adds the line items as Stripe has them (quantities can drift)."""
        link = {k: v for k, v in stripe_object.items() if k != "line_items"}
        observed = super().observe(link, previous)
        items = stripe_object.get("line_items")
        if isinstance(items, list):
            observed["line_items"] = _observed_items(items, previous.get("line_items") or [])
        elif "line_items" in previous:
            observed["line_items"] = previous["line_items"]
        return observed

    def fetch(self, id_: str) -> StripeObject | None:
        """The link with its line items attached (``line_items``), or None if missing."""
        link = super().fetch(id_)
        if link is not None:
            link["line_items"] = self.line_items(id_)
        return link

    def line_items(self, id_: str) -> list[StripeObject]:
        """The link's line items (``GET /v1/payment_links/{id}/line_items``)."""
        return list_line_items(id_)

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Deactivate the link with one request, without reading it first; gone is fine.

        Deactivating an inactive link changes nothing, so a read to skip that case would only
        cost a request per link on every destroy; and the stored ``active`` is not trusted to
        skip the write either, since a link reactivated out of band must still stop selling.
        """
        self.deactivate(id_, outputs)

    def computed_outputs(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Adds the public ``url``."""
        return {"stripe_id": stripe_object["id"], "url": stripe_object.get("url")}

    def service(self, client: stripe.StripeClient) -> Any:
        return client.v1.payment_links


def _price_id(line_item: Mapping[str, Any]) -> str | None:
    price = line_item.get("price")
    if isinstance(price, Mapping):
        return str(price.get("id"))
    return price if isinstance(price, str) else None


def _as_input_items(items: list[StripeObject]) -> list[dict[str, Any]]:
    return [{"price": _price_id(item), "quantity": item.get("quantity")} for item in items]


def _pair_by_price(
    items: list[StripeObject], declared: list[Mapping[str, Any]]
) -> tuple[list[tuple[Mapping[str, Any], StripeObject | None]], list[StripeObject]]:
    """Each declared line item with Stripe's item of the same price (None when there is none;
    each Stripe item pairs once), in declared order, and Stripe's items left over."""
    remaining = list(items)
    pairs: list[tuple[Mapping[str, Any], StripeObject | None]] = []
    for wanted in declared:
        match = next((i for i in remaining if _price_id(i) == wanted.get("price")), None)
        if match is not None:
            remaining.remove(match)
        pairs.append((wanted, match))
    return pairs, remaining


def _observed_items(
    items: list[StripeObject], declared: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Stripe's line items shaped like the declared ones, in declared order where possible."""
    pairs, remaining = _pair_by_price(items, declared)
    observed = [_observed_item(match, wanted) for wanted, match in pairs if match is not None]
    observed.extend(_observed_item(item, {}) for item in remaining)
    return observed


def _observed_item(item: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"price": _price_id(item), "quantity": item.get("quantity")}
    adjustable = item.get("adjustable_quantity")
    if "adjustable_quantity" in wanted and declared_matches(
        wanted["adjustable_quantity"], adjustable
    ):
        result["adjustable_quantity"] = wanted["adjustable_quantity"]
    elif isinstance(adjustable, Mapping) and adjustable.get("enabled"):
        result["adjustable_quantity"] = without_nulls(adjustable)
    elif "adjustable_quantity" in wanted:
        result["adjustable_quantity"] = (
            without_nulls(adjustable) if adjustable else {"enabled": False}
        )
    # keep any other declared keys the API does not echo
    for extra in set(wanted) - set(result):
        result[extra] = wanted[extra]
    return result


class PaymentLink(StripeResource, module="paylinks", name="PaymentLink"):
    """A Stripe payment link managed by paylinks: its ``url`` is what customers open."""

    provider_class = PaymentLinkProvider
    initial_outputs: ClassVar[Mapping[str, Any]] = {"url": None, "active": True}

    url: pulumi.Output[str]
    """The public URL to share; changes only when the link is replaced (different prices)."""
    active: pulumi.Output[bool]
    """False once deactivated (removed from the catalog, or out of band)."""
