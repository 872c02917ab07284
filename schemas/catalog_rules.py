"""Rules across catalog entries: references resolve, lookup keys are unique, and each link's
prices obey the payment link rules of `schemas.rules`.

Functions take raw catalog data (the YAML mapping, possibly ill-typed) and return `Violation`s
with full catalog paths (``payment_links.tip-jar.line_items[0].price``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.price_facts import LineItemPriceFacts, facts_from_price_data
from schemas.problems import FieldPath, Violation
from schemas.rules import (
    check_line_item_prices,
    check_payment_link,
    check_price,
    check_product,
    check_webhook_endpoint,
)
from schemas.suggestions import did_you_mean

__all__ = ["SECTIONS", "check_catalog", "check_catalog_links"]

SECTIONS = {
    "products": check_product,
    "prices": check_price,
    "payment_links": check_payment_link,
    "webhook_endpoints": check_webhook_endpoint,
}
"""Top-level catalog sections and the rule checking each entry."""


def _entries(catalog: Mapping[str, Any], section: str) -> dict[str, Mapping[str, Any]]:
    entries = catalog.get(section)
    if not isinstance(entries, Mapping):
        return {}
    return {
        key: entry
        for key, entry in entries.items()
        if isinstance(key, str) and isinstance(entry, Mapping)
    }


def _dangling(where: FieldPath, section: str, key: Any, known: Mapping[str, Any]) -> Violation:
    singular = section.removesuffix("s").replace("_", " ")
    hint = did_you_mean(str(key), known)
    return Violation(where, f"no {singular} '{key}' in `{section}`; {hint}")


def check_catalog_links(catalog: Mapping[str, Any]) -> list[Violation]:
    """Cross-entry rules only (references, lookup keys, link prices)."""
    products = _entries(catalog, "products")
    prices = _entries(catalog, "prices")
    violations: list[Violation] = []
    lookup_keys: dict[str, str] = {}
    for key, price in prices.items():
        product = price.get("product")
        if isinstance(product, str) and product not in products:
            violations.append(_dangling(("prices", key, "product"), "products", product, products))
        lookup_key = price.get("lookup_key")
        if isinstance(lookup_key, str):
            if lookup_key in lookup_keys:
                violations.append(
                    Violation(
                        ("prices", key, "lookup_key"),
                        f"lookup_key '{lookup_key}' is already used by price "
                        f"'{lookup_keys[lookup_key]}'; lookup keys are unique per Stripe account",
                    )
                )
            else:
                lookup_keys[lookup_key] = key
    for key, link in _entries(catalog, "payment_links").items():
        facts: list[LineItemPriceFacts | None] = []
        for field in ("line_items", "optional_items"):
            items = link.get(field)
            for index, item in enumerate(items if isinstance(items, list) else []):
                reference = item.get("price") if isinstance(item, Mapping) else None
                linked: Mapping[str, Any] | None = (
                    prices.get(reference) if isinstance(reference, str) else None
                )
                if isinstance(reference, str) and linked is None:
                    where = ("payment_links", key, field, index, "price")
                    violations.append(_dangling(where, "prices", reference, prices))
                if field == "line_items":
                    facts.append(facts_from_price_data(linked) if linked is not None else None)
        for violation in check_line_item_prices(link, facts):
            violations.append(Violation(("payment_links", key, *violation.path), violation.message))
    return violations


def check_catalog(catalog: Mapping[str, Any]) -> list[Violation]:
    """Every rule: each entry's own rules, then the cross-entry ones."""
    violations: list[Violation] = []
    for section, check in SECTIONS.items():
        for key, entry in _entries(catalog, section).items():
            violations += [Violation((section, key, *v.path), v.message) for v in check(entry)]
    return violations + check_catalog_links(catalog)
