"""The addresses a link collects: the page asks for them, refuses to pay without the parts the
country requires or with a country the link doesn't ship to (naming the field), and the completed
session and its webhook carry them where API 2026-08-26.dahlia puts them:
`collected_information.shipping_details` and `customer_details.address`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import stripe

from tests.stripe_spec import stripe_spec
from tests.support.checkout import FRENCH_ADDRESS, Shop, WebhookReceiver


def _ships_to(shop: Shop, *countries: str, **params: object) -> stripe.PaymentLink:
    rate = shop.client.v1.shipping_rates.create(
        params={"display_name": "Standard", "fixed_amount": {"amount": 490, "currency": "eur"}}
    )
    return shop.link(
        shop.price(),
        shipping_address_collection={"allowed_countries": list(countries)},
        shipping_options=[{"shipping_rate": rate.id}],
        **params,
    )


def test_the_page_asks_where_to_ship_with_only_the_allowed_countries(shop: Shop) -> None:
    link = _ships_to(shop, "FR", "DE")
    html = shop.http.get(link.url).text
    assert "<h2>Shipping address</h2>" in html
    for part in ("name", "line1", "line2", "city", "postal_code"):
        assert f'name="shipping-{part}"' in html, part
    countries = re.search(r'<select id="shipping-country".*?</select>', html)
    assert countries is not None
    options = re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)<', countries.group(0))
    assert options == [("FR", "France"), ("DE", "Germany")], "not the allowed countries by name"
    assert 'name="shipping-state"' not in html, "neither France nor Germany has states"
    assert 'name="billing-line1"' not in html, "billing address asked without being required"


def test_missing_parts_and_other_countries_are_refused_by_field(shop: Shop) -> None:
    link = _ships_to(shop, "FR")
    refused = shop.pay(link, **{**FRENCH_ADDRESS, "shipping-line1": " ", "shipping-city": ""})
    assert refused.status_code == 400
    assert "Address line 1 is required." in refused.text
    assert "City is required." in refused.text
    assert 'value="Jo Martin"' in refused.text, "the customer's entries were not kept"
    abroad = shop.pay(link, **{**FRENCH_ADDRESS, "shipping-country": "US"})
    assert abroad.status_code == 400
    assert "United States isn&#x27;t one of the countries offered." in abroad.text
    bad_postcode = shop.pay(link, **{**FRENCH_ADDRESS, "shipping-postal_code": "ABC"})
    assert bad_postcode.status_code == 400 and "Postal code is invalid." in bad_postcode.text
    assert shop.client.v1.checkout.sessions.list().data == []


def test_a_us_address_needs_a_state_and_a_zip_code(shop: Shop) -> None:
    link = _ships_to(shop, "US")
    html = shop.http.get(link.url).text
    assert '<label for="shipping-postal_code">ZIP code</label>' in html
    assert '<label for="shipping-state">State</label>' in html
    us = {
        "shipping-name": "Sam Lee",
        "shipping-line1": "1 Main St",
        "shipping-city": "Springfield",
        "shipping-postal_code": "62704",
        "shipping-country": "US",
    }
    refused = shop.pay(link, **us)
    assert refused.status_code == 400 and "State is required." in refused.text
    wrong = shop.pay(link, **us, **{"shipping-state": "Narnia"})
    assert wrong.status_code == 400 and "State is invalid." in wrong.text
    session = shop.session_of(shop.pay(link, **us, **{"shipping-state": "Illinois"}))
    details = session.collected_information.shipping_details  # type: ignore[union-attr]
    assert details.address.state == "IL", "the state is not kept as Stripe's short code"


def test_the_session_and_its_webhook_carry_the_shipping_details(
    shop: Shop, receiver: WebhookReceiver
) -> None:
    endpoint = shop.endpoint(receiver.url)
    link = _ships_to(shop, "FR", "DE")
    session = shop.session_of(shop.pay(link, **FRENCH_ADDRESS, **{"shipping-line2": "Bât. B"}))
    expected = {
        "name": "Jo Martin",
        "address": {
            "city": "Lyon",
            "country": "FR",
            "line1": "12 rue des Lilas",
            "line2": "Bât. B",
            "postal_code": "69003",
            "state": None,
        },
    }
    shipping = session.collected_information.shipping_details  # type: ignore[union-attr]
    assert shipping.to_dict() == expected
    assert session.customer_details.address is None  # type: ignore[union-attr]
    assert session.customer_details.name == "Jo Martin", "no name typed: the shipping name"  # type: ignore[union-attr]
    request = receiver.wait_for(1)[0]
    stripe.Webhook.construct_event(
        request.body, request.headers["stripe-signature"], endpoint.secret
    )
    sent = json.loads(request.body)["data"]["object"]
    assert sent["collected_information"]["shipping_details"] == expected


def test_a_required_billing_address_lands_in_customer_details(shop: Shop) -> None:
    link = shop.link(shop.price(), billing_address_collection="required")
    html = shop.http.get(link.url).text
    assert "<h2>Billing address</h2>" in html and 'name="shipping-line1"' not in html
    refused = shop.pay(link)
    assert refused.status_code == 400
    assert "Country is required." in refused.text and "Address line 1 is required." in refused.text
    billing = {
        "billing-line1": "5 Baker Street",
        "billing-city": "London",
        "billing-postal_code": "NW1 6XE",
        "billing-country": "GB",
    }
    session = shop.session_of(shop.pay(link, **billing))
    assert session.customer_details.address.to_dict() == {  # type: ignore[union-attr]
        "city": "London",
        "country": "GB",
        "line1": "5 Baker Street",
        "line2": None,
        "postal_code": "NW1 6XE",
        "state": None,
    }
    assert session.collected_information is None


def test_billing_same_as_shipping_copies_the_shipping_address(shop: Shop) -> None:
    link = _ships_to(shop, "FR", billing_address_collection="required")
    assert 'id="billing-same" name="billing-same" checked' in shop.http.get(link.url).text
    session = shop.session_of(shop.pay(link, **FRENCH_ADDRESS, **{"billing-same": "on"}))
    assert session.customer_details.address.city == "Lyon"  # type: ignore[union-attr]
    separate = shop.pay(link, **FRENCH_ADDRESS)
    assert separate.status_code == 400 and "Address line 1 is required." in separate.text


def _fields_outside(
    obj: Any, schema: Mapping[str, Any], spec: Mapping[str, Any], at: str
) -> list[str]:
    """Paths of `obj` that the spec's `schema` doesn't describe (objects walked recursively)."""
    if not isinstance(obj, dict):
        return []
    allowed: dict[str, Any] = {}
    for branch in [schema, *schema.get("anyOf", [])]:
        if "$ref" in branch:
            branch = spec["components"]["schemas"][branch["$ref"].rsplit("/", 1)[1]]
        allowed |= branch.get("properties", {})
    return [
        found
        for key, value in obj.items()
        for found in (
            [f"{at}.{key}"]
            if key not in allowed
            else _fields_outside(value, allowed[key], spec, f"{at}.{key}")
        )
    ]


def test_the_addresses_sit_where_the_pinned_api_version_puts_them(shop: Shop) -> None:
    link = _ships_to(shop, "FR", billing_address_collection="required")
    shop.session_of(shop.pay(link, **FRENCH_ADDRESS, **{"billing-same": "on"}))
    sent = shop.http.get(
        f"{shop.emulator.base_url}/v1/checkout/sessions",
        headers={"Authorization": f"Bearer {shop.emulator.api_key}"},
    ).json()["data"][0]
    spec = stripe_spec()
    session_schema = {"$ref": "#/components/schemas/checkout.session"}
    assert _fields_outside(sent, session_schema, spec, "session") == []
    assert sent["collected_information"]["shipping_details"]["address"]["city"] == "Lyon"
    assert sent["customer_details"]["address"]["postal_code"] == "69003"
