"""Expansions and list filters as the spec gives them, and references that must exist."""

from __future__ import annotations

import time

import pytest
import stripe

from tests.support.emulator import EmulatorProcess


@pytest.fixture
def client(emulator: EmulatorProcess) -> stripe.StripeClient:
    return emulator.client()


def test_currency_options_and_tiers_read_back_when_expanded(client: stripe.StripeClient) -> None:
    product = client.v1.products.create(params={"name": "Mug", "tax_code": "txcd_99999999"})
    price = client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "unit_amount": 1000,
            "currency_options": {"eur": {"unit_amount": 900, "tax_behavior": "inclusive"}},
        }
    )
    plain = client.v1.prices.retrieve(price.id).to_dict()
    assert "currency_options" not in plain and "tiers" not in plain  # as Stripe: only on request
    expanded = client.v1.prices.retrieve(
        price.id, params={"expand": ["currency_options", "tiers"]}
    ).to_dict()
    assert expanded["currency_options"]["eur"]["unit_amount"] == 900
    assert expanded["currency_options"]["eur"]["tax_behavior"] == "inclusive"
    assert expanded["currency_options"]["usd"]["unit_amount"] == 1000
    assert expanded["tiers"] == []
    client.v1.prices.update(price.id, params={"currency_options": {"gbp": {"unit_amount": 800}}})
    again = client.v1.prices.retrieve(price.id, params={"expand": ["currency_options"]})
    assert set(again.to_dict()["currency_options"]) == {"usd", "gbp"}

    tiered = client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "billing_scheme": "tiered",
            "tiers_mode": "graduated",
            "tiers": [{"up_to": 10, "unit_amount": 100}, {"up_to": "inf", "unit_amount": 50}],
        }
    )
    listed = client.v1.prices.list(params={"expand": ["data.tiers"], "product": product.id})
    tiers = next(p for p in listed.data if p.id == tiered.id).to_dict()["tiers"]
    assert [(t["up_to"], t["unit_amount"]) for t in tiers] == [(10, 100), (None, 50)]

    with_code = client.v1.products.retrieve(product.id, params={"expand": ["tax_code"]})
    assert with_code.to_dict()["tax_code"]["object"] == "tax_code"
    assert with_code.to_dict()["tax_code"]["name"] == "General - Tangible Goods"


def test_a_coupons_applies_to_and_currency_options_read_back_only_when_expanded(
    client: stripe.StripeClient,
) -> None:
    """As Stripe (the spec lists both as expandable, not required): a plain read, a list and
    the create answer leave them out; `expand[]` (`data.` on lists) includes them."""
    product = client.v1.products.create(params={"name": "Beans"})
    created = client.v1.coupons.create(
        params={
            "amount_off": 300,
            "currency": "eur",
            "currency_options": {"usd": {"amount_off": 350}},
            "applies_to": {"products": [product.id]},
        }
    )
    plain = [
        created.to_dict(),
        client.v1.coupons.retrieve(created.id).to_dict(),
        next(c for c in client.v1.coupons.list().data if c.id == created.id).to_dict(),
    ]
    for shown in plain:
        assert "applies_to" not in shown and "currency_options" not in shown, shown
    expanded = client.v1.coupons.retrieve(
        created.id, params={"expand": ["applies_to", "currency_options"]}
    ).to_dict()
    assert expanded["applies_to"] == {"products": [product.id]}
    assert expanded["currency_options"] == {"usd": {"amount_off": 350}}
    listed = client.v1.coupons.list(params={"expand": ["data.applies_to"]})
    assert next(c for c in listed.data if c.id == created.id).to_dict()["applies_to"] == {
        "products": [product.id]
    }
    client.v1.coupons.update(created.id, params={"currency_options": {"gbp": {"amount_off": 250}}})
    again = client.v1.coupons.retrieve(created.id, params={"expand": ["currency_options"]})
    assert again.to_dict()["currency_options"] == {
        "usd": {"amount_off": 350},
        "gbp": {"amount_off": 250},
    }
    everywhere = client.v1.coupons.create(params={"percent_off": 10})
    unrestricted = client.v1.coupons.retrieve(everywhere.id, params={"expand": ["applies_to"]})
    assert unrestricted.to_dict()["applies_to"] is None


