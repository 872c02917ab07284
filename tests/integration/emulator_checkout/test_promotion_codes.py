"""A link that allows promotion codes: the page has a code field and a valid active code is
applied to the completed session (and its webhook), as Stripe applies the coupon."""

from __future__ import annotations

import json

import stripe

from emulator.checkout.order_summary import MINUS_SIGN
from tests.integration.emulator_checkout.conftest import Shop, WebhookReceiver
from tests.support.checkout import FRENCH_ADDRESS


def _code(shop: Shop, code: str, **coupon: object) -> stripe.PromotionCode:
    made = shop.client.v1.coupons.create(params=coupon)
    return shop.client.v1.promotion_codes.create(
        params={"code": code, "promotion": {"type": "coupon", "coupon": made.id}}
    )


def test_a_valid_code_discounts_the_items_not_the_shipping(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url)
    code = _code(shop, "SUMMER20", percent_off=20)
    rate = shop.client.v1.shipping_rates.create(
        params={"display_name": "Standard", "fixed_amount": {"amount": 490, "currency": "eur"}}
    )
    link = shop.link(
        shop.price(unit_amount=3900),
        allow_promotion_codes=True,
        shipping_address_collection={"allowed_countries": ["FR"]},
        shipping_options=[{"shipping_rate": rate.id}],
    )
    assert 'name="promotion_code"' in shop.http.get(link.url).text
    session = shop.session_of(shop.pay(link, promotion_code="summer20", **FRENCH_ADDRESS))
    assert (session.amount_subtotal, session.amount_total) == (3900, 3900 - 780 + 490)
    assert session.total_details.amount_discount == 780  # type: ignore[union-attr]
    assert [d.promotion_code for d in session.discounts or []] == [code.id]
    items = shop.client.v1.checkout.sessions.line_items.list(session.id).data
    assert [(i.amount_discount, i.amount_total) for i in items] == [(780, 3120)]
    request = receiver.wait_for(1)[0]
    stripe.Webhook.construct_event(
        request.body, request.headers["stripe-signature"], endpoint.secret
    )
    sent = json.loads(request.body)["data"]["object"]
    assert sent["total_details"]["amount_discount"] == 780 and sent["amount_total"] == 3610


def test_inactive_unknown_or_unoffered_codes_are_refused(shop: Shop) -> None:
    code = _code(shop, "OLD10", amount_off=1000, currency="eur")
    price = shop.price()
    link = shop.link(price, allow_promotion_codes=True)
    shop.client.v1.promotion_codes.update(code.id, params={"active": False})
    for typed, why in (
        ("OLD10", "This code is no longer active."),
        ("NOPE", "This code is invalid."),
    ):
        refused = shop.pay(link, promotion_code=typed)
        assert refused.status_code == 400 and why in refused.text, typed
    shop.client.v1.promotion_codes.update(code.id, params={"active": True})
    plain = shop.link(price)
    assert 'name="promotion_code"' not in shop.http.get(plain.url).text
    assert "doesn&#x27;t take promotion codes" in shop.pay(plain, promotion_code="OLD10").text
    session = shop.session_of(shop.pay(link, promotion_code="OLD10"))
    assert (session.amount_total, session.total_details.amount_discount) == (400, 1000)  # type: ignore[union-attr]


def test_apply_shows_the_discount_and_new_total_before_paying(shop: Shop) -> None:
    _code(shop, "WELCOME15", percent_off=15)
    link = shop.link(shop.price(), allow_promotion_codes=True)
    page = shop.http.get(link.url).text
    assert 'id="apply-promotion-code" name="action" value="apply"' in page
    applied = shop.http.post(link.url, data={"promotion_code": "welcome15", "action": "apply"})
    assert applied.status_code == 200, "applying a valid code is not an error"
    discount = f'<span>WELCOME15</span><span>{MINUS_SIGN}€2.10</span>'
    assert f'data-promotion-code="WELCOME15">{discount}' in applied.text
    assert 'id="total">€11.90<' in applied.text
    assert 'value="welcome15"' in applied.text, "the applied code is not kept for paying"
    assert "Please check the highlighted fields." not in applied.text
    assert shop.client.v1.checkout.sessions.list().data == [], "Apply paid"
    session = shop.session_of(shop.pay(link, promotion_code="welcome15"))
    assert session.amount_total == 1190
    emptied = shop.http.post(link.url, data={"promotion_code": "", "action": "apply"})
    assert emptied.status_code == 200 and 'id="total">€14.00<' in emptied.text
    assert 'id="discount"' not in emptied.text and 'class="error"' not in emptied.text


def test_apply_says_why_a_code_does_not_work(shop: Shop) -> None:
    code = _code(shop, "OLD10", amount_off=1000, currency="eur")
    shop.client.v1.promotion_codes.update(code.id, params={"active": False})
    link = shop.link(shop.price(), allow_promotion_codes=True)
    for typed, why in (
        ("OLD10", "This code is no longer active."),
        ("NOPE", "This code is invalid."),
    ):
        refused = shop.http.post(link.url, data={"promotion_code": typed, "action": "apply"})
        assert refused.status_code == 400, typed
        assert f'<div class="error" role="alert">{why}</div>' in refused.text, typed
        assert 'id="discount"' not in refused.text and 'id="total">€14.00<' in refused.text
        assert "Enter a valid email address." not in refused.text, "Apply checked other fields"
