"""What retiring costs in requests: destroy pays per link, so no read precedes a harmless write.

A link is deactivated with one POST, a price archived with one POST (the product is read only
when Stripe refuses to archive its default price), a product archived with one POST when its
price was retired first (destroy's order) and deleted when it has none: only requests Stripe
accepts. Gone objects are fine, and nothing trusts a stale stored state.
"""

from __future__ import annotations

from typing import Any

import pytest

from providers import PaymentLinkProvider, PriceProvider, ProductProvider
from tests.integration.providers.test_lifecycle import (
    create,
    link_inputs,
    make_catalog,
    price_inputs,
    product_inputs,
)
from tests.support.emulator import EmulatorProcess

pytestmark = pytest.mark.usefixtures("stripe_env")


def sent(emulator: EmulatorProcess) -> list[tuple[str, str, int]]:
    """``(method, path, status)`` of each request since the log was last cleared."""
    return [(r["method"], r["path"], r["status"]) for r in emulator.requests()]


def test_destroying_a_link_price_and_product_costs_three_accepted_requests(
    stripe_env: EmulatorProcess,
) -> None:
    product_id, product_outs = create(ProductProvider(), product_inputs())
    price_id, price_outs = create(PriceProvider(), price_inputs(product_id))
    link_id, link_outs = create(PaymentLinkProvider(), link_inputs([price_id]))
    stripe_env.clear_requests()

    PaymentLinkProvider().delete(link_id, link_outs)  # destroy's order: dependents first
    PriceProvider().delete(price_id, price_outs)
    ProductProvider().delete(product_id, product_outs)

    assert sent(stripe_env) == [
        ("POST", f"/v1/payment_links/{link_id}", 200),
        ("POST", f"/v1/prices/{price_id}", 200),
        ("POST", f"/v1/products/{product_id}", 200),  # it has a price: archived, no DELETE
    ]
    stripe = stripe_env.client()
    assert stripe.v1.payment_links.retrieve(link_id).active is False
    assert stripe.v1.prices.retrieve(price_id).active is False
    assert stripe.v1.products.retrieve(product_id).active is False


def test_a_product_without_prices_is_deleted_with_one_request(
    stripe_env: EmulatorProcess,
) -> None:
    product_id, product_outs = create(ProductProvider(), product_inputs("bare"))
    stripe_env.clear_requests()
    ProductProvider().delete(product_id, product_outs)
    assert sent(stripe_env) == [("DELETE", f"/v1/products/{product_id}", 200)]


def test_a_product_priced_outside_this_run_is_archived_after_the_refused_delete(
    stripe_env: EmulatorProcess,
) -> None:
    """The safety net: prices this process never retired (made in the Dashboard, say)."""
    product_id, product_outs = create(ProductProvider(), product_inputs("elsewhere"))
    stripe_env.client().v1.prices.create(
        params={"product": product_id, "currency": "usd", "unit_amount": 500}
    )
    stripe_env.clear_requests()
    ProductProvider().delete(product_id, product_outs)
    assert sent(stripe_env) == [
        ("DELETE", f"/v1/products/{product_id}", 400),
        ("POST", f"/v1/products/{product_id}", 200),
    ]
    assert stripe_env.client().v1.products.retrieve(product_id).active is False


def test_default_price_is_read_and_unset_only_when_the_archive_is_refused(
    stripe_env: EmulatorProcess,
) -> None:
    product_id, price_id = make_catalog()
    stripe = stripe_env.client()
    stripe.v1.products.update(product_id, params={"default_price": price_id})
    stripe_env.clear_requests()

    PriceProvider().delete(price_id, {"key": "pro-once", "scope": "itest", "product": product_id})

    assert sent(stripe_env) == [
        ("POST", f"/v1/prices/{price_id}", 400),
        ("GET", f"/v1/products/{product_id}", 200),
        ("POST", f"/v1/products/{product_id}", 200),
        ("POST", f"/v1/prices/{price_id}", 200),
    ]
    assert stripe.v1.prices.retrieve(price_id).active is False
    assert stripe.v1.products.retrieve(product_id).default_price is None


def test_a_link_reactivated_out_of_band_is_deactivated_despite_stale_state(
    stripe_env: EmulatorProcess,
) -> None:
    _, price_id = make_catalog()
    provider = PaymentLinkProvider()
    link_id, outs = create(provider, link_inputs([price_id]))
    stale: dict[str, Any] = {**outs, "active": False}
    stripe = stripe_env.client()
    assert stripe.v1.payment_links.retrieve(link_id).active is True
    provider.delete(link_id, stale)
    assert stripe.v1.payment_links.retrieve(link_id).active is False
    provider.delete(link_id, stale)  # already inactive: harmless


def test_retiring_objects_already_gone_is_fine(stripe_env: EmulatorProcess) -> None:
    stripe_env.clear_requests()
    PaymentLinkProvider().delete("plink_gone", {"key": "sale", "scope": "itest"})
    PriceProvider().delete("price_gone", {"key": "p", "scope": "itest", "product": "prod_x"})
    ProductProvider().delete("prod_gone", {"key": "pro", "scope": "itest"})
    assert [status for _, _, status in sent(stripe_env)] == [404, 404, 404]