def test_a_promotion_codes_minimums_in_other_currencies_are_taken_and_kept(
    client: stripe.StripeClient,
) -> None:
    """`restrictions[currency_options][usd][minimum_amount]`, on create and update (the spec's
    shape; the emulator once refused the nested hash as a string map)."""
    coupon = client.v1.coupons.create(params={"percent_off": 10})
    created = client.v1.promotion_codes.create(
        params={
            "code": "MIN25",
            "promotion": {"type": "coupon", "coupon": coupon.id},
            "restrictions": {
                "minimum_amount": 2000,
                "minimum_amount_currency": "eur",
                "currency_options": {"usd": {"minimum_amount": 2500}},
            },
        }  # type: ignore[typeddict-item]
    )
    client.v1.promotion_codes.update(
        created.id,
        params={"restrictions": {"currency_options": {"gbp": {"minimum_amount": 1800}}}},
    )
    shown = client.v1.promotion_codes.retrieve(created.id).restrictions.currency_options or {}
    minimums = {currency: option["minimum_amount"] for currency, option in shown.items()}
    assert minimums == {"usd": 2500, "gbp": 1800}


def test_created_filters(client: stripe.StripeClient) -> None:
    before = int(time.time()) - 1
    product = client.v1.products.create(params={"name": "New"})
    created = client.v1.products.retrieve(product.id).created
    assert product.id in [p.id for p in client.v1.products.list(params={"created": created}).data]
    assert product.id in [
        p.id for p in client.v1.products.list(params={"created": {"gte": before}}).data
    ]
    assert client.v1.products.list(params={"created": {"lt": before}}).data == []
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 5}
    )
    found = client.v1.prices.list(params={"created": {"gt": before, "lte": created + 60}})
    assert price.id in [p.id for p in found.data]


def test_accounts_and_shipping_rates_must_be_known(
    emulator: EmulatorProcess, client: stripe.StripeClient
) -> None:
    product = client.v1.products.create(params={"name": "Box"})
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 500}
    )
    link = {
        "line_items": [{"price": price.id, "quantity": 1}],
        "shipping_address_collection": {"allowed_countries": ["US"]},
    }
    settings = {
        "on_behalf_of": "acct_1Partner",
        "transfer_data": {"destination": "acct_1Partner"},
        "shipping_options": [{"shipping_rate": "shr_1Standard"}],
    }
    for name, value in settings.items():
        with pytest.raises(stripe.InvalidRequestError) as refused:
            client.v1.payment_links.create(params={**link, name: value})  # type: ignore[arg-type]
        assert refused.value.code == "resource_missing", name
        assert "No such" in str(refused.value.user_message)
    emulator.add_objects(account=["acct_1Partner"])
    rate = client.v1.shipping_rates.create(
        params={"display_name": "Ground", "fixed_amount": {"amount": 500, "currency": "usd"}}
    )
    settings["shipping_options"] = [{"shipping_rate": rate.id}]
    created = client.v1.payment_links.create(
        params={**link, **settings, "expand": ["on_behalf_of"]}  # type: ignore[typeddict-item]
    )
    assert created.to_dict()["on_behalf_of"] == {"id": "acct_1Partner", "object": "account"}


def test_subscription_settings_need_a_recurring_price(client: stripe.StripeClient) -> None:
    product = client.v1.products.create(params={"name": "Plan"})
    monthly = client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "unit_amount": 900,
            "recurring": {"interval": "month"},
        }
    )
    link = client.v1.payment_links.create(
        params={
            "line_items": [{"price": monthly.id, "quantity": 1}],
            "subscription_data": {"trial_period_days": 7},
        }
    )
    assert link.subscription_data is not None
    one_time = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 900}
    )
    single = client.v1.payment_links.create(
        params={"line_items": [{"price": one_time.id, "quantity": 1}]}
    )
    for attempt in (
        lambda: client.v1.payment_links.create(
            params={
                "line_items": [{"price": one_time.id, "quantity": 1}],
                "subscription_data": {"trial_period_days": 7},
            }
        ),
        lambda: client.v1.payment_links.update(
            single.id, params={"subscription_data": {"trial_period_days": 7}}
        ),
    ):
        with pytest.raises(stripe.InvalidRequestError) as refused:
            attempt()
        assert refused.value.param == "subscription_data"
    metered = client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "unit_amount": 1,
            "recurring": {"interval": "month", "usage_type": "metered", "meter": "mtr_1"},
        }
    )
    assert metered.recurring is not None and metered.recurring.meter == "mtr_1"
