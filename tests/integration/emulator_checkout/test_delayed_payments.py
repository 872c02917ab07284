"""Bank debits and vouchers: the session completes `unpaid`, and settling it later publishes
`checkout.session.async_payment_succeeded` (or `_failed`), delivered to subscribed endpoints."""

from __future__ import annotations

import stripe

from tests.support.checkout import Shop, WebhookReceiver

_ASYNC_EVENTS = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
]


def test_sepa_debit_completes_unpaid_then_settles_paid(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url, _ASYNC_EVENTS)
    link = shop.link(shop.price(), payment_method_types=["card", "sepa_debit"])
    session = shop.session_of(shop.pay(link, payment_method="sepa_debit"))
    assert (session.status, session.payment_status) == ("complete", "unpaid")

    settled = shop.settle(session.id)
    assert settled.status_code == 200, settled.text
    assert settled.json()["payment_status"] == "paid"
    assert shop.client.v1.checkout.sessions.retrieve(session.id).payment_status == "paid"

    events = [
        stripe.Webhook.construct_event(r.body, r.headers["stripe-signature"], endpoint.secret)
        for r in receiver.wait_for(2)
    ]
    assert sorted(e.type for e in events) == [
        "checkout.session.async_payment_succeeded",
        "checkout.session.completed",
    ]
    succeeded = next(e for e in events if e.type.endswith("succeeded"))
    assert succeeded.data.object.id == session.id
    assert succeeded.data.object.payment_status == "paid"


def test_failed_settlement_publishes_async_payment_failed(shop: Shop) -> None:
    link = shop.link(shop.price(), payment_method_types=["us_bank_account"])
    session = shop.session_of(shop.pay(link, payment_method="us_bank_account"))
    assert shop.settle(session.id, "failed").status_code == 200
    assert shop.client.v1.checkout.sessions.retrieve(session.id).payment_status == "unpaid"
    failed = shop.client.v1.events.list(
        params={"type": "checkout.session.async_payment_failed"}
    ).data
    assert [e.data.object.id for e in failed] == [session.id]


def test_settling_twice_or_a_card_payment_is_refused(shop: Shop) -> None:
    link = shop.link(shop.price(), payment_method_types=["card", "sepa_debit"])
    delayed = shop.session_of(shop.pay(link, payment_method="sepa_debit"))
    assert shop.settle(delayed.id).status_code == 200
    twice = shop.settle(delayed.id)
    assert twice.status_code == 400 and "already settled" in twice.json()["error"]["message"]
    card = shop.session_of(shop.pay(link, payment_method="card"))
    refused = shop.settle(card.id)
    assert refused.status_code == 400 and "not a delayed" in refused.json()["error"]["message"]
    assert shop.settle("cs_test_missing").status_code == 404
    assert shop.settle(delayed.id, "maybe").status_code == 400


def test_delayed_payment_shows_a_processing_confirmation(shop: Shop) -> None:
    link = shop.link(shop.price(), payment_method_types=["sepa_debit"])
    response = shop.pay(link, payment_method="sepa_debit")
    page = shop.http.get(f"{shop.emulator.base_url}{response.headers['location']}")
    assert "Your payment is processing" in page.text
