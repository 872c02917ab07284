"""What is in a Stripe account, as a catalog: the pure part of `paylinks import` (no HTTP).

Input: an `AccountSnapshot` (active products, prices, links with their line items, webhook
endpoints, as Stripe returns them). Output: an `ImportPlan` — the catalog document, the ownership
tags that make each object adoptable by the stack's scope, and notes on what was left out.

How adoption is made true (see `providers/`): products are adopted by id with a GET, so a product
whose id isn't the deterministic ``prod_pl_<scope>_<key>`` gets ``id: <its id>`` in the catalog;
prices, links and endpoints are adopted through their ``paylinks_scope``/``paylinks_key``
metadata, which `--adopt` writes (`Tag`). An object already owned by *another* scope is never
re-tagged: it belongs to another stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from paylinks.importer.keys import KeyAllocator, slugify
from paylinks.importer.shaping import (
    LINK_DEFAULTS,
    PRICE_DEFAULTS,
    PRODUCT_DEFAULTS,
    WEBHOOK_DEFAULTS,
    minimal,
)
from providers.ownership import (
    IMPORTED_METADATA,
    KEY_METADATA,
    SCOPE_METADATA,
    product_id_for,
)
from providers.stripe_client import StripeObject
from schemas import PaymentLinkSpec, PriceSpec, ProductSpec, WebhookEndpointSpec
from schemas.base import is_logical_key

__all__ = ["AccountSnapshot", "ImportPlan", "Kind", "Tag", "plan_import", "unscoped_lookup_key"]

Kind = Literal["product", "price", "payment_link", "webhook_endpoint"]
_PAYLINKS_METADATA = (SCOPE_METADATA, KEY_METADATA, IMPORTED_METADATA)


@dataclass
class AccountSnapshot:
    """The objects to import, as Stripe's API returns them (plain dicts)."""

    products: list[StripeObject] = field(default_factory=list)
    """Active products."""
    prices: list[StripeObject] = field(default_factory=list)
    """Active prices."""
    payment_links: list[StripeObject] = field(default_factory=list)
    """Active payment links, each with ``line_items`` (from ``/line_items``) attached."""
    webhook_endpoints: list[StripeObject] = field(default_factory=list)
    """Webhook endpoints (their secrets are never part of an import)."""


@dataclass(frozen=True)
class Tag:
    """Ownership metadata to write on one object so the stack adopts it instead of duplicating."""

    kind: Kind
    """What the object is."""
    stripe_id: str
    """Its Stripe id."""
    key: str
    """Its catalog key (``paylinks_key``)."""

    def metadata(self, scope: str) -> dict[str, str]:
        """The metadata update: owner keys, plus the import marker for webhook endpoints."""
        values = {SCOPE_METADATA: scope, KEY_METADATA: self.key}
        if self.kind == "webhook_endpoint":
            values[IMPORTED_METADATA] = "true"
        return values


@dataclass
class ImportPlan:
    """The catalog to write and what `--adopt` must tag."""

    catalog: dict[str, dict[str, Any]]
    """``{products, prices, payment_links, webhook_endpoints}`` → key → minimal entry."""
    tags: list[Tag] = field(default_factory=list)
    """Objects to tag (only computed when a scope to adopt into is given)."""
    notes: list[str] = field(default_factory=list)
    """What was left out or needs the user's attention, one line each."""


def _owner(obj: Mapping[str, Any]) -> tuple[str, str] | None:
    metadata = obj.get("metadata") or {}
    scope, key = metadata.get(SCOPE_METADATA), metadata.get(KEY_METADATA)
    if isinstance(scope, str) and isinstance(key, str) and is_logical_key(key):
        return scope, key
    return None


def _user_metadata(obj: Mapping[str, Any]) -> dict[str, Any]:
    metadata = obj.get("metadata") or {}
    return {k: v for k, v in metadata.items() if k not in _PAYLINKS_METADATA}


