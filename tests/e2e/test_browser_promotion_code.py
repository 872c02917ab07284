"""A code deployed by `pulumi up`, typed by a customer in headless Chromium on a link that allows
promotion codes: "Apply" shows why a mistyped code doesn't work, then the discount line and the
new total before paying; the completed session and its signed webhook carry the discount. The
code is for first-time customers: the same email coming back is told so when applying it. Enter
in a field pays, as on any form, even with "Apply" earlier in the page."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.checkout.order_summary import MINUS_SIGN
from tests.support.browser import Storefront, screenshot

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
    restrictions: {{first_time_transaction: true}}
payment_links:
  beans:
    line_items: [{{price: beans-bag, quantity: 2}}]
    allow_promotion_codes: true
    after_completion: {thanks}
"""


def _apply(page: Any, code: str) -> None:
    page.fill("#promotion_code", code)
    with page.expect_navigation():
        page.click("#apply-promotion-code")


def test_customer_applies_a_code_sees_the_discount_and_pays_the_discounted_total(
    storefront: Storefront,
) -> None:
    shop = storefront.deploy(CATALOG)
    code_id = shop.outputs["promotion_codes"]["welcome15"]["id"]
    url = shop.link_url("beans")
    page = storefront.open(url)
    assert page.inner_text("#total") == "€28.00"
    page.fill("#email", "jo@customer.example")
    _apply(page, "WELCOME51")
    assert page.inner_text(".code-row + .error") == "This code is invalid."
    assert page.inner_text("#total") == "€28.00"
    _apply(page, "welcome15")
    assert " ".join(page.inner_text("#discount").split()) == f"WELCOME15 {MINUS_SIGN}€4.20"
    assert page.inner_text("#total") == "€23.80"
    assert page.input_value("#email") == "jo@customer.example", "Apply lost the email typed"
    screenshot(page, "promotion-code-applied")
    with page.expect_navigation():
        page.press("#email", "Enter")  # pays: Enter must not mean "Apply"
    assert page.url.startswith(f"{storefront.merchant.url}/thanks?session=cs_test_"), page.url
    session_id = page.inner_text("#session")

    session = storefront.session(session_id)
    assert [d.promotion_code for d in session.discounts or []] == [code_id]
    paid = storefront.webhook(shop).data.object
    assert (paid.amount_subtotal, paid.amount_total) == (2800, 2380)
    assert paid.total_details.amount_discount == 420
    assert [d.promotion_code for d in paid.discounts] == [code_id]

    storefront.open(url)
    page.fill("#email", "JO@customer.example")
    _apply(page, "WELCOME15")
    assert page.inner_text(".code-row + .error") == "This code is only for first-time customers."
    assert page.locator("#discount").count() == 0
    screenshot(page, "promotion-code-first-time-only")
