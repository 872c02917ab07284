"""Rules across catalog entries: references resolve, lookup keys are unique, each link's prices
obey the payment link rules of `schemas.rules`, and its shipping rates charge in its currency.

Functions take raw catalog data (the YAML mapping, possibly ill-typed) and return `Violation`s
with full catalog paths (``payment_links.tip-jar.line_items[0].price``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from schemas.identity import id_safe
from schemas.kinds import KINDS, reference_sites
from schemas.price_facts import LineItemPriceFacts, facts_from_price_data
from schemas.problems import FieldPath, Violation
from schemas.rules import check_line_item_prices
from schemas.suggestions import did_you_mean

__all__ = ["SECTIONS", "check_catalog", "check_catalog_links", "check_references"]

SECTIONS = {
    description.section: description.model.rules
    for description in KINDS.values()
    if description.model.rules is not None
}
"""Top-level catalog sections and the rules checking each entry (its kind's model's `rules`)."""


def _entries(catalog: Mapping[str, Any], section: str) -> dict[str, Mapping[str, Any]]:
    entries = catalog.get(section)
    if not isinstance(entries, Mapping):
        return {}
    return {
        key: entry
        for key, entry in entries.items()
        if isinstance(key, str) and isinstance(entry, Mapping)
    }


def _dangling(where: FieldPath, kind: str, key: Any, known: Mapping[str, Any]) -> Violation:
    description = KINDS[kind]
    hint = did_you_mean(str(key), known)
    return Violation(
        where,
        f"no {description.label} '{key}' in `{description.section}`; {hint}",
        missing=(description.section, str(key)),
    )


def check_references(catalog: Mapping[str, Any]) -> list[Violation]:
    """Every reference each kind's description names must be the key of an existing entry."""
    violations: list[Violation] = []
    for description in KINDS.values():
        for key, entry in _entries(catalog, description.section).items():
            for site in reference_sites(description.kind, entry):
                known = _entries(catalog, KINDS[site.kind].section)
                if isinstance(site.value, str) and site.value not in known:
                    where = (description.section, key, *site.path)
                    violations.append(_dangling(where, site.kind, site.value, known))
    return violations


Claim = Callable[[str, Mapping[str, Any]], str | None]
"""What an entry (key, fields) takes that no other entry may: an id, a lookup key... or None."""


def _taken_twice(
    entries: Mapping[str, Mapping[str, Any]], claim: Claim
) -> Iterator[tuple[str, str]]:
    """``(key, first)`` for each entry claiming what an earlier entry, ``first``, claimed."""
    claimed: dict[str, str] = {}
    for key, entry in entries.items():
        value = claim(key, entry)
        if value is None:
            continue
        if value in claimed:
            yield key, claimed[value]
        else:
            claimed[value] = key


def _custom_id(_key: str, product: Mapping[str, Any]) -> str | None:
    return product["id"] if isinstance(product.get("id"), str) else None


def _derived_id(key: str, product: Mapping[str, Any]) -> str | None:
    return None if isinstance(product.get("id"), str) else id_safe(key)


def _product_id_collisions(products: Mapping[str, Mapping[str, Any]]) -> list[Violation]:
    """Products whose Stripe ids would be equal: keys equal once ``-`` becomes ``_``, or the
    same custom ``id`` declared twice (Stripe refuses the second: "Product already exists")."""
    violations = [
        Violation(
            ("products", key, "id"),
            f"key collision: products '{first}' and '{key}' both declare id "
            f"'{products[key]['id']}'; Stripe product ids are unique per account, so change or "
            "remove one `id`",
        )
        for key, first in _taken_twice(products, _custom_id)
    ]
    violations += [
        Violation(
            ("products", key),
            f"key collision: products '{first}' and '{key}' get the same Stripe product id "
            f"(prod_pl_<scope>_{id_safe(key)}: ids turn '-' into '_'); rename one key",
        )
        for key, first in _taken_twice(products, _derived_id)
    ]
    return violations


def _lookup_key(_key: str, entry: Mapping[str, Any]) -> str | None:
    return entry["lookup_key"] if isinstance(entry.get("lookup_key"), str) else None


