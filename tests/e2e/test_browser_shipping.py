"""A link that ships, deployed by `pulumi up`, paid in headless Chromium: the customer types the
shipping address (the page refuses to pay without it, naming the fields), picks a shipping rate
and pays for it; the signed webhook says what shipping cost and where to ship, and the billing
address the link requires is the shipping one ("same as shipping", ticked by default)."""

from __future__ import annotations

import pytest

from tests.support.browser import Storefront, screenshot

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
    billing_address_collection: required
    shipping_options: [{{shipping_rate: standard}}, {{shipping_rate: express}}]
    after_completion: {thanks}
"""


def test_customer_types_the_address_picks_express_shipping_and_pays_for_it(
    storefront: Storefront,
) -> None:
    shop = storefront.deploy(CATALOG)
    express = shop.outputs["shipping_rates"]["express"]["id"]
    page = storefront.open(shop.link_url("kit"))
    assert page.inner_text("#total") == "€43.90", "standard shipping is not in the total"
    shipping = page.inner_text("body")
    assert "Standard shipping — €4.90" in shipping
    assert "Express shipping — €9.90 · 1 business day" in shipping
    countries = page.locator("#shipping-country option").all_inner_texts()
    assert countries == ["France", "Germany"], "the countries offered are not the link's"
    assert page.is_checked("#billing-same")
    screenshot(page, "shipping-options")

    page.fill("#email", "jo@customer.example")
    page.check(f"input[name='shipping_rate'][value='{express}']")
    page.fill("#shipping-name", "Jo Martin")
    with page.expect_navigation():
        page.click("#submit")
    assert page.inner_text("#shipping-address").count("is required.") == 3
    assert "Address line 1 is required." in page.inner_text("#shipping-address")
    assert page.input_value("#shipping-name") == "Jo Martin", "the name typed was lost"
    assert page.is_checked(f"input[name='shipping_rate'][value='{express}']")
    screenshot(page, "shipping-address-missing")

    page.select_option("#shipping-country", "DE")
    page.fill("#shipping-line1", "Lindenstraße 5")
    page.fill("#shipping-city", "Berlin")
    page.fill("#shipping-postal_code", "10969")
    page.check("input[name='payment_method'][value='card']")
    session_id = storefront.pay()

    session = storefront.session(session_id)
    assert session.collected_information.shipping_details.address.city == "Berlin"  # type: ignore[union-attr]
    paid = storefront.webhook(shop).data.object
    assert (paid.amount_subtotal, paid.amount_total) == (3900, 4890)
    assert paid.total_details.amount_shipping == 990
    assert paid.shipping_cost.shipping_rate == express
    shipping = paid.collected_information.shipping_details
    assert shipping.name == "Jo Martin"
    assert shipping.address.to_dict() == {
        "city": "Berlin",
        "country": "DE",
        "line1": "Lindenstraße 5",
        "line2": None,
        "postal_code": "10969",
        "state": None,
    }
    assert paid.customer_details.address.to_dict() == shipping.address.to_dict()
