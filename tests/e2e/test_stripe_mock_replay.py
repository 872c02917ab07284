"""Every request the providers send over a whole lifecycle is one real Stripe would accept.

The emulator is ours, so passing against it proves little about Stripe's API shape. Here the real
CLI drives a catalog through create, in-place update, price change (replacements), removal and
destroy against the emulator; then the emulator's full request log is replayed against
stripe-mock, which validates each request against Stripe's own OpenAPI spec.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.stripe_replay import replay
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.stripe_mock import StripeMock

pytestmark = [pytest.mark.e2e, pytest.mark.stripe_mock]

CREATE = """
entitlement_features:
  perks: {name: Club perks, lookup_key: club_perks, metadata: {tier: club}}
products:
  beans: {name: Beans, description: Whole beans, shippable: true, metadata: {sku: B-1, batch: "7"}}
  tip: {name: Tip, features: [perks]}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
  filters: {product: beans, currency: eur, unit_amount: 300}
  club: {product: beans, currency: eur, unit_amount: 1800, recurring: {interval: month}}
  tip: {product: tip, currency: eur, custom_unit_amount: {enabled: true, minimum: 200}}
coupons:
  summer: {percent_off: 20, duration: repeating, duration_in_months: 3, name: Summer}
  welcome: {amount_off: 300, currency: eur, applies_to: {products: [beans]}}
promotion_codes:
  summer20:
    code: SUMMER20
    promotion: {type: coupon, coupon: summer}
    restrictions: {minimum_amount: 2000, minimum_amount_currency: eur}
    metadata: {campaign: summer}
shipping_rates:
  standard:
    display_name: Standard shipping
    fixed_amount: {amount: 490, currency: eur}
    delivery_estimate:
      minimum: {unit: business_day, value: 2}
      maximum: {unit: business_day, value: 4}
payment_links:
  beans:
    line_items:
      - {price: beans-bag, quantity: 1, adjustable_quantity: {enabled: true, maximum: 10}}
    after_completion: {type: hosted_confirmation, hosted_confirmation: {custom_message: Thanks}}
    allow_promotion_codes: true
    metadata: {channel: web}
  club:
    line_items: [{price: club, quantity: 1}]
    subscription_data: {trial_period_days: 7}
  tip-jar:
    line_items: [{price: tip, quantity: 1}]
webhook_endpoints:
  orders:
    url: "https://example.com/hook"
    enabled_events: [checkout.session.completed, checkout.session.async_payment_succeeded]
    description: Orders
"""

#: Link fields POST /v1/payment_links/{id} takes since API 2026-08-26.dahlia, added in place.
LINK_SETTINGS = """    on_behalf_of: acct_1Partner
    transfer_data: {destination: acct_1Partner, amount: 100}
    application_fee_amount: 50
    consent_collection: {terms_of_service: required, promotions: auto}
    shipping_address_collection: {allowed_countries: [FR, DE]}
    shipping_options: [{shipping_rate: standard}]
    optional_items: [{price: filters, quantity: 1}]
    payment_method_options: {card: {restrictions: {brands_blocked: [american_express]}}}
