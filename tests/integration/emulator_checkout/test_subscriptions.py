"""Paying a subscription link makes a Customer and a Subscription, as Checkout does: the session
points at both, webhooks announce them, the read routes and their filters find them, and the
customer's active entitlements are the features of the products subscribed to. Every object is
checked against the pinned spec's schema for its type."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.support.checkout import Shop, WebhookReceiver
from tests.support.spec_shapes import shape_problems

EVENTS = ["customer.created", "customer.subscription.created", "checkout.session.completed"]


def _get(shop: Shop, path: str, **params: Any) -> httpx.Response:
    return shop.http.get(
        f"{shop.emulator.base_url}{path}",
        params=params,
        headers={"Authorization": f"Bearer {shop.emulator.api_key}"},
    )


def _plan_with_feature(shop: Shop, lookup_key: str, **price: Any) -> tuple[Any, Any]:
    """A monthly price whose product grants a feature `lookup_key`; returns (price, feature)."""
    monthly = shop.price("Team plan", unit_amount=2900, recurring={"interval": "month"}, **price)
    feature = shop.client.v1.entitlements.features.create(
        params={"name": lookup_key.title(), "lookup_key": lookup_key}
    )
    shop.client.v1.products.features.create(
        monthly.product, params={"entitlement_feature": feature.id}
    )
    return monthly, feature


def test_a_trial_subscription_link_makes_a_customer_and_a_trialing_subscription(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    shop.endpoint(receiver.url, EVENTS)
    monthly, _ = _plan_with_feature(shop, "seats")
    link = shop.link(
        line_items=[{"price": monthly.id, "quantity": 3}],
        subscription_data={"trial_period_days": 14, "metadata": {"plan": "team"}},
    )
    session = shop.session_of(shop.pay(link, email="ana@team.example", name="Ana Lima"))
    customer = _get(shop, f"/v1/customers/{session.customer}").json()
    assert shape_problems(customer, "customer") == []
    assert (customer["email"], customer["name"]) == ("ana@team.example", "Ana Lima")
    subscription = _get(shop, f"/v1/subscriptions/{session.subscription}").json()
    assert shape_problems(subscription, "subscription") == []
    assert subscription["status"] == "trialing"
    assert subscription["trial_end"] - subscription["trial_start"] == 14 * 86400
    assert subscription["customer"] == customer["id"]
    assert subscription["metadata"] == {"plan": "team"}
    assert subscription["latest_invoice"] is None
    [item] = subscription["items"]["data"]
    assert (item["price"]["id"], item["quantity"]) == (monthly.id, 3)
    assert item["current_period_end"] == subscription["trial_end"]
    expanded = _get(
        shop,
        f"/v1/checkout/sessions/{session.id}",
        **{"expand[]": ["subscription", "customer", "line_items"]},
    ).json()
    assert expanded["subscription"]["status"] == "trialing"
    assert expanded["customer"]["id"] == customer["id"]
    assert expanded["line_items"]["data"][0]["quantity"] == 3
    bodies = {json.loads(r.body)["type"]: json.loads(r.body) for r in receiver.wait_for(3)}
    assert sorted(bodies) == sorted(EVENTS)
    created = bodies["customer.subscription.created"]["data"]["object"]
    assert created["id"] == subscription["id"] and created["status"] == "trialing"
    assert bodies["customer.created"]["data"]["object"]["id"] == customer["id"]
    published = [e["type"] for e in _get(shop, "/v1/events").json()["data"]]
    assert published[:3] == EVENTS[::-1], "newest first: customer, subscription, session"


def test_without_a_trial_the_subscription_is_active_and_bills_monthly(shop: Shop) -> None:
    monthly, _ = _plan_with_feature(shop, "reports")
    session = shop.session_of(shop.pay(shop.link(monthly)))
    subscription = _get(shop, f"/v1/subscriptions/{session.subscription}").json()
    assert subscription["status"] == "active"
    assert subscription["trial_start"] is None and subscription["trial_end"] is None
    [item] = subscription["items"]["data"]
    days = (item["current_period_end"] - item["current_period_start"]) / 86400
    assert 28 <= days <= 31


def test_the_same_email_pays_again_as_the_same_customer(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    shop.endpoint(receiver.url, ["customer.created"])
    monthly, _ = _plan_with_feature(shop, "api")
    yearly = shop.price("Archive", unit_amount=9900, recurring={"interval": "year"})
    first = shop.session_of(shop.pay(shop.link(monthly), email="bo@shop.example"))
    second = shop.session_of(shop.pay(shop.link(yearly), email="BO@shop.example"))
    assert first.customer == second.customer
    assert len(receiver.wait_for(1)) == 1
    listed = _get(shop, "/v1/customers", email="bo@shop.example").json()
    assert [c["id"] for c in listed["data"]] == [first.customer]
    assert _get(shop, "/v1/customers", email="nobody@shop.example").json()["data"] == []
    mine = _get(shop, "/v1/subscriptions", customer=first.customer).json()["data"]
    assert [s["id"] for s in mine] == [second.subscription, first.subscription]
    by_price = _get(shop, "/v1/subscriptions", price=yearly.id).json()["data"]
    assert [s["id"] for s in by_price] == [second.subscription]


def test_subscriptions_filter_by_status(shop: Shop) -> None:
    monthly, _ = _plan_with_feature(shop, "exports")
    trial = shop.link(monthly, subscription_data={"trial_period_days": 7})
    trialing = shop.session_of(shop.pay(trial, email="t@shop.example")).subscription
    active = shop.session_of(shop.pay(shop.link(monthly), email="a@shop.example")).subscription

    def ids(**params: str) -> list[str]:
        return [s["id"] for s in _get(shop, "/v1/subscriptions", **params).json()["data"]]

    assert ids(status="trialing") == [trialing]
    assert ids(status="active") == [active]
    assert ids() == ids(status="all") == [active, trialing]
    assert ids(status="canceled") == ids(status="ended") == []
    refused = _get(shop, "/v1/subscriptions", status="sleeping")
    assert refused.status_code == 400 and refused.json()["error"]["param"] == "status"


def test_active_entitlements_are_the_features_of_subscribed_products(shop: Shop) -> None:
    monthly, seats = _plan_with_feature(shop, "seats")
    other, reports = _plan_with_feature(shop, "reports")
    customer = shop.session_of(shop.pay(shop.link(monthly), email="c@shop.example")).customer
    shop.session_of(shop.pay(shop.link(monthly), email="c@shop.example"))
    answer = _get(shop, "/v1/entitlements/active_entitlements", customer=customer).json()
    assert shape_problems(answer, "entitlements.active_entitlement") != []  # a list, not one
    [granted] = answer["data"]
    assert shape_problems(granted, "entitlements.active_entitlement") == []
    assert (granted["feature"], granted["lookup_key"]) == (seats.id, "seats")
    again = _get(shop, "/v1/entitlements/active_entitlements", customer=customer).json()
    assert again["data"][0]["id"] == granted["id"]
    expanded = _get(
        shop,
        "/v1/entitlements/active_entitlements",
        customer=customer,
        **{"expand[]": "data.feature"},
    ).json()["data"][0]["feature"]
    assert (expanded["object"], expanded["id"]) == ("entitlements.feature", seats.id)
    assert reports.id not in {e["feature"] for e in answer["data"]} and other


def test_a_one_time_purchase_grants_no_entitlement(shop: Shop) -> None:
    once = shop.price("Lifetime pass", unit_amount=5000)
    feature = shop.client.v1.entitlements.features.create(
        params={"name": "Lifetime", "lookup_key": "lifetime"}
    )
    shop.client.v1.products.features.create(
        once.product, params={"entitlement_feature": feature.id}
    )
    session = shop.session_of(shop.pay(shop.link(once, customer_creation="always")))
    assert session.customer and session.subscription is None
    answer = _get(shop, "/v1/entitlements/active_entitlements", customer=session.customer)
    assert answer.json()["data"] == []


def test_unknown_ids_and_a_missing_customer_are_refused(shop: Shop) -> None:
    assert _get(shop, "/v1/customers/cus_missing").status_code == 404
    assert _get(shop, "/v1/subscriptions/sub_missing").status_code == 404
    missing = _get(shop, "/v1/entitlements/active_entitlements")
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "customer"
    unknown = _get(shop, "/v1/entitlements/active_entitlements", customer="cus_missing")
    assert unknown.status_code == 400 and unknown.json()["error"]["param"] == "customer"


def test_lists_page_and_filter_by_time(shop: Shop) -> None:
    monthly, _ = _plan_with_feature(shop, "audit")
    trial = shop.link(monthly, subscription_data={"trial_period_days": 7})
    short = shop.session_of(shop.pay(trial, email="one@shop.example"))
    long = shop.session_of(shop.pay(shop.link(monthly), email="two@shop.example"))
    page = _get(shop, "/v1/customers", limit=1).json()
    assert [c["id"] for c in page["data"]] == [long.customer] and page["has_more"]
    rest = _get(shop, "/v1/customers", limit=1, starting_after=long.customer).json()
    assert [c["id"] for c in rest["data"]] == [short.customer] and not rest["has_more"]
    created = _get(shop, f"/v1/customers/{short.customer}").json()["created"]
    assert _get(shop, "/v1/customers", **{"created[gt]": created + 60}).json()["data"] == []
    assert len(_get(shop, "/v1/customers", **{"created[gte]": created}).json()["data"]) == 2
    ends_late = {"current_period_end[gt]": created + 20 * 86400}
    found = _get(shop, "/v1/subscriptions", **ends_late).json()["data"]
    assert [s["id"] for s in found] == [long.subscription]
