"""Paying creates a Checkout Session and an event, readable through Stripe's API
(`/v1/checkout/sessions`, `/v1/events`) with stripe-python, as a merchant would."""

from __future__ import annotations

import pytest
import stripe

from tests.support.checkout import Shop


def test_card_payment_completes_a_paid_session(shop: Shop) -> None:
    price = shop.price(unit_amount=1400)
    link = shop.link(line_items=[{"price": price.id, "quantity": 3}])
    session = shop.session_of(shop.pay(link, email="jo@customer.example", name="Jo Doe"))
    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert (session.mode, session.status, session.payment_status) == ("payment", "complete", "paid")
    assert (session.amount_subtotal, session.amount_total, session.currency) == (4200, 4200, "eur")
    assert session.payment_link == link.id
    assert session.customer_details.email == "jo@customer.example"
    assert session.customer_details.name == "Jo Doe"
    assert session.payment_intent.startswith("pi_") and session.subscription is None
    assert session.payment_method_types == ["card"]
    items = shop.client.v1.checkout.sessions.line_items.list(session.id).data
    assert [(i.description, i.quantity, i.amount_total) for i in items] == [
        ("House Blend, 250 g", 3, 4200)
    ]


def test_recurring_price_makes_a_subscription_session(shop: Shop) -> None:
    club = shop.price("Coffee Club", unit_amount=1800, recurring={"interval": "month"})
    session = shop.session_of(shop.pay(shop.link(club)))
    assert session.mode == "subscription" and session.subscription.startswith("sub_")
    assert session.payment_intent is None and session.customer.startswith("cus_")


def test_completed_event_carries_the_session(shop: Shop) -> None:
    session = shop.session_of(shop.pay(shop.link(shop.price())))
    events = shop.client.v1.events.list(params={"type": "checkout.session.completed"}).data
    assert len(events) == 1
    event = events[0]
    assert event.id.startswith("evt_") and event.object == "event"
    assert event.data.object.id == session.id and event.data.object.payment_status == "paid"
    again = shop.client.v1.events.retrieve(event.id)
    assert again.type == "checkout.session.completed"
    assert shop.client.v1.events.list(params={"type": "checkout.session.*"}).data[0].id == event.id
    assert shop.client.v1.events.list(params={"type": "price.created"}).data == []


def test_sessions_list_filters_by_link_and_paginates(shop: Shop) -> None:
    price = shop.price()
    first, second = shop.link(price), shop.link(price)
    ids = [shop.session_of(shop.pay(first)).id for _ in range(3)]
    other = shop.session_of(shop.pay(second)).id
    listed = shop.client.v1.checkout.sessions.list(params={"payment_link": first.id})
    assert [s.id for s in listed.data] == ids[::-1], "newest first, only this link's sessions"
    page = shop.client.v1.checkout.sessions.list(params={"limit": 2})
    assert [s.id for s in page.data] == [other, ids[2]] and page.has_more
    rest = shop.client.v1.checkout.sessions.list(
        params={"limit": 2, "starting_after": page.data[-1].id}
    )
    assert [s.id for s in rest.data] == ids[1::-1] and not rest.has_more
    everything = list(shop.client.v1.checkout.sessions.list(params={"limit": 1}).auto_paging_iter())
    assert len(everything) == 4


def test_unknown_session_and_event_are_404s(shop: Shop) -> None:
    with pytest.raises(stripe.InvalidRequestError) as missing:
        shop.client.v1.checkout.sessions.retrieve("cs_test_missing")
    assert missing.value.http_status == 404 and missing.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError) as missing_event:
        shop.client.v1.events.retrieve("evt_missing")
    assert missing_event.value.http_status == 404
    with pytest.raises(stripe.InvalidRequestError) as bad_param:
        shop.client.v1.checkout.sessions.list(params={"colour": "blue"})
    assert bad_param.value.http_status == 400


def test_redirect_after_completion_carries_the_session_id(shop: Shop) -> None:
    link = shop.link(
        shop.price(),
        after_completion={
            "type": "redirect",
            "redirect": {"url": "https://shop.example/thanks?session={CHECKOUT_SESSION_ID}"},
        },
    )
    response = shop.pay(link)
    assert response.status_code == 303
    session = shop.session_of(response)
    assert response.headers["location"] == f"https://shop.example/thanks?session={session.id}"
    assert session.success_url == "https://shop.example/thanks?session={CHECKOUT_SESSION_ID}"


def test_hosted_confirmation_shows_the_custom_message(shop: Shop) -> None:
    link = shop.link(
        shop.price(),
        after_completion={
            "type": "hosted_confirmation",
            "hosted_confirmation": {"custom_message": "Your beans ship on Monday."},
        },
    )
    response = shop.pay(link)
    session = shop.session_of(response)
    page = shop.http.get(f"{shop.emulator.base_url}{response.headers['location']}")
    assert page.status_code == 200
    assert "Your beans ship on Monday." in page.text and session.id in page.text
    assert "Paid €14.00." in page.text


def test_hosted_confirmation_has_a_default_message(shop: Shop) -> None:
    response = shop.pay(shop.link(shop.price()))
    page = shop.http.get(f"{shop.emulator.base_url}{response.headers['location']}")
    assert "Thanks for your payment." in page.text
