"""A promotion code's restrictions, enforced when the customer applies or pays with it, each
refused with a sentence next to the code field: first-time customers only, a minimum order (in
its currency), a number of redemptions (the code's and the coupon's), an expiry (the code's
`expires_at`, the coupon's `redeem_by`) and the coupon's products. Paying counts a redemption."""

from __future__ import annotations

import time
from typing import Any

import stripe

from tests.support.checkout import Shop


def _code(shop: Shop, code: str, coupon: dict[str, Any], **params: Any) -> stripe.PromotionCode:
    made = shop.client.v1.coupons.create(params={"percent_off": 10, **coupon})
    return shop.client.v1.promotion_codes.create(
        params={"code": code, "promotion": {"type": "coupon", "coupon": made.id}, **params}
    )


def _refusal(shop: Shop, link: Any, code: str, **form: str) -> str:
    response = shop.pay(link, promotion_code=code, **form)
    assert response.status_code == 400, f"{code} was accepted"
    found = response.text.split('name="promotion_code"', 1)[1]
    return found.split('<div class="error" role="alert">', 1)[1].split("</div>", 1)[0]


def test_first_time_codes_refuse_an_email_that_already_paid(shop: Shop) -> None:
    _code(shop, "HELLO", {}, restrictions={"first_time_transaction": True})
    link = shop.link(shop.price(), allow_promotion_codes=True)
    first = shop.session_of(shop.pay(link, promotion_code="HELLO", email="new@customer.example"))
    assert first.total_details.amount_discount == 140  # type: ignore[union-attr]
    again = _refusal(shop, link, "HELLO", email="NEW@customer.example")
    assert again == "This code is only for first-time customers."
    shop.session_of(shop.pay(link, promotion_code="HELLO", email="other@customer.example"))


def test_a_minimum_order_counts_the_items_in_its_currency(shop: Shop) -> None:
    _code(
        shop,
        "BIGBASKET",
        {},
        restrictions={"minimum_amount": 2000, "minimum_amount_currency": "eur"},
    )
    _code(
        shop,
        "DOLLARS",
        {},
        restrictions={"minimum_amount": 100, "minimum_amount_currency": "usd"},
    )
    price = shop.price()
    link = shop.link(
        line_items=[
            {
                "price": price.id,
                "quantity": 1,
                "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 5},
            }
        ],
        allow_promotion_codes=True,
    )
    item = shop.item_ids(link)[0]
    assert (
        _refusal(shop, link, "BIGBASKET") == "This code needs an order of at least €20.00."
    )
    assert _refusal(shop, link, "DOLLARS") == "This code isn&#x27;t valid for this currency."
    bigger = shop.pay(link, promotion_code="BIGBASKET", **{f"quantity-{item}": "2"})
    session = shop.session_of(bigger)
    assert session.total_details.amount_discount == 280  # type: ignore[union-attr]


def test_redemption_limits_of_the_code_and_of_its_coupon(shop: Shop) -> None:
    once = _code(shop, "ONCE", {}, max_redemptions=1)
    _code(shop, "TWICE", {"max_redemptions": 2})
    link = shop.link(shop.price(), allow_promotion_codes=True)
    shop.session_of(shop.pay(link, promotion_code="ONCE"))
    assert shop.client.v1.promotion_codes.retrieve(once.id).times_redeemed == 1
    assert _refusal(shop, link, "ONCE") == "This code has reached its usage limit."
    twice = shop.client.v1.promotion_codes.list(params={"code": "TWICE"}).data[0]
    shop.session_of(shop.pay(link, promotion_code="TWICE"))
    shop.session_of(shop.pay(link, promotion_code="TWICE"))
    coupon = shop.client.v1.coupons.retrieve(twice.promotion.coupon)  # type: ignore[arg-type]
    assert (coupon.times_redeemed, coupon.valid) == (2, False)
    assert _refusal(shop, link, "TWICE") == "This code has reached its usage limit."


def test_expired_codes_and_coupons_are_refused(shop: Shop) -> None:
    soon = int(time.time()) + 2
    _code(shop, "SOON", {}, expires_at=soon)
    _code(shop, "REDEEMBY", {"redeem_by": soon})
    link = shop.link(shop.price(), allow_promotion_codes=True)
    shop.session_of(shop.pay(link, promotion_code="SOON"))
    time.sleep(max(0.0, soon - time.time()) + 1.1)
    assert _refusal(shop, link, "SOON") == "This code has expired."
    assert _refusal(shop, link, "REDEEMBY") == "This code has expired."


def test_a_coupon_for_other_products_does_not_apply(shop: Shop) -> None:
    beans, mug = shop.price("Beans"), shop.price("Mug", unit_amount=900)
    _code(shop, "BEANS", {"applies_to": {"products": [beans.product]}})
    only_mug = shop.link(mug, allow_promotion_codes=True)
    assert _refusal(shop, only_mug, "BEANS") == "This code doesn&#x27;t apply to these items."
    both = shop.link(beans, mug, allow_promotion_codes=True)
    session = shop.session_of(shop.pay(both, promotion_code="BEANS"))
    assert session.total_details.amount_discount == 140  # type: ignore[union-attr]
