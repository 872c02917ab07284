"""Stripe's rules in the model layer, called directly (no HTTP)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.exceptions import InvalidRequestError
from emulator.models import Backend
from emulator.store import Store


@pytest.fixture
def backend() -> Backend:
    return Backend(Store(":memory:"), "http://emulator.test")


def _price(backend: Backend, **params: Any) -> dict[str, Any]:
    product = backend.products.create({"name": "P"})
    return backend.prices.create({"product": product["id"], "currency": "usd", **params})


def test_link_url_points_at_the_emulator(backend: Backend) -> None:
    price = _price(backend, unit_amount=100)
    link = backend.payment_links.create({"line_items": [{"price": price["id"], "quantity": 1}]})
    assert backend.payment_links.render(link)["url"].startswith("http://emulator.test/c/pay/test_")


def test_customer_chosen_price_must_be_alone(backend: Backend) -> None:
    custom = _price(backend, custom_unit_amount={"enabled": True})
    standard = _price(backend, unit_amount=100)
    with pytest.raises(InvalidRequestError) as error:
        backend.payment_links.create(
            {
                "line_items": [
                    {"price": custom["id"], "quantity": 1},
                    {"price": standard["id"], "quantity": 1},
                ]
            }
        )
    assert error.value.param == "line_items[0][price]"


def test_per_unit_price_needs_an_amount(backend: Backend) -> None:
    with pytest.raises(InvalidRequestError) as error:
        _price(backend)
    assert error.value.param == "unit_amount"


def test_interval_count_at_most_three_years(backend: Backend) -> None:
    _price(backend, unit_amount=1, recurring={"interval": "month", "interval_count": 36})
    with pytest.raises(InvalidRequestError) as error:
        _price(backend, unit_amount=1, recurring={"interval": "month", "interval_count": 37})
    assert error.value.param == "recurring[interval_count]"
    assert error.value.rule == "price.interval_count"


def test_tax_behavior_only_leaves_unspecified(backend: Backend) -> None:
    price = _price(backend, unit_amount=1)
    backend.prices.update(price["id"], {"tax_behavior": "exclusive"})
    with pytest.raises(InvalidRequestError) as error:
        backend.prices.update(price["id"], {"tax_behavior": "inclusive"})
    assert error.value.param == "tax_behavior"


def test_archived_product_cannot_be_sold(backend: Backend) -> None:
    price = _price(backend, unit_amount=1)
    backend.products.update(price["product"], {"active": False})
    with pytest.raises(InvalidRequestError, match="not active"):
        backend.payment_links.create({"line_items": [{"price": price["id"], "quantity": 1}]})


def test_failed_rule_leaves_no_partial_write(backend: Backend) -> None:
    with pytest.raises(InvalidRequestError):
        backend.prices.create(
            {"product_data": {"name": "New"}, "currency": "usd"}  # no amount: refused
        )
    assert backend.store.all("product") == []
