"""Deciding whether Stripe's answer satisfies a declaration (adoption and drift)."""

from __future__ import annotations

from providers.matching import declared_matches, without_nulls
from providers.price import immutable_fields_match

STRIPE_PRICE = {
    "id": "price_1",
    "product": "prod_1",
    "currency": "usd",
    "unit_amount": 1500,
    "unit_amount_decimal": "1500",
    "billing_scheme": "per_unit",
    "custom_unit_amount": None,
    "recurring": {
        "interval": "month",
        "interval_count": 1,
        "usage_type": "licensed",
        "meter": None,
        "trial_period_days": None,
    },
    "tiers_mode": None,
    "transform_quantity": None,
}


def test_declared_subset_matches_stripe_defaults_and_numbers_by_value() -> None:
    assert declared_matches({"interval": "month"}, STRIPE_PRICE["recurring"])
    assert declared_matches({"unit": "1500.0"}, {"unit": 1500})
    assert not declared_matches({"interval": "year"}, STRIPE_PRICE["recurring"])
    assert not declared_matches([{"a": 1}], [{"a": 1}, {"a": 2}])
    assert not declared_matches(True, 1) or declared_matches(True, True)


def test_without_nulls_drops_stripe_unset_values() -> None:
    assert without_nulls({"enabled": True, "maximum": None, "x": [{"y": None}]}) == {
        "enabled": True,
        "x": [{}],
    }


def test_price_adopted_only_with_the_same_immutable_fields() -> None:
    declared = {
        "product": "prod_1",
        "currency": "usd",
        "unit_amount": 1500,
        "recurring": {"interval": "month"},
    }
    assert immutable_fields_match(declared, STRIPE_PRICE)
    assert not immutable_fields_match({**declared, "unit_amount": 1600}, STRIPE_PRICE)
    one_time = {k: v for k, v in declared.items() if k != "recurring"}
    assert not immutable_fields_match(one_time, STRIPE_PRICE), (
        "a one-time price never adopts a recurring one"
    )
    custom = {"product": "prod_1", "currency": "usd", "custom_unit_amount": {"enabled": True}}
    assert not immutable_fields_match(custom, STRIPE_PRICE)
    stripe_custom = {
        **STRIPE_PRICE,
        "unit_amount": None,
        "unit_amount_decimal": None,
        "recurring": None,
        "custom_unit_amount": {"maximum": None, "minimum": None, "preset": None},
    }
    assert immutable_fields_match(custom, stripe_custom)


def test_price_with_a_different_tax_behavior_already_set_is_not_adopted() -> None:
    declared = {
        "product": "prod_1",
        "currency": "usd",
        "unit_amount": 1500,
        "recurring": {"interval": "month"},
        "tax_behavior": "inclusive",
    }
    assert not immutable_fields_match(declared, {**STRIPE_PRICE, "tax_behavior": "exclusive"})
    assert immutable_fields_match(declared, {**STRIPE_PRICE, "tax_behavior": "unspecified"})
