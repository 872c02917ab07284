"""A link that ships, deployed by `pulumi up`, paid in headless Chromium: the customer picks a
shipping rate on the hosted page and pays for it; the signed webhook says what shipping cost."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import MerchantSite, pay, screenshot, signed_webhook
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CATALOG = """
products:
  brew-kit: {{name: Pour-over brewing kit}}
prices:
  brew-kit: {{product: brew-kit, currency: eur, unit_amount: 3900}}
shipping_rates:
  standard:
    display_name: Standard shipping
    fixed_amount: {{amount: 490, currency: eur}}
  express:
    display_name: Express shipping
    fixed_amount: {{amount: 990, currency: eur}}
    delivery_estimate:
      minimum: {{unit: business_day, value: 1}}
      maximum: {{unit: business_day, value: 1}}
payment_links:
  kit:
    line_items: [{{price: brew-kit, quantity: 1}}]
    shipping_address_collection: {{allowed_countries: [FR, DE]}}
    shipping_options: [{{shipping_rate: standard}}, {{shipping_rate: express}}]
    after_completion:
      type: redirect
      redirect: {{url: "{shop}/thanks?session={{CHECKOUT_SESSION_ID}}"}}
webhook_endpoints:
  fulfilment:
    url: {shop}/stripe/webhook
    enabled_events: [checkout.session.completed]
"""


def test_customer_picks_express_shipping_and_pays_for_it(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    merchant: MerchantSite,
    browser_page: Any,
) -> None:
    project = catalog_project(CATALOG.format(shop=merchant.url))
    project.up()
    outputs = project.stack_output()
    express = outputs["shipping_rates"]["express"]["id"]
    secret = outputs["webhook_endpoints"]["fulfilment"]["secret"]

    page = browser_page
    response = page.goto(outputs["links"]["kit"]["url"])
    assert response is not None and response.status == 200
    assert page.inner_text("#total") == "€43.90", "standard shipping is not in the total"
    shipping = page.inner_text("body")
    assert "Standard shipping — €4.90" in shipping
    assert "Express shipping — €9.90 · 1 business day" in shipping
    screenshot(page, "shipping-options")

    page.fill("#email", "jo@customer.example")
    page.check(f"input[name='shipping_rate'][value='{express}']")
    page.check("input[name='payment_method'][value='card']")
    pay(page, merchant)

    paid = signed_webhook(merchant, secret).data.object
    assert (paid.amount_subtotal, paid.amount_total) == (3900, 4890)
    assert paid.total_details.amount_shipping == 990
    assert paid.shipping_cost.shipping_rate == express