def _lookup_key_collisions(
    section: str, entries: Mapping[str, Mapping[str, Any]], keys: str = "lookup keys"
) -> list[Violation]:
    """Entries of one section (prices, entitlement features) declaring the same lookup key:
    unique per Stripe account (the stack's prefix goes in front of every key alike, so keys
    equal here are equal in Stripe too)."""
    plural = section.replace("_", " ")
    return [
        Violation(
            (section, key, "lookup_key"),
            f"key collision: {plural} '{first}' and '{key}' both declare lookup_key "
            f"'{entries[key]['lookup_key']}'; {keys} are unique per Stripe account, so rename one",
        )
        for key, first in _taken_twice(entries, _lookup_key)
    ]


def check_catalog_links(catalog: Mapping[str, Any]) -> list[Violation]:
    """Cross-entry rules only (references, product ids, lookup keys, link prices, features)."""
    products = _entries(catalog, "products")
    prices = _entries(catalog, "prices")
    features = _entries(catalog, "entitlement_features")
    violations = check_references(catalog) + _product_id_collisions(products)
    violations += _lookup_key_collisions("prices", prices)
    violations += _lookup_key_collisions("entitlement_features", features, "feature lookup keys")
    violations += _unique_codes(_entries(catalog, "promotion_codes"))
    for key, link in _entries(catalog, "payment_links").items():
        facts: list[LineItemPriceFacts | None] = []
        items = link.get("line_items")
        for item in items if isinstance(items, list) else []:
            reference = item.get("price") if isinstance(item, Mapping) else None
            linked = prices.get(reference) if isinstance(reference, str) else None
            owner = linked.get("product") if linked is not None else None
            product = products.get(owner) if isinstance(owner, str) else None
            facts.append(facts_from_price_data(linked, product) if linked is not None else None)
        for violation in check_line_item_prices(link, facts):
            violations.append(Violation(("payment_links", key, *violation.path), violation.message))
        currency = link.get("currency") or next((f["currency"] for f in facts if f), None)
        violations += _shipping_currency(key, link, currency, _entries(catalog, "shipping_rates"))
    return violations


def _active_code(_key: str, entry: Mapping[str, Any]) -> str | None:
    code = entry.get("code")
    if not isinstance(code, str) or entry.get("active") is False:
        return None
    return code.upper()


def _unique_codes(codes: Mapping[str, Mapping[str, Any]]) -> list[Violation]:
    """Two active promotion codes can't share a ``code``, whatever its case."""
    return [
        Violation(
            ("promotion_codes", key, "code"),
            f"code '{codes[key]['code']}' is already promotion code '{first}'; Stripe keeps "
            "active codes unique regardless of case",
        )
        for key, first in _taken_twice(codes, _active_code)
    ]


def _shipping_currency(
    key: str, link: Mapping[str, Any], currency: Any, rates: Mapping[str, Mapping[str, Any]]
) -> list[Violation]:
    """Stripe refuses a shipping rate charging in another currency than the link's prices."""
    options = link.get("shipping_options")
    if not isinstance(options, list):
        return []
    violations = []
    for index, option in enumerate(options):
        reference = option.get("shipping_rate") if isinstance(option, Mapping) else None
        rate = rates.get(reference) if isinstance(reference, str) else None
        if rate is not None and rate.get("active") is False:
            violations.append(
                Violation(
                    ("payment_links", key, "shipping_options", index, "shipping_rate"),
                    f"shipping rate '{reference}' is archived (`active: false`); a link can't "
                    "offer it",
                    cause=("shipping_rates", str(reference), "active"),
                )
            )
        fixed = rate.get("fixed_amount") if rate is not None else None
        rate_currency = fixed.get("currency") if isinstance(fixed, Mapping) else None
        if (
            isinstance(currency, str)
            and isinstance(rate_currency, str)
            and rate_currency.lower() != currency.lower()
        ):
            violations.append(
                Violation(
                    ("payment_links", key, "shipping_options", index, "shipping_rate"),
                    f"shipping rate '{reference}' charges in {rate_currency} but this link sells "
                    f"in {currency}; give the link a rate in {currency}",
                    cause=("shipping_rates", str(reference), "fixed_amount", "currency"),
                )
            )
    return violations


def check_catalog(catalog: Mapping[str, Any]) -> list[Violation]:
    """Every rule: each entry's own rules, then the cross-entry ones."""
    violations: list[Violation] = []
    for section, check in SECTIONS.items():
        for key, entry in _entries(catalog, section).items():
            violations += [Violation((section, key, *v.path), v.message) for v in check(entry)]
    return violations + check_catalog_links(catalog)
