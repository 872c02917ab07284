"""The mission, end to end: the real CLI applies a catalog to the emulator, safely."""

from __future__ import annotations

import pytest

from tests.conftest import EmulatorProcess
from tests.e2e.program import CatalogProjectFactory, catalog_project

pytestmark = pytest.mark.e2e
__all__ = ["catalog_project"]

BASE_CATALOG = """
products:
  beans: {name: Beans, metadata: {sku: B-1}}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
webhook_endpoints:
  orders: {url: "https://example.com/hook", enabled_events: [checkout.session.completed]}
"""


def test_up_creates_every_object_and_prints_links(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(BASE_CATALOG)
    project.up()
    links = project.links()
    assert set(links) == {"beans"}
    assert links["beans"]["active"] is True
    assert links["beans"]["url"].startswith(emulator.base_url)