def unscoped_lookup_key(lookup_key: str, scopes: list[str | None]) -> str:
    """``dev:pro`` → ``pro`` for the first of `scopes` that prefixes it.

    Earlier paylinks versions stored lookup keys as ``<scope>:<key>``; the catalog declares the
    key itself, and the stack's next `pulumi up` moves the price to it (an in-place update)."""
    for scope in scopes:
        if scope and lookup_key.startswith(f"{scope}:"):
            return lookup_key[len(scope) + 1 :]
    return lookup_key


def _price_id(item: Mapping[str, Any]) -> str | None:
    price = item.get("price")
    if isinstance(price, Mapping):
        price = price.get("id")
    return price if isinstance(price, str) else None


_INTERVAL_WORDS = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}


class _Planner:
    """One import: keys, entries, tags and notes, built kind by kind (products first)."""

    def __init__(self, scope: str | None, adopt: bool) -> None:
        self.scope = scope
        self.adopt = adopt
        self.plan = ImportPlan({"products": {}, "prices": {}, "payment_links": {},
                                "webhook_endpoints": {}})

    def selected(self, kind: Kind, objects: list[StripeObject]) -> list[StripeObject]:
        """Oldest first (stable keys); without objects another scope's stack manages."""
        chosen = []
        # Stripe lists newest first: reversed, a stable sort keeps creation order within a second.
        for obj in sorted(reversed(objects), key=lambda o: int(o.get("created") or 0)):
            owner = _owner(obj)
            if self.scope is not None and owner is not None and owner[0] != self.scope:
                self.plan.notes.append(
                    f"skipped {kind.replace('_', ' ')} {obj['id']}: managed by the stack with "
                    f"scope '{owner[0]}'"
                )
                continue
            chosen.append(obj)
        return chosen

    @staticmethod
    def keys(objects: list[StripeObject]) -> KeyAllocator:
        """An allocator with every owned key of `objects` already reserved."""
        allocator = KeyAllocator()
        for obj in objects:
            owner = _owner(obj)
            if owner is not None:
                allocator.reserve(owner[1])
        return allocator

    @staticmethod
    def key_for(obj: StripeObject, allocator: KeyAllocator, used: set[str], wanted: str) -> str:
        """The owner's key when paylinks made `obj` (first come), else a derived unique key."""
        owner = _owner(obj)
        key = owner[1] if owner is not None and owner[1] not in used else None
        if key is None:
            key = allocator.allocate(owner[1] if owner is not None else wanted)
        used.add(key)
        return key

    def target_scope(self, obj: StripeObject) -> str | None:
        """The scope whose stack will manage `obj`: ``--scope``, else the object's own owner's."""
        owner = _owner(obj)
        return self.scope or (owner[0] if owner is not None else None)

    def owned_after_import(self, obj: StripeObject, key: str) -> bool:
        """True when a stack will own `obj` under `key`: already owned, or tagged now."""
        owner = _owner(obj)
        scope = self.target_scope(obj)
        return scope is not None and (owner == (scope, key) or (self.adopt and owner is None))

    def tag(self, kind: Kind, obj: StripeObject, key: str) -> None:
        """Plan the ownership tag `--adopt` writes, only on objects no stack manages yet.

        An object the stack already owns is never written to: its metadata is the stack's
        declared state, and an extra key would show as drift at the next refresh. Webhook
        endpoints made outside paylinks also get the import marker, so the provider adopts the
        endpoint (whose secret is in use) instead of creating a new one.
        """
        if not self.adopt or self.scope is None:
            return
        if _owner(obj) is None:
            self.plan.tags.append(Tag(kind, obj["id"], key))

    def add(
        self, kind: Kind, section: str, key: str, entry: dict[str, Any], model: type[BaseModel]
    ) -> bool:
        """Keep `entry` if its model accepts it; otherwise note why it was left out."""
        try:
            model.model_validate(entry)
        except ValidationError as error:
            reason = error.errors()[0]
            where = ".".join(str(p) for p in reason["loc"])
            self.plan.notes.append(
                f"skipped {kind.replace('_', ' ')} {key}: {where}: {reason['msg']}"
            )
            return False
        self.plan.catalog[section][key] = entry
        return True


