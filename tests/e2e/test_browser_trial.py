"""A subscription link with a free trial, deployed by `pulumi up` and subscribed to in headless
Chromium: the page says how long the trial lasts and what it costs afterwards, nothing is due
today, and the completed session and its signed webhook charge nothing."""

from __future__ import annotations

import pytest

from tests.support.browser import Storefront, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CATALOG = """
products:
  club: {{name: Coffee club}}
prices:
  club-monthly:
    product: club
    currency: eur
    unit_amount: 1200
    recurring: {{interval: month}}
payment_links:
  club:
    line_items: [{{price: club-monthly, quantity: 1}}]
    subscription_data: {{trial_period_days: 14}}
    after_completion: {thanks}
"""


def test_customer_starts_a_free_trial_and_pays_nothing_today(storefront: Storefront) -> None:
    shop = storefront.deploy(CATALOG)
    page = storefront.open(shop.link_url("club"))
    assert page.inner_text("#trial") == "14 days free, then €12.00 per month"
    assert page.inner_text("#total") == "€0.00"
    assert " ".join(page.inner_text("#total-due").split()) == "Total due today €0.00"
    assert page.inner_text("#submit") == "Subscribe"
    screenshot(page, "trial")

    page.fill("#email", "sam@customer.example")
    session_id = storefront.pay()

    session = storefront.session(session_id)
    assert (session.mode, session.amount_total, session.payment_status) == (
        "subscription",
        0,
        "no_payment_required",
    )
    paid = storefront.webhook(shop).data.object
    assert (paid.id, paid.amount_total, paid.payment_status) == (
        session_id,
        0,
        "no_payment_required",
    )
    assert paid.subscription is not None and paid.subscription.startswith("sub_")
