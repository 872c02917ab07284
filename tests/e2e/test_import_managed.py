"""`paylinks import --adopt` on an account a stack already manages writes nothing to Stripe:
re-tagging a managed object (the webhook endpoint's import marker) showed as drift at the next
refresh. Every kind is covered: coupons, promotion codes and shipping rates too."""

from __future__ import annotations

import pytest

from tests.e2e.test_import_roundtrip import plan_steps
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.importing import run_import

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  beans: {name: Beans}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
coupons:
  first-bag: {percent_off: 15, name: "First bag", applies_to: {products: [beans]}}
promotion_codes:
  welcome15: {code: WELCOME15, promotion: {type: coupon, coupon: first-bag}}
shipping_rates:
  standard: {display_name: Standard shipping, fixed_amount: {amount: 490, currency: eur}}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
    allow_promotion_codes: true
    shipping_address_collection: {allowed_countries: [FR]}
    shipping_options: [{shipping_rate: standard}]
webhook_endpoints:
  fulfilment: {url: "https://example.com/hook", enabled_events: [checkout.session.completed]}
"""


def test_adopting_a_managed_account_writes_nothing_and_refresh_shows_no_drift(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG)
    project.up()
    emulator.clear_requests()

    result = run_import(emulator, "--scope", "test", "--adopt", "--out", "-")
    assert result.returncode == 0, result.stderr
    assert "tagged" not in result.stderr, f"import re-tagged managed objects:\n{result.stderr}"
    writes = [r for r in emulator.requests() if r["method"] != "GET"]
    assert writes == [], f"import wrote to objects the stack manages: {writes}"
    assert "fulfilment:" in result.stdout and "beans_bag" in result.stdout
    for declared in ("first-bag:", "coupon: first-bag", "welcome15:", "shipping_rate: standard"):
        assert declared in result.stdout, f"{declared} is missing from the import"

    project.refresh()
    plan = project.preview_json()
    changes = {name: op for name, op in plan_steps(plan).items() if op != "same"}
    assert changes == {}, f"refresh after the import found drift: {changes}"