def _product_entry(product: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
    entry = minimal({**product, "metadata": _user_metadata(product)}, ProductSpec,
                    PRODUCT_DEFAULTS)
    entry.pop("id", None)
    scope = planner.target_scope(product)
    deterministic = scope is not None and product["id"] == product_id_for(scope, key)
    if planner.owned_after_import(product, key) and not deterministic:
        entry = {"id": product["id"], **entry}
    return entry


def _unusable_price_reason(price: StripeObject) -> str | None:
    if price.get("billing_scheme") == "tiered" or price.get("transform_quantity"):
        return "tiered, volume or package prices can't be sold through payment links"
    if (price.get("recurring") or {}).get("usage_type") == "metered":
        return "metered prices can't be sold through payment links"
    return None


def _price_entry(price: StripeObject, product_key: str, scopes: list[str | None]) -> dict[str, Any]:
    data: dict[str, Any] = {**price, "product": product_key, "metadata": _user_metadata(price)}
    if data.get("unit_amount") is not None:
        data.pop("unit_amount_decimal", None)
    custom = data.get("custom_unit_amount")
    if isinstance(custom, Mapping):
        data["custom_unit_amount"] = {"enabled": True, **custom}
    if isinstance(data.get("lookup_key"), str):
        data["lookup_key"] = unscoped_lookup_key(data["lookup_key"], scopes)
    data.pop("currency_options", None)  # only listed when expanded; not part of an import
    return minimal(data, PriceSpec, PRICE_DEFAULTS)


def _price_wanted_key(price: StripeObject, product_key: str, scopes: list[str | None]) -> str:
    lookup_key = price.get("lookup_key")
    if isinstance(lookup_key, str) and lookup_key:
        return slugify(unscoped_lookup_key(lookup_key, scopes), product_key)
    if price.get("nickname"):
        return slugify(str(price["nickname"]), product_key)
    recurring = price.get("recurring") or {}
    if recurring:
        count = int(recurring.get("interval_count") or 1)
        interval = str(recurring.get("interval"))
        word = _INTERVAL_WORDS.get(interval, interval)
        if count != 1:
            word = f"every-{count}-{interval}s"
        return slugify(f"{product_key}-{word}", product_key)
    return product_key


def _link_items(
    items: list[Any], price_keys: dict[str, str]
) -> tuple[list[dict[str, Any]], str | None]:
    """Line items with price keys, or the id of a price that wasn't imported."""
    result = []
    for item in items:
        price = _price_id(item)
        if price is None or price not in price_keys:
            return [], price or "?"
        entry: dict[str, Any] = {"price": price_keys[price], "quantity": item.get("quantity", 1)}
        adjustable = item.get("adjustable_quantity")
        if isinstance(adjustable, Mapping) and adjustable.get("enabled"):
            entry["adjustable_quantity"] = {k: v for k, v in adjustable.items() if v is not None}
        result.append(entry)
    return result, None


def plan_import(
    snapshot: AccountSnapshot, scope: str | None = None, adopt: bool = False
) -> ImportPlan:
    """The minimal catalog for `snapshot`; with `adopt`, the tags that let `scope` adopt it.

    Keys come from ``paylinks_key`` metadata when present, else from names (slugified, made
    unique). Prices and line items name keys, legacy ``<scope>:`` lookup key prefixes are dropped,
    Stripe's defaults and webhook secrets are left out. With `scope`, objects another scope's
    stack manages are left out. Entries the catalog can't express are skipped with a note, and
    so is whatever depends on them.
    """
    if adopt and not scope:
        raise ValueError("adopting needs the scope of the stack that will manage the objects")
    planner = _Planner(scope, adopt)
    plan = planner.plan

    products = planner.selected("product", snapshot.products)
    allocator, used = planner.keys(products), set[str]()
    product_keys: dict[str, str] = {}
    for product in products:
        wanted = slugify(str(product.get("name", "")), "product")
        key = planner.key_for(product, allocator, used, wanted)
        entry = _product_entry(product, key, planner)
        if planner.add("product", "products", key, entry, ProductSpec):
            product_keys[product["id"]] = key
            planner.tag("product", product, key)

    prices = planner.selected("price", snapshot.prices)
    allocator, used = planner.keys(prices), set()
    price_keys: dict[str, str] = {}
    for price in prices:
        product_key = product_keys.get(str(price.get("product")))
        reason = _unusable_price_reason(price)
        if product_key is None:
            reason = f"its product {price.get('product')} is not imported"
        if reason is not None:
            plan.notes.append(f"skipped price {price['id']}: {reason}")
            continue
        assert product_key is not None
        # Only a paylinks-made price can hold a legacy ``<scope>:<key>`` lookup key.
        scopes = [(_owner(price) or (None, ""))[0]]
        wanted = _price_wanted_key(price, product_key, scopes)
        key = planner.key_for(price, allocator, used, wanted)
        if planner.add("price", "prices", key, _price_entry(price, product_key, scopes),
                       PriceSpec):
            price_keys[price["id"]] = key
            planner.tag("price", price, key)

    links = planner.selected("payment_link", snapshot.payment_links)
    allocator, used = planner.keys(links), set()
    currency_of = {
        price_id: plan.catalog["prices"][key]["currency"] for price_id, key in price_keys.items()
    }
    for link in links:
        items, missing = _link_items(list(link.get("line_items") or []), price_keys)
        optional, missing_optional = _link_items(list(link.get("optional_items") or []),
                                                 price_keys)
        if missing or missing_optional or not items:
            plan.notes.append(
                f"skipped payment link {link['id']}: it sells price "
                f"{missing or missing_optional or '(none)'}, which is not imported"
            )
            continue
        data: dict[str, Any] = {
            k: v
            for k, v in link.items()
            if k not in ("line_items", "optional_items", "shipping_options")
        }
        if link.get("shipping_options"):
            plan.notes.append(
                f"payment link {link['id']}: its shipping options are not imported (shipping "
                "rates aren't read from the account yet); declare them under `shipping_rates` "
                "and name them by key in `shipping_options`"
            )
        data["metadata"] = _user_metadata(link)
        currencies = {currency_of[_price_id(item) or ""] for item in link["line_items"]}
        if currencies == {data.get("currency")}:
            data.pop("currency")  # implied by the prices; only needed with currency_options
        entry = {"line_items": items, **minimal(data, PaymentLinkSpec, LINK_DEFAULTS)}
        if optional:
            entry["optional_items"] = optional
        wanted = slugify("-".join(dict.fromkeys(item["price"] for item in items)), "link")
        key = planner.key_for(link, allocator, used, wanted)
        if planner.add("payment_link", "payment_links", key, entry, PaymentLinkSpec):
            planner.tag("payment_link", link, key)

    endpoints = planner.selected("webhook_endpoint", snapshot.webhook_endpoints)
    allocator, used = planner.keys(endpoints), set()
    for endpoint in endpoints:
        data = {k: v for k, v in endpoint.items() if k != "secret"}  # never written anywhere
        data["metadata"] = _user_metadata(endpoint)
        data["disabled"] = endpoint.get("status") == "disabled"
        entry = minimal(data, WebhookEndpointSpec, WEBHOOK_DEFAULTS)
        host_and_path = str(endpoint.get("url", "")).split("://", 1)[-1]
        wanted = slugify(str(endpoint.get("description") or host_and_path), "webhook")
        key = planner.key_for(endpoint, allocator, used, wanted)
        if planner.add("webhook_endpoint", "webhook_endpoints", key, entry,
                       WebhookEndpointSpec):
            planner.tag("webhook_endpoint", endpoint, key)
    return plan
