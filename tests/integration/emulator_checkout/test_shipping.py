"""A link that ships: the page offers its active shipping rates and the chosen one is charged."""

from __future__ import annotations

import json

import stripe

from tests.integration.emulator_checkout.conftest import Shop, WebhookReceiver
from tests.support.checkout import FRENCH_ADDRESS


def _rate(
    shop: Shop, name: str, amount: int, days: tuple[int, int] | None = None
) -> stripe.ShippingRate:
    params: dict[str, object] = {
        "display_name": name,
        "fixed_amount": {"amount": amount, "currency": "eur"},
    }
    if days:
        params["delivery_estimate"] = {
            "minimum": {"unit": "business_day", "value": days[0]},
            "maximum": {"unit": "business_day", "value": days[1]},
        }
    return shop.client.v1.shipping_rates.create(params=params)


def test_the_page_lists_active_rates_and_adds_the_default_one_to_the_total(shop: Shop) -> None:
    standard = _rate(shop, "Standard shipping", 490, (2, 4))
    express = _rate(shop, "Express shipping", 990, (1, 1))
    retired = _rate(shop, "Pigeon post", 100)
    link = shop.link(
        shop.price(unit_amount=3900),
        shipping_address_collection={"allowed_countries": ["FR", "DE"]},
        shipping_options=[
            {"shipping_rate": standard.id},
            {"shipping_rate": express.id},
            {"shipping_rate": retired.id},
        ],
    )
    shop.client.v1.shipping_rates.update(retired.id, params={"active": False})
    html = shop.http.get(link.url).text
    assert "<h2>Shipping</h2>" in html
    assert (
        f'value="{standard.id}" checked> Standard shipping — €4.90 · 2 to 4 business days' in html
    )
    assert f'value="{express.id}"> Express shipping — €9.90 · 1 business day' in html
    assert "Pigeon post" not in html, "an archived rate is still offered"
    assert 'id="total">€43.90<' in html, "the default rate is not in the total"


def test_the_chosen_rate_is_charged_in_the_session_and_its_webhook(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url)
    standard, express = _rate(shop, "Standard", 490), _rate(shop, "Express", 990)
    link = shop.link(
        shop.price(unit_amount=3900),
        shipping_address_collection={"allowed_countries": ["FR"]},
        shipping_options=[{"shipping_rate": standard.id}, {"shipping_rate": express.id}],
    )
    session = shop.session_of(shop.pay(link, shipping_rate=express.id, **FRENCH_ADDRESS))
    assert (session.amount_subtotal, session.amount_total) == (3900, 4890)
    assert session.total_details.amount_shipping == 990  # type: ignore[union-attr]
    assert session.shipping_cost.shipping_rate == express.id  # type: ignore[union-attr]
    assert session.shipping_cost.amount_total == 990  # type: ignore[union-attr]
    assert [o.shipping_rate for o in session.shipping_options] == [standard.id, express.id]
    request = receiver.wait_for(1)[0]
    event = stripe.Webhook.construct_event(
        request.body, request.headers["stripe-signature"], endpoint.secret
    )
    sent = json.loads(request.body)["data"]["object"]
    assert event.type == "checkout.session.completed"
    assert (sent["amount_total"], sent["total_details"]["amount_shipping"]) == (4890, 990)


def test_a_rate_the_link_does_not_offer_is_refused(shop: Shop) -> None:
    standard, other = _rate(shop, "Standard", 490), _rate(shop, "Other", 10)
    link = shop.link(
        shop.price(),
        shipping_address_collection={"allowed_countries": ["FR"]},
        shipping_options=[{"shipping_rate": standard.id}],
    )
    response = shop.pay(link, shipping_rate=other.id, **FRENCH_ADDRESS)
    assert response.status_code == 400, response.status_code
    assert "Choose one of the shipping options." in response.text
