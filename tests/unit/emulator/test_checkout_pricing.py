"""The payment page's pure rules, without HTTP: addresses per country, a promotion code's
refusals and amounts, and a subscription's trial in the quote the page shows."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.checkout.order_summary import trial_note
from emulator.models.checkout_address import address_rules, check_address, country_name
from emulator.models.checkout_discount import (
    DiscountedLine,
    Promotion,
    code_refusal,
    line_discounts,
)
from emulator.models.checkout_order import Offer, OfferLine, Submission, quote_order

NOW = 1_800_000_000


def test_each_country_requires_its_own_parts() -> None:
    assert address_rules("US").required == {"name", "line1", "city", "postal_code", "state"}
    assert address_rules("HK").required >= {"name", "line1"}
    assert "postal_code" not in address_rules("HK").required, "Hong Kong has no postal codes"
    assert (address_rules("US").postal_label, address_rules("FR").postal_label) == (
        "ZIP code",
        "Postal code",
    )
    assert country_name("BA") == "Bosnia and Herzegovina"


def test_an_address_is_returned_in_stripes_shape_with_the_state_code() -> None:
    problems: dict[str, str] = {}
    typed = {
        "name": " Sam ",
        "line1": "1 Main St",
        "city": "Springfield",
        "postal_code": "62704",
        "state": "illinois",
        "country": "us",
    }
    details = check_address("shipping", typed, ["US"], problems)
    assert problems == {}
    assert details == {
        "name": "Sam",
        "address": {
            "city": "Springfield",
            "country": "US",
            "line1": "1 Main St",
            "line2": None,
            "postal_code": "62704",
            "state": "IL",
        },
    }


def test_address_problems_name_the_field() -> None:
    problems: dict[str, str] = {}
    check_address("billing", {"country": "FR", "postal_code": "7"}, ["FR"], problems,
                  with_name=False)  # fmt: skip
    assert problems == {
        "billing-line1": "Address line 1 is required.",
        "billing-city": "City is required.",
        "billing-postal_code": "Postal code is invalid.",
    }
    problems.clear()
    check_address("shipping", {"country": "JP"}, ["FR"], problems)
    assert problems["shipping-country"] == "Japan isn't one of the countries offered."


def _code(**fields: Any) -> dict[str, Any]:
    return {"id": "promo_1", "code": "X", "active": True, "expires_at": None, **fields}


@pytest.mark.parametrize(
    ("code", "coupon", "returning", "refusal"),
    [
        (_code(), {}, False, None),
        (_code(), None, False, "This code is invalid."),
        (_code(active=False), {}, False, "This code is no longer active."),
        (_code(expires_at=NOW), {}, False, "This code has expired."),
        (_code(), {"redeem_by": NOW - 1}, False, "This code has expired."),
        (_code(max_redemptions=1, times_redeemed=1), {}, False, "reached its usage limit"),
        (_code(), {"max_redemptions": 3, "times_redeemed": 3}, False, "reached its usage limit"),
        (_code(restrictions={"first_time_transaction": True}), {}, False, None),
        (_code(restrictions={"first_time_transaction": True}), {}, True, "first-time customers"),
    ],
)
def test_code_refusals(
    code: dict[str, Any], coupon: dict[str, Any] | None, returning: bool, refusal: str | None
) -> None:
    found = code_refusal(code, coupon, at=NOW, returning_customer=returning)
    assert (found is None) if refusal is None else (found is not None and refusal in found)


def test_an_amount_off_is_spread_over_eligible_lines_in_order() -> None:
    promotion = Promotion(
        _code(), {"amount_off": 1500, "currency": "eur", "applies_to": {"products": ["a", "b"]}}
    )
    lines = [DiscountedLine("a", 1000), DiscountedLine("c", 800), DiscountedLine("b", 900)]
    assert line_discounts(promotion, "eur", lines) == ([1000, 0, 500], None)
    assert line_discounts(promotion, "usd", lines)[1] == "This code isn't valid for this currency."


def _offer(trial_days: int | None) -> Offer:
    monthly = OfferLine(
        item_id="li_1",
        price={"unit_amount": 1200, "recurring": {"interval": "month"}, "product": "prod_1"},
        product_name="Club",
        product_description=None,
        quantity=2,
        adjustable=None,
        custom_amount=None,
    )
    link = {"subscription_data": {"trial_period_days": trial_days}, "currency": "eur"}
    return Offer(link=link, lines=[monthly], currency="eur", payment_methods=["card"],
                 custom_fields=[])  # fmt: skip


def test_a_trial_makes_the_recurring_lines_free_today() -> None:
    order, problems = quote_order(_offer(14), Submission(email="", payment_method="card"))
    assert set(problems) == {"email"}
    assert (order.amount_subtotal, order.amount_total) == (0, 0)
    assert trial_note(order) == "14 days free, then €24.00 per month"
    without, _ = quote_order(_offer(None), Submission(email="", payment_method="card"))
    assert (without.amount_total, trial_note(without)) == (2400, "")


def test_a_minimum_in_another_currency_comes_from_the_codes_currency_options() -> None:
    restrictions = {
        "minimum_amount": 2000,
        "minimum_amount_currency": "eur",
        "currency_options": {"usd": {"minimum_amount": 2500}},
    }
    promotion = Promotion(_code(restrictions=restrictions), {"percent_off": 10})
    assert line_discounts(promotion, "usd", [DiscountedLine("a", 2400)]) == (
        [],
        "This code needs an order of at least $25.00.",
    )
    assert line_discounts(promotion, "usd", [DiscountedLine("a", 2500)]) == ([250], None)
    assert line_discounts(promotion, "gbp", [DiscountedLine("a", 9000)])[1] == (
        "This code isn't valid for this currency."
    )