"""

#: In place: product name/metadata (a key removed), link redirect, quantity, a link switched off
#: and its trial days removed, webhook events, the link settings above added, a coupon and a
#: feature renamed.
UPDATE = (
    CREATE.replace("name: Beans,", "name: Roasted beans,")
    .replace("name: Club perks,", "name: Members' perks,")
    .replace("name: Summer}", "name: Summer sale}")
    .replace("    metadata: {channel: web}\n", "    metadata: {channel: web}\n" + LINK_SETTINGS)
    .replace('batch: "7"', "origin: Peru")
    .replace(
        "after_completion: {type: hosted_confirmation, hosted_confirmation: {custom_message: "
        "Thanks}}",
        'after_completion: {type: redirect, redirect: {url: "https://example.com/thanks"}}',
    )
    .replace("quantity: 1, adjustable_quantity", "quantity: 2, adjustable_quantity")
    .replace("subscription_data: {trial_period_days: 7}", "active: false")
    .replace(", checkout.session.async_payment_succeeded]", "]")
)
#: A new amount: a new price, the `beans` link replaced; a new shipping amount: a new rate.
#: The promotion code moves to another coupon: deactivated, then created again. A new feature
#: lookup key: a new feature, attached to the product in place of the old one (archived).
PRICE_CHANGE = (
    UPDATE.replace("unit_amount: 1400", "unit_amount: 1600")
    .replace("lookup_key: club_perks,", "lookup_key: club_perks_v2,")
    .replace("amount: 490", "amount: 690")
    .replace("coupon: summer}", "coupon: welcome}")
)
#: The tip jar and the webhook endpoint removed from the catalog; the `beans` link loses its
#: redirect, promotion codes and the link settings, the product its `shippable` (back to
#: Stripe's defaults); the feature detached and archived.
_UNGRANTED = PRICE_CHANGE.replace(", features: [perks]}", "}")
REMOVAL = "\n".join(
    line
    for line in _UNGRANTED.split("  tip-jar:")[0].splitlines()
    if "after_completion" not in line
    and "allow_promotion_codes" not in line
    and "perks" not in line
    and line != "entitlement_features:"
    and line + "\n" not in LINK_SETTINGS
).replace(" shippable: true,", "")


def expected_refusal(request: dict[str, Any]) -> bool:
    """Refusals the providers plan for: a GET finding no product yet (adoption looks before
    creating). No product DELETE is refused: a product whose prices were retired is archived."""
    return (request["method"], int(request["status"])) == ("GET", 404)


def test_every_request_of_a_full_lifecycle_is_accepted_by_stripe_mock(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, stripe_mock: StripeMock
) -> None:
    assert UPDATE.count("origin: Peru") == 1 and "active: false" in UPDATE, "bad UPDATE edit"
    assert "redirect:" in UPDATE and "quantity: 2" in UPDATE and "optional_items" in UPDATE
    assert "on_behalf_of" not in REMOVAL and "filters" in REMOVAL
    assert "perks" not in REMOVAL and "tip: {name: Tip}" in REMOVAL
    emulator.add_objects(account=["acct_1Partner"])
    project = catalog_project(CREATE)
    for catalog in (CREATE, UPDATE, PRICE_CHANGE, REMOVAL):
        project.write_catalog(catalog)
        project.up()
    links = project.links()
    assert set(links) == {"beans", "club"}
    stripe = emulator.client()
    beans = stripe.v1.payment_links.retrieve(links["beans"]["id"])
    assert beans.after_completion.type == "hosted_confirmation", "redirect not removed"
    assert beans.allow_promotion_codes is False, "promotion codes not switched off"
    assert (beans.on_behalf_of, beans.optional_items, beans.shipping_options) == (None, [], [])
    assert stripe.v1.products.retrieve("prod_pl_test_beans").shippable is not True
    assert stripe.v1.products.features.list("prod_pl_test_tip").data == [], "feature not detached"
    archived = stripe.v1.entitlements.features.list(params={"archived": True}).data
    assert {f.lookup_key for f in archived} == {"club_perks", "club_perks_v2"}
    project.destroy()

    log = emulator.requests()
    refused_by_emulator = [r for r in log if int(r["status"]) >= 400 and not expected_refusal(r)]
    assert refused_by_emulator == [], f"the emulator refused requests: {refused_by_emulator}"
    results = replay(log, stripe_mock.base_url, stripe_mock.api_key)
    methods = sorted({f"{r.method} {r.path.split('/')[2]}" for r in results})
    print(f"replayed {len(results)} provider requests against stripe-mock: {methods}")
    writes = [r for r in results if r.method in ("POST", "DELETE")]
    assert len(writes) >= 20, f"lifecycle sent too few writes to prove anything: {methods}"
    refused = [str(r) for r in results if r.schema_error is not None or r.status >= 400]
    assert refused == [], "stripe-mock refused requests Stripe would refuse too:\n" + "\n".join(
        refused
    )
