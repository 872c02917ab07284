"""Signed webhook deliveries: stripe-python verifies them, only subscribed enabled endpoints
get them, and failures are retried on a bounded schedule and logged."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
import stripe

from tests.support.checkout import Shop, WebhookReceiver


def test_completed_event_is_signed_so_stripe_python_accepts_it(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url)
    session = shop.session_of(shop.pay(shop.link(shop.price())))
    request = receiver.wait_for(1)[0]
    assert request.path == "/stripe/webhook"
    assert request.headers["content-type"].startswith("application/json")
    header = request.headers["stripe-signature"]
    assert header.startswith("t=") and ",v1=" in header
    event = stripe.Webhook.construct_event(request.body, header, endpoint.secret)
    assert event.type == "checkout.session.completed"
    assert event.data.object.id == session.id
    assert event.data.object.customer_details.email == "jo@customer.example"


def test_wrong_secret_or_tampered_body_fails_verification(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url)
    shop.session_of(shop.pay(shop.link(shop.price())))
    request = receiver.wait_for(1)[0]
    header = request.headers["stripe-signature"]
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(request.body, header, "whsec_not_the_secret")
    tampered = request.body.replace(b'"paid"', b'"unpaid"')
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(tampered, header, endpoint.secret)


def test_only_enabled_subscribed_endpoints_receive_the_event(
    shop: Shop, receiver_factory: Callable[[], WebhookReceiver]
) -> None:
    subscribed, everything, other, disabled = (receiver_factory() for _ in range(4))
    shop.endpoint(subscribed.url, ["checkout.session.completed"])
    shop.endpoint(everything.url, ["*"])
    shop.endpoint(other.url, ["price.created"])
    off = shop.endpoint(disabled.url, ["checkout.session.completed"])
    shop.client.v1.webhook_endpoints.update(off.id, params={"disabled": True})
    shop.session_of(shop.pay(shop.link(shop.price())))
    attempts = shop.wait_deliveries_idle()
    assert sorted(a["url"] for a in attempts) == sorted([subscribed.url, everything.url])
    assert len(subscribed.wait_for(1)) == 1 and len(everything.wait_for(1)) == 1
    assert other.received == [] and disabled.received == []
    event = shop.client.v1.events.list().data[0]
    assert event.pending_webhooks == 0, "delivered events are no longer pending"


def test_failed_deliveries_are_retried_until_accepted(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    shop.set_retry_delays(0.05, 0.1, 0.1)
    receiver.statuses = [500, 503]
    endpoint = shop.endpoint(receiver.url)
    shop.session_of(shop.pay(shop.link(shop.price())))
    attempts = shop.wait_deliveries_idle()
    assert [(a["attempt"], a["status"], a["outcome"]) for a in attempts] == [
        (1, 500, "retrying"),
        (2, 503, "retrying"),
        (3, 200, "delivered"),
    ]
    bodies = {r.body for r in receiver.wait_for(3)}
    assert len(bodies) == 1, "every retry carries the same event"
    last = receiver.received[-1]
    stripe.Webhook.construct_event(last.body, last.headers["stripe-signature"], endpoint.secret)


def test_retries_are_bounded_and_the_failure_is_logged(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    shop.set_retry_delays(0.05, 0.05)
    receiver.statuses = [500] * 10
    shop.endpoint(receiver.url)
    shop.session_of(shop.pay(shop.link(shop.price())))
    attempts = shop.wait_deliveries_idle()
    assert [(a["attempt"], a["outcome"]) for a in attempts] == [
        (1, "retrying"), (2, "retrying"), (3, "failed"),
    ]
    assert attempts[-1]["error"] == "HTTP 500"
    assert len(receiver.received) == 3
    event = shop.client.v1.events.list().data[0]
    assert event.pending_webhooks == 1, "an undelivered event stays pending"


def test_connection_errors_are_retried(shop: Shop) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    shop.set_retry_delays(0.05)
    shop.endpoint(f"http://127.0.0.1:{port}/hook")
    shop.session_of(shop.pay(shop.link(shop.price())))
    attempts = shop.wait_deliveries_idle()
    assert [(a["attempt"], a["status"], a["outcome"]) for a in attempts] == [
        (1, None, "retrying"), (2, None, "failed"),
    ]
    assert "ConnectError" in attempts[0]["error"]


def test_retry_policy_control_rejects_nonsense(shop: Shop) -> None:
    url = f"{shop.emulator.base_url}/_emulator/deliveries/policy"
    assert shop.http.post(url, json={"delays": [-1]}).status_code == 400
    assert shop.http.post(url, json={"color": "red"}).status_code == 400
    shop.set_retry_delays(0.5, 1)
    assert shop.http.get(url).json() == {"delays": [0.5, 1.0], "timeout": 2.0, "max_attempts": 3}
