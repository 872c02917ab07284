"""A code deployed by `pulumi up`, typed by a customer in headless Chromium on a link that allows
promotion codes: the completed session and its signed webhook carry the discount."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import MerchantSite, pay, screenshot, signed_webhook
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CATALOG = """
products:
  beans: {{name: House Blend}}
prices:
  beans-bag: {{product: beans, currency: eur, unit_amount: 1400}}
coupons:
  first-bag: {{percent_off: 15, duration: once, applies_to: {{products: [beans]}}}}
promotion_codes:
  welcome15:
    code: WELCOME15
    promotion: {{type: coupon, coupon: first-bag}}
payment_links:
  beans:
    line_items: [{{price: beans-bag, quantity: 2}}]
    allow_promotion_codes: true
    after_completion:
      type: redirect
      redirect: {{url: "{shop}/thanks?session={{CHECKOUT_SESSION_ID}}"}}
webhook_endpoints:
  fulfilment:
    url: {shop}/stripe/webhook
    enabled_events: [checkout.session.completed]
"""


def test_customer_types_a_code_and_pays_the_discounted_total(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    merchant: MerchantSite,
    browser_page: Any,
) -> None:
    project = catalog_project(CATALOG.format(shop=merchant.url))
    project.up()
    outputs = project.stack_output()
    code_id = outputs["promotion_codes"]["welcome15"]["id"]
    secret = outputs["webhook_endpoints"]["fulfilment"]["secret"]

    page = browser_page
    response = page.goto(outputs["links"]["beans"]["url"])
    assert response is not None and response.status == 200
    page.fill("#email", "jo@customer.example")
    page.fill("#promotion_code", "welcome15")
    screenshot(page, "promotion-code")
    pay(page, merchant)

    paid = signed_webhook(merchant, secret).data.object
    assert (paid.amount_subtotal, paid.amount_total) == (2800, 2380)
    assert paid.total_details.amount_discount == 420
    assert [d.promotion_code for d in paid.discounts] == [code_id]
