"""The SaaS merchant's loop, offline: a catalog whose plan grants a feature, deployed by `pulumi
up`; a customer subscribes through the link in headless Chromium; the merchant's server
(stripe-python against the emulator) reads the session's subscription, trialing with the link's
trial, and asks Stripe's active entitlements which features to unlock: the plan's lookup key."""

from __future__ import annotations

import pytest

from tests.support.browser import Storefront

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CATALOG = """
entitlement_features:
  seats: {{name: Team seats, lookup_key: team_seats}}
products:
  team: {{name: Team plan, features: [seats]}}
prices:
  team-monthly:
    product: team
    currency: eur
    unit_amount: 2900
    recurring: {{interval: month}}
payment_links:
  team:
    line_items: [{{price: team-monthly, quantity: 1}}]
    subscription_data:
      trial_period_days: 14
      metadata: {{plan: team}}
    after_completion: {thanks}
"""


def test_a_subscriber_gets_the_plans_feature(storefront: Storefront) -> None:
    shop = storefront.deploy(CATALOG)
    page = storefront.open(shop.link_url("team"))
    page.fill("#email", "kim@saas.example")
    session_id = storefront.pay()

    stripe = storefront.emulator.client()
    session = stripe.v1.checkout.sessions.retrieve(session_id)
    subscription = stripe.v1.subscriptions.retrieve(str(session.subscription))
    assert subscription.status == "trialing"
    assert subscription.customer == session.customer
    assert subscription.metadata.to_dict() == {"plan": "team"}
    assert subscription.trial_end - subscription.trial_start == 14 * 86400  # type: ignore[operator]
    customer = stripe.v1.customers.retrieve(str(session.customer))
    assert customer.email == "kim@saas.example"
    granted = stripe.v1.entitlements.active_entitlements.list(
        params={"customer": str(session.customer)}
    )
    assert [e.lookup_key for e in granted.data] == ["team_seats"]
    assert storefront.webhook(shop).data.object.subscription == subscription.id
