"""`paylinks import` as a user runs it (the CLI) against an emulator, and shops to import: objects
made directly with stripe-python, as the Dashboard or other code would make them."""

from __future__ import annotations

import os
import subprocess
from typing import Any

from tests.support.emulator import EmulatorProcess
from tests.support.paths import PAYLINKS

__all__ = ["make_shop", "make_shop_that_ships", "run_import"]


def run_import(emulator: EmulatorProcess, *args: str, key: str | None = None,
               extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`paylinks import ARGS` with the emulator's base URL and (by default) its test key."""
    env = {k: v for k, v in os.environ.items() if k not in ("PAYLINKS_LIVE",)}
    env.update(STRIPE_API_KEY=key or emulator.api_key, STRIPE_API_BASE=emulator.base_url)
    env.update(extra_env or {})
    return subprocess.run(
        [str(PAYLINKS), "import", *args], capture_output=True, text=True, env=env, check=False,
        timeout=60,
    )


def make_shop(emulator: EmulatorProcess) -> dict[str, Any]:
    """A product with two prices, a link selling both, a webhook endpoint: made outside paylinks."""
    client = emulator.client()
    product = client.v1.products.create(
        params={"name": "Single-Origin Beans", "description": "Washed, light roast.",
                "metadata": {"sku": "SO-1"}}
    )
    bag = client.v1.prices.create(
        params={"product": product.id, "currency": "eur", "unit_amount": 1400,
                "lookup_key": "beans_bag"}
    )
    monthly = client.v1.prices.create(
        params={"product": product.id, "currency": "eur", "unit_amount": 1200,
                "recurring": {"interval": "month"}, "nickname": "Monthly beans"}
    )
    one_time = client.v1.prices.create(
        params={"product": product.id, "currency": "eur", "unit_amount": 2600}
    )
    link = client.v1.payment_links.create(
        params={
            "line_items": [
                {"price": bag.id, "quantity": 2,
                 "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 5}},
                {"price": one_time.id, "quantity": 1},
            ],
            "after_completion": {"type": "redirect",
                                 "redirect": {"url": "https://shop.example/thanks"}},
            "allow_promotion_codes": True,
        }
    )
    hook = client.v1.webhook_endpoints.create(
        params={"url": "https://shop.example/stripe", "description": "Orders",
                "enabled_events": ["checkout.session.completed"]}
    )
    return {"product": product, "bag": bag, "monthly": monthly, "one_time": one_time,
            "link": link, "hook": hook}


def make_shop_that_ships(emulator: EmulatorProcess) -> dict[str, Any]:
    """`make_shop` plus what its links sell with: two shipping rates offered by a second link,
    a coupon for the beans and a promotion code for it; all made outside paylinks."""
    shop = make_shop(emulator)
    client = emulator.client()
    standard = client.v1.shipping_rates.create(params={
        "display_name": "Standard shipping", "type": "fixed_amount",
        "fixed_amount": {"amount": 490, "currency": "eur"},
        "delivery_estimate": {"minimum": {"unit": "business_day", "value": 2},
                              "maximum": {"unit": "business_day", "value": 4}},
    })
    express = client.v1.shipping_rates.create(params={
        "display_name": "Express shipping", "fixed_amount": {"amount": 990, "currency": "eur"},
        "metadata": {"carrier": "dhl"},
    })
    kit = client.v1.payment_links.create(params={
        "line_items": [{"price": shop["one_time"].id, "quantity": 1}],
        "shipping_address_collection": {"allowed_countries": ["DE", "FR"]},
        "shipping_options": [{"shipping_rate": standard.id}, {"shipping_rate": express.id}],
        "allow_promotion_codes": True,
    })
    coupon = client.v1.coupons.create(params={
        "percent_off": 15, "name": "First bag, 15% off",
        "applies_to": {"products": [shop["product"].id]},
    })
    code = client.v1.promotion_codes.create(params={
        "code": "WELCOME15", "promotion": {"type": "coupon", "coupon": coupon.id},
        "restrictions": {"first_time_transaction": True},
    })
    return {**shop, "standard": standard, "express": express, "kit": kit, "coupon": coupon,
            "code": code}
