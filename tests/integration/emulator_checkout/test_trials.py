"""A subscription link with `subscription_data.trial_period_days`: the page says how long the
trial lasts and what it costs afterwards, nothing recurring is due today, and the completed
session (and its webhook) charges only what isn't recurring."""

from __future__ import annotations

import json

import stripe

from tests.support.checkout import Shop, WebhookReceiver


def test_the_page_shows_the_trial_and_nothing_due_today(shop: Shop) -> None:
    monthly = shop.price("Coffee club", unit_amount=1200, recurring={"interval": "month"})
    link = shop.link(monthly, subscription_data={"trial_period_days": 14})
    html = shop.http.get(link.url).text
    assert 'id="trial">14 days free, then €12.00 per month<' in html
    assert 'id="total">€0.00<' in html
    assert '<span>Total due today</span><span>€0.00</span>' in html
    plain = shop.link(monthly)
    plain_html = shop.http.get(plain.url).text
    assert 'id="trial"' not in plain_html and 'id="total">€12.00 / month<' in plain_html


def test_a_trial_session_charges_only_the_one_time_items(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url)
    quarterly = shop.price(
        "Coffee club", unit_amount=3000, recurring={"interval": "month", "interval_count": 3}
    )
    grinder = shop.price("Hand grinder", unit_amount=4500)
    link = shop.link(
        line_items=[{"price": quarterly.id, "quantity": 2}, {"price": grinder.id, "quantity": 1}],
        subscription_data={"trial_period_days": 30},
    )
    html = shop.http.get(link.url).text
    assert 'id="trial">30 days free, then €60.00 every 3 months<' in html
    assert 'id="total">€45.00<' in html
    session = shop.session_of(shop.pay(link))
    assert (session.mode, session.amount_subtotal, session.amount_total) == (
        "subscription",
        4500,
        4500,
    )
    assert session.subscription and session.subscription.startswith("sub_")  # type: ignore[union-attr]
    items = shop.client.v1.checkout.sessions.line_items.list(session.id).data
    assert [(i.description, i.amount_total) for i in items] == [
        ("Coffee club", 0),
        ("Hand grinder", 4500),
    ]
    request = receiver.wait_for(1)[0]
    stripe.Webhook.construct_event(
        request.body, request.headers["stripe-signature"], endpoint.secret
    )
    assert json.loads(request.body)["data"]["object"]["amount_total"] == 4500


def test_a_trial_alone_needs_no_payment_today(shop: Shop) -> None:
    monthly = shop.price("Coffee club", unit_amount=1200, recurring={"interval": "month"})
    link = shop.link(monthly, subscription_data={"trial_period_days": 7})
    session = shop.session_of(shop.pay(link))
    assert (session.amount_total, session.payment_status) == (0, "no_payment_required")
