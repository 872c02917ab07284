"""The customer's flow, offline, in a real browser: a link deployed by `pulumi up` is paid on the
emulator's hosted page, the merchant's webhook receiver verifies a signed
`checkout.session.completed`, the customer lands on the merchant's thank-you page; removing the
link from the catalog makes the same URL an expiry page, re-adding it makes it sell again.

Headless Chromium and the merchant's site come from tests/support/browser.py.
"""

from __future__ import annotations

import pytest

from tests.support.browser import Storefront, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CATALOG = """
products:
  house-blend:
    name: House Blend, 250 g
    description: Our everyday medium roast, whole beans.
prices:
  house-blend-bag: {{product: house-blend, currency: eur, unit_amount: 1400}}
payment_links:
  spring-sale:
    line_items:
      - price: house-blend-bag
        quantity: 1
        adjustable_quantity: {{enabled: true, minimum: 1, maximum: 5}}
    payment_method_types: [card, sepa_debit]
    inactive_message: The spring sale is over. See you in autumn!
    after_completion: {thanks}
"""

WITHOUT_LINK = """
products:
  house-blend:
    name: House Blend, 250 g
    description: Our everyday medium roast, whole beans.
prices:
  house-blend-bag: {{product: house-blend, currency: eur, unit_amount: 1400}}
"""


def test_customer_pays_in_a_browser_then_the_removed_link_shows_its_expiry_page(
    storefront: Storefront,
) -> None:
    shop = storefront.deploy(CATALOG)
    project, link_url = shop.project, shop.link_url("spring-sale")
    assert link_url.startswith(f"{storefront.emulator.base_url}/c/pay/")
    page = storefront.open(link_url)
    assert page.inner_text("h1") == "House Blend, 250 g"
    assert "€14.00" in page.inner_text("#total")
    screenshot(page, "payment-page")

    page.fill("#email", "jo@customer.example")
    page.fill("input[name^='quantity-']", "3")
    page.check("input[name='payment_method'][value='card']")
    session_id = storefront.pay()
    screenshot(page, "merchant-thanks")

    event = storefront.webhook(shop)
    assert event.type == "checkout.session.completed"
    assert event.data.object.id == session_id
    assert event.data.object.amount_total == 4200 and event.data.object.payment_status == "paid"
    assert event.data.object.customer_details.email == "jo@customer.example"

    project.write_catalog(storefront.render(WITHOUT_LINK))
    project.up()
    storefront.open(link_url, status=410)
    assert page.inner_text("h1") == "This link has expired"
    assert "The spring sale is over. See you in autumn!" in page.inner_text("body")
    screenshot(page, "expiry-page")

    project.write_catalog(storefront.render(CATALOG))
    project.up()
    restored = project.links()["spring-sale"]
    assert restored["url"] == link_url, "re-adding the link changed its URL"
    assert storefront.emulator.client().v1.payment_links.retrieve(restored["id"]).active is True
    storefront.open(link_url)
    assert page.is_visible("#submit"), "the re-added link does not sell again"
