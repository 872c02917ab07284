"""Shipping rates with the real CLI: Stripe can't change or delete them, links never lose them.

* A new amount creates a new rate and moves the links offering the old one to it **in place**
  (same link id and URL) in the same `up`; the old rate is archived, never left on a link.
* Removing a rate archives it; re-adding it reactivates the same Stripe object.
* A broken shipping rule fails the preview with zero writes.
"""

from __future__ import annotations

import pytest

from paylinks.review import parse_plan, render_review
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.plans import changed, plan_ops

pytestmark = pytest.mark.e2e

SHOP = """
products:
  kit: {name: Brewing kit}
prices:
  kit: {product: kit, currency: eur, unit_amount: 4500}
shipping_rates:
  standard:
    display_name: Standard shipping
    fixed_amount: {amount: %(amount)d, currency: eur}
payment_links:
  kit:
    line_items: [{price: kit, quantity: 1}]
    shipping_address_collection: {allowed_countries: [FR, DE]}
    shipping_options: [{shipping_rate: standard}]
  gift:
    line_items: [{price: kit, quantity: 1}]
    shipping_address_collection: {allowed_countries: [FR]}
    shipping_options: [{shipping_rate: standard}]
"""

WITHOUT_SHIPPING = """
products:
  kit: {name: Brewing kit}
prices:
  kit: {product: kit, currency: eur, unit_amount: 4500}
payment_links:
  kit:
    line_items: [{price: kit, quantity: 1}]
  gift:
    line_items: [{price: kit, quantity: 1}]
"""


def _offered(emulator: EmulatorProcess, link_id: str) -> list[dict[str, object]]:
    return list(emulator.client().v1.payment_links.retrieve(link_id).to_dict()["shipping_options"])


def test_a_new_shipping_amount_moves_every_link_to_a_new_rate_keeping_their_urls(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(SHOP % {"amount": 490})
    project.up()
    links = project.links()
    old_rate = project.stack_output()["shipping_rates"]["standard"]["id"]
    assert old_rate.startswith("shr_")
    for key in ("kit", "gift"):
        assert _offered(emulator, links[key]["id"]) == [
            {"shipping_amount": 490, "shipping_rate": old_rate}
        ]
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"

    project.write_catalog(SHOP % {"amount": 690})
    plan = project.preview_json()
    ops = plan_ops(plan)
    assert ops["ShippingRate::standard"] == ["replace"], ops
    assert ops["PaymentLink::kit"] == ops["PaymentLink::gift"] == ["update"], ops
    review = render_review(parse_plan(plan))
    assert "**Shipping on link `kit` now costs €6.90** (was €4.90)" in review, review
    assert "**Shipping on link `gift` now costs €6.90** (was €4.90)" in review, review
    assert "new URL" not in review, review
    assert "offers" not in review and "stops offering" not in review, review

    project.up()
    new_rate = project.stack_output()["shipping_rates"]["standard"]["id"]
    assert new_rate != old_rate
    assert project.links() == links, "a link's URL changed"
    for key in ("kit", "gift"):
        assert _offered(emulator, links[key]["id"]) == [
            {"shipping_amount": 690, "shipping_rate": new_rate}
        ]
    stripe = emulator.client()
    assert stripe.v1.shipping_rates.retrieve(old_rate).active is False
    assert stripe.v1.shipping_rates.retrieve(new_rate).active is True
    assert changed(plan_ops(project.preview_json())) == set()


def test_a_removed_shipping_rate_is_archived_and_re_adding_reactivates_it(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(SHOP % {"amount": 490})
    project.up()
    rate = project.stack_output()["shipping_rates"]["standard"]["id"]
    links = project.links()

    project.write_catalog(WITHOUT_SHIPPING)
    review = render_review(parse_plan(project.preview_json()))
    assert "Shipping rate `standard` (€4.90) is archived" in review, review
    assert "**Link `kit` stops offering Standard shipping (€4.90)**" in review, review
    project.up()
    stripe = emulator.client()
    assert stripe.v1.shipping_rates.retrieve(rate).active is False
    assert _offered(emulator, links["kit"]["id"]) == []

    project.write_catalog(SHOP % {"amount": 490})
    review = render_review(parse_plan(project.preview_json()))
    assert "**Link `gift` now offers Standard shipping (€4.90)**" in review, review
    project.up()
    assert project.stack_output()["shipping_rates"]["standard"]["id"] == rate, "a new rate"
    assert stripe.v1.shipping_rates.retrieve(rate).active is True
    assert project.links() == links
    assert _offered(emulator, links["kit"]["id"]) == [
        {"shipping_amount": 490, "shipping_rate": rate}
    ]


def test_a_broken_shipping_rule_fails_the_preview_with_zero_writes(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    catalog = (
        (SHOP % {"amount": 490})
        .replace("    shipping_address_collection: {allowed_countries: [FR]}\n", "")
        .replace("currency: eur}\npayment_links", "currency: usd}\npayment_links")
    )
    project = catalog_project(catalog)
    emulator.clear_requests()
    result = project.run("preview", "--stack", project.stack, check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "payment_links.gift.shipping_options" in output, output
    assert "need `shipping_address_collection`" in output
    assert "charges in usd but this link sells in eur" in output
    writes = [r for r in emulator.requests() if r["method"] != "GET"]
    assert writes == [], writes
