"""Decisions where Stripe's guide leaves room, pinned so a change is deliberate (see
`schemas.rules`): one-time and recurring prices may share a link; different billing intervals
may not (Stripe refuses the link, so the catalog is refused first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import CatalogError, load_catalog

MIXED = """\
products:
  club: {name: Coffee Club}
  mug: {name: Mug}
prices:
  club-monthly: {product: club, currency: eur, unit_amount: 1800, recurring: {interval: month}}
  club-yearly: {product: club, currency: eur, unit_amount: 18000, recurring: {interval: year}}
  mug: {product: mug, currency: eur, unit_amount: 1200}
payment_links:
  club-with-mug:
    line_items:
      - {price: club-monthly, quantity: 1}
      - {price: mug, quantity: 1}
    subscription_data: {trial_period_days: 7}
"""

TWO_INTERVALS = MIXED + """\
  two-intervals:
    line_items:
      - {price: club-monthly, quantity: 1}
      - {price: club-yearly, quantity: 1}
"""


def test_one_time_and_recurring_prices_share_a_link(tmp_path: Path) -> None:
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(MIXED, encoding="utf-8")
    catalog = load_catalog(catalog_file)
    assert len(catalog.payment_links["club-with-mug"].line_items) == 2


def test_recurring_prices_of_one_link_share_one_billing_interval(tmp_path: Path) -> None:
    catalog_file = tmp_path / "catalog.yaml"
    catalog_file.write_text(TWO_INTERVALS, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(catalog_file)
    (problem,) = raised.value.problems
    assert problem.path == "payment_links.two-intervals.line_items[1].price"
    assert "billed every 1 year but line_items[0] every 1 month" in problem.message
