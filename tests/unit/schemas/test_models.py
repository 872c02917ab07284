"""The models enforce the same rules when built directly (not only through `load_catalog`)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import Catalog, PaymentLinkSpec, PriceSpec


def test_price_model_applies_the_amount_rule() -> None:
    with pytest.raises(ValidationError, match="set exactly one of"):
        PriceSpec(product="pro", currency="eur")


def test_link_model_applies_the_line_item_limit() -> None:
    items = [{"price": "p", "quantity": 1}] * 21
    with pytest.raises(ValidationError, match="at most 20"):
        PaymentLinkSpec.model_validate({"line_items": items})


def test_catalog_model_checks_references_and_link_prices() -> None:
    data = {
        "products": {"pro": {"name": "Pro"}},
        "prices": {
            "a": {"product": "pro", "currency": "eur", "unit_amount": 1},
            "b": {"product": "pro", "currency": "usd", "unit_amount": 1},
        },
        "payment_links": {
            "l": {"line_items": [{"price": "a", "quantity": 1}, {"price": "c", "quantity": 1}]},
            "m": {"line_items": [{"price": "a", "quantity": 1}, {"price": "b", "quantity": 1}]},
        },
    }
    with pytest.raises(ValidationError) as raised:
        Catalog.model_validate(data)
    text = str(raised.value)
    assert "no price 'c'" in text and "share one currency" in text


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        PriceSpec.model_validate({"product": "p", "currency": "eur", "unit_amount": 1, "amount": 1})


def test_a_problem_stays_one_line_whatever_characters_a_key_holds() -> None:
    from schemas.problems import Problem

    problem = Problem("catalog.yaml", 3, "products.\x9b\x1d", "unknown field '\x1d\n'")
    assert str(problem) == "catalog.yaml:3: products.\\x9b\\x1d: unknown field '\\x1d\\n'"
    assert len(str(problem).splitlines()) == 1
