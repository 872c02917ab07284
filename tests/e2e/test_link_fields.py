"""A link's URL changes only when Stripe leaves no other way; every reference resolves to an id.

Real `pulumi up` runs of the repository's program against the emulator:

* optional items name prices by catalog key; the link deploys with the prices' Stripe ids, and a
  replaced optional price *updates* the link (same URL), after the new price exists;
* the link fields API 2026-08-26.dahlia lets ``POST /v1/payment_links/{id}`` change (Connect
  routing, fees, consent collection, shipping options) update in place, set and unset, and the
  review doesn't announce a new URL.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from paylinks.review import parse_plan, render_review
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.plans import changed, plan_ops

pytestmark = pytest.mark.e2e

OPTIONAL_ITEMS = """
products:
  beans: {name: Beans}
  filters: {name: Paper filters}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400}
  filters: {product: filters, currency: eur, unit_amount: %(filters)d}
payment_links:
  shop:
    line_items: [{price: beans-bag, quantity: 1}]
    optional_items:
      - {price: filters, quantity: 1, adjustable_quantity: {enabled: true, maximum: 5}}
"""


def test_a_link_with_optional_items_deploys_with_the_prices_stripe_ids(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(OPTIONAL_ITEMS % {"filters": 500})
    project.up()
    outputs = project.stack_output()
    link_id, url = outputs["links"]["shop"]["id"], outputs["links"]["shop"]["url"]
    filters_id = outputs["prices"]["filters"]["id"]
    assert filters_id.startswith("price_")
    link = emulator.client().v1.payment_links.retrieve(link_id)
    assert [item.price for item in link.optional_items or []] == [filters_id]
    assert link.optional_items[0].quantity == 1  # type: ignore[index]
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"

    project.write_catalog(OPTIONAL_ITEMS % {"filters": 600})
    ops = plan_ops(project.preview_json())
    assert ops["Price::filters"] == ["replace"], ops
    assert ops["PaymentLink::shop"] == ["update"], f"a new optional price replaced the link: {ops}"
    project.up()
    after = project.stack_output()
    new_filters = after["prices"]["filters"]["id"]
    assert new_filters != filters_id
    assert (after["links"]["shop"]["id"], after["links"]["shop"]["url"]) == (link_id, url)
    link = emulator.client().v1.payment_links.retrieve(link_id)
    assert [item.price for item in link.optional_items or []] == [new_filters]
    assert emulator.client().v1.prices.retrieve(filters_id).active is False


CONNECT = """
products:
  beans: {name: Beans}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400}
shipping_rates:
  standard: {display_name: Standard, fixed_amount: {amount: 490, currency: eur}}
payment_links:
  shop:
    line_items: [{price: beans-bag, quantity: 1}]
%(extra)s
"""

SETTINGS: dict[str, Any] = {
    "on_behalf_of": "acct_1Partner",
    "transfer_data": {"destination": "acct_1Partner", "amount": 300},
    "application_fee_amount": 120,
    "consent_collection": {"terms_of_service": "required", "promotions": "auto"},
    "shipping_address_collection": {"allowed_countries": ["FR"]},
    "shipping_options": [{"shipping_rate": "standard"}],
}


def _catalog(settings: dict[str, Any]) -> str:
    extra = "".join(f"    {name}: {json.dumps(value)}\n" for name, value in settings.items())
    return CONNECT % {"extra": extra}


def test_connect_consent_and_shipping_changes_keep_the_links_url(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    emulator.add_objects(account=["acct_1Partner"])
    project = catalog_project(_catalog({}))
    project.up()
    before = project.stack_output()["links"]["shop"]

    project.write_catalog(_catalog(SETTINGS))
    plan = project.preview_json()
    assert plan_ops(plan)["PaymentLink::shop"] == ["update"], plan_ops(plan)
    review = render_review(parse_plan(plan))
    assert "new URL" not in review, review
    assert "**Payment link `shop`** — update" in review
    project.up()
    assert project.stack_output()["links"]["shop"] == before, "the link's URL changed"
    link = emulator.client().v1.payment_links.retrieve(before["id"]).to_dict()
    rate_id = project.stack_output()["shipping_rates"]["standard"]["id"]
    assert {name: link[name] for name in SETTINGS} == {
        **SETTINGS,
        "shipping_options": [{"shipping_amount": 490, "shipping_rate": rate_id}],
    }
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"

    project.write_catalog(_catalog({}))
    assert plan_ops(project.preview_json())["PaymentLink::shop"] == ["update"]
    project.up()
    assert project.stack_output()["links"]["shop"] == before
    link = emulator.client().v1.payment_links.retrieve(before["id"]).to_dict()
    assert link["on_behalf_of"] is None and link["transfer_data"] is None
    assert link["application_fee_amount"] is None and link["shipping_options"] == []
    assert link["consent_collection"]["terms_of_service"] == "none"
