"""Each rule runs once per validation: the explicit, located run, never again inside pydantic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import schemas.catalog_rules
import schemas.resource
from schemas import CatalogError, PriceSpec, load_catalog, validate_resource
from schemas.problems import Violation
from schemas.rules import check_price

BAD_PRICE = {"product": "beans", "currency": "eur", "key": "bag", "scope": "dev"}  # no amount


def counting(calls: Counter[str], name: str, check: Callable[..., list[Violation]]) -> Any:
    def counted(data: Mapping[str, Any], *args: Any) -> list[Violation]:
        calls[name] += 1
        return check(data, *args)

    return counted


def test_validate_resource_runs_the_price_rules_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[str] = Counter()
    counted = counting(calls, "check_price", check_price)
    monkeypatch.setattr(PriceSpec, "rules", counted)
    problems = validate_resource("price", BAD_PRICE)
    assert calls["check_price"] == 1
    assert [p.message for p in problems if "exactly one of" in p.message], problems


def test_load_catalog_runs_each_entry_rule_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: Counter[str] = Counter()
    counted = counting(calls, "check_price", check_price)
    monkeypatch.setattr(PriceSpec, "rules", counted)
    monkeypatch.setitem(schemas.catalog_rules.SECTIONS, "prices", counted)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "products: {beans: {name: Beans}}\n"
        "prices:\n"
        "  bag: {product: beans, currency: eur, unit_amount: 1400}\n"
        "  broken: {product: beans, currency: eur}\n"
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog)
    assert calls["check_price"] == 2, "each of the two prices is checked exactly once"
    assert len([p for p in raised.value.problems if p.path.startswith("prices.broken")]) == 1


def test_a_model_built_directly_still_applies_its_rules() -> None:
    with pytest.raises(ValueError, match="exactly one of"):
        PriceSpec(product="beans", currency="eur")
