"""`validate_resource`: the catalog's rules on one resource's inputs, as the provider's `check` sees
them (Stripe ids for references, Pulumi's unknown sentinel during preview, numbers as floats)."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import UNKNOWN, PriceSpec, line_item_price_facts, validate_resource

ONE_TIME_EUR = {
    "currency": "eur",
    "type": "one_time",
    "custom_unit_amount": False,
    "billing_scheme": "per_unit",
    "tiered": False,
}


def link(items: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "key": "pro-monthly",
        "scope": "dev",
        "line_items": [{"price": f"price_{i}", "quantity": 1.0} for i in range(items)],
        "line_item_prices": [dict(ONE_TIME_EUR) for _ in range(items)],
        **fields,
    }


def paths(problems: list[Any]) -> list[str]:
    return [problem.path for problem in problems]


def test_valid_inputs_have_no_problems() -> None:
    assert validate_resource("payment_link", link(3)) == []
    price = {
        "key": "tip",
        "scope": "dev",
        "product": "prod_123",
        "currency": "eur",
        "custom_unit_amount": {"enabled": True, "minimum": 100.0, "preset": 500.0},
    }
    assert validate_resource("price", price) == []
    product = {"key": "pro", "scope": "dev", "id": "prod_pl_dev_pro", "name": "Pro"}
    assert validate_resource("product", product) == []
    endpoint = {
        "key": "fulfilment",
        "scope": "dev",
        "url": "https://example.com/hook",
        "enabled_events": ["*"],
    }
    assert validate_resource("webhook_endpoint", endpoint) == []


def test_problem_paths_are_field_paths_within_the_resource() -> None:
    problems = validate_resource("payment_link", link(21))
    assert paths(problems) == ["line_items"]
    assert "at most 20" in problems[0].message
    assert problems[0].file == "" and problems[0].line == 0


def test_link_rules_use_line_item_prices() -> None:
    inputs = link(4)
    inputs["line_item_prices"][3] = {**ONE_TIME_EUR, "currency": "usd"}
    inputs["line_item_prices"][1] = {**ONE_TIME_EUR, "custom_unit_amount": True}
    inputs["line_item_prices"][2] = {**ONE_TIME_EUR, "tiered": True, "billing_scheme": "tiered"}
    problems = validate_resource("payment_link", inputs)
    assert paths(problems) == [
        "line_items[1].price",
        "line_items[2].price",
        "line_items[3].price",
    ]


def test_misaligned_line_item_prices_are_reported() -> None:
    inputs = link(2)
    inputs["line_item_prices"] = inputs["line_item_prices"][:1]
    assert paths(validate_resource("payment_link", inputs)) == ["line_item_prices"]


@pytest.mark.parametrize(
    "inputs",
    [
        link(1, after_completion=UNKNOWN),
        link(1, line_items=[{"price": UNKNOWN, "quantity": UNKNOWN}]),
        link(1, line_items=UNKNOWN),
        link(1, line_item_prices=UNKNOWN),
        link(2, line_item_prices=[UNKNOWN, {**ONE_TIME_EUR, "currency": UNKNOWN}]),
        link(1, after_completion={"type": UNKNOWN, "redirect": {"url": UNKNOWN}}),
        link(1, metadata={"team": UNKNOWN}),
        link(1, metadata=UNKNOWN, restrictions={"completed_sessions": {"limit": UNKNOWN}}),
        link(1, key=UNKNOWN, scope=UNKNOWN),
    ],
)
def test_unknown_values_are_never_flagged(inputs: dict[str, Any]) -> None:
    assert validate_resource("payment_link", inputs) == []


def test_unknowns_do_not_hide_other_problems() -> None:
    inputs = link(
        1,
        line_items=[
            {
                "price": UNKNOWN,
                "quantity": 1,
                "adjustable_quantity": {"enabled": True, "minimum": 9, "maximum": 2},
            }
        ],
    )
    assert paths(validate_resource("payment_link", inputs)) == [
        "line_items[0].adjustable_quantity.minimum"
    ]


def test_unknown_product_and_amount_on_a_price() -> None:
    price = {
        "key": "pro",
        "scope": "dev",
        "product": UNKNOWN,
        "currency": "eur",
        "unit_amount": UNKNOWN,
    }
    assert validate_resource("price", price) == []


def test_price_rules_apply_to_resources() -> None:
    price = {
        "key": "pro",
        "scope": "dev",
        "product": "prod_1",
        "currency": "eur",
        "unit_amount": 1500,
        "custom_unit_amount": {"enabled": True},
        "metadata": {"x" * 41: "v"},
    }
    problems = validate_resource("price", price)
    assert paths(problems) == ["custom_unit_amount", f"metadata.{'x' * 41}"]


def test_unknown_fields_and_wrong_types_are_reported() -> None:
    endpoint = {
        "key": "hook",
        "scope": "dev",
        "url": "http://example.com",
        "enabled_events": [],
        "disabeld": True,
    }
    problems = validate_resource("webhook_endpoint", endpoint)
    assert sorted(paths(problems)) == ["disabeld", "enabled_events", "url"]
    assert any("did you mean 'disabled'?" in p.message for p in problems)


def test_bad_logical_key_is_reported() -> None:
    assert paths(
        validate_resource("product", {"key": "Pro Plan", "scope": "dev", "name": "P"})
    ) == ["key"]


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown resource kind"):
        validate_resource("invoice", {})


def test_price_facts_helper_matches_the_contract() -> None:
    tip = PriceSpec(product="tip", currency="eur", custom_unit_amount={"enabled": True})
    assert line_item_price_facts(tip) == {
        "currency": "eur",
        "type": "one_time",
        "custom_unit_amount": True,
        "billing_scheme": "per_unit",
        "tiered": False,
        "interval": None,
        "active": True,
    }
    monthly = PriceSpec(
        product="pro", currency="usd", unit_amount=1, recurring={"interval": "month"}
    )
    assert line_item_price_facts(monthly)["type"] == "recurring"
    assert line_item_price_facts(monthly).get("interval") == "1 month"


def test_none_inputs_count_as_absent() -> None:
    inputs = link(1, url=None, stripe_id=None, after_completion=None)
    assert validate_resource("payment_link", inputs) == []
    problems = validate_resource("product", {"key": "pro", "scope": "dev", "name": None})
    assert [(p.path, p.message) for p in problems] == [("name", "required field is missing")]


def test_provider_check_refuses_mixed_intervals_archived_prices_and_custom_quantities() -> None:
    """The link rules that need price facts run in `check` too (programs without a catalog)."""
    monthly = {"currency": "eur", "type": "recurring", "custom_unit_amount": False,
               "billing_scheme": "per_unit", "tiered": False, "interval": "1 month"}
    yearly = {**monthly, "interval": "1 year", "active": False}
    problems = validate_resource("payment_link", {
        "key": "club", "scope": "dev",
        "line_items": [{"price": "price_1", "quantity": 1}, {"price": "price_2", "quantity": 1}],
        "line_item_prices": [monthly, yearly],
    })
    found = {(p.path, p.message.split(";")[0]) for p in problems}
    assert ("line_items[1].price", "billed every 1 year but line_items[0] every 1 month") in found
    assert ("line_items[1].price", "this price or its product is declared `active: false`") in found
    tip = {**monthly, "type": "one_time", "interval": None, "custom_unit_amount": True}
    problems = validate_resource("payment_link", {
        "key": "tip", "scope": "dev", "line_items": [{"price": "price_3", "quantity": 2}],
        "line_item_prices": [tip],
    })
    assert [(p.path, p.message) for p in problems] == [
        ("line_items[0].quantity", "a customer-chosen price is sold with quantity 1, not 2")
    ]
