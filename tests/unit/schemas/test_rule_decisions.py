"""Decisions where Stripe's guide leaves room, pinned so a change is deliberate (see
`schemas.rules`): one-time and recurring prices may share a link, as may different intervals."""

from __future__ import annotations

from pathlib import Path

from schemas import load_catalog

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
    assert len(catalog.payment_links["two-intervals"].line_items) == 2
