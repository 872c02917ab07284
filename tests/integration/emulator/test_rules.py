"""Stripe's business rules, each answered as a 400 naming its `param`."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from tests.support.emulator import EmulatorProcess


@pytest.fixture
def client(emulator: EmulatorProcess) -> stripe.StripeClient:
    return emulator.client()


def _refused(call: Any, param: str, fragment: str = "") -> stripe.InvalidRequestError:
    with pytest.raises(stripe.InvalidRequestError) as error:
        call()
    assert error.value.http_status == 400, error.value.json_body
    assert error.value.param == param, error.value.json_body
    assert fragment in str(error.value.user_message)
    return error.value


def _price(client: stripe.StripeClient, **params: Any) -> stripe.Price:
    product = params.pop("product", None) or client.v1.products.create(params={"name": "P"}).id
    return client.v1.prices.create(
        params={"product": product, "currency": "usd", "unit_amount": 100, **params}
    )


def _custom_price(client: stripe.StripeClient) -> stripe.Price:
    product = client.v1.products.create(params={"name": "Tip"}).id
    return client.v1.prices.create(
        params={"product": product, "currency": "usd", "custom_unit_amount": {"enabled": True}}
    )


def _link(client: stripe.StripeClient, *prices: str) -> Any:
    return lambda: client.v1.payment_links.create(
        params={"line_items": [{"price": p, "quantity": 1} for p in prices]}
    )


def test_unknown_and_immutable_params(client: stripe.StripeClient) -> None:
    price = _price(client)
    _refused(lambda: client.v1.prices.update(price.id, params={"unit_amount": 5}), "unit_amount")
    _refused(lambda: client.v1.prices.update(price.id, params={"currency": "eur"}), "currency")
    _refused(lambda: client.v1.products.create(params={"name": "x", "colour": "red"}), "colour")
    link = _link(client, price.id)()
    for immutable in ({"currency": "eur"}, {"managed_payments": {"enabled": True}}):
        [name] = immutable
        _refused(lambda p=immutable: client.v1.payment_links.update(link.id, params=p), name)
    _refused(
        lambda: client.v1.payment_links.update(
            link.id, params={"line_items": [{"price": price.id, "quantity": 1}]}
        ),
        "line_items[0][price]",
    )
    _refused(
        lambda: client.v1.payment_links.update(
            link.id, params={"line_items": [{"id": "li_missing", "quantity": 1}]}
        ),
        "line_items[0][id]",
    )


def test_connect_consent_shipping_and_optional_items_update_in_place(
    client: stripe.StripeClient, emulator: EmulatorProcess
) -> None:
    """API 2026-08-26.dahlia takes these on ``POST /v1/payment_links/{id}``: same link, same URL."""
    emulator.add_objects(account=["acct_1"])  # held by the account
    price, extra = _price(client), _price(client)
    link = _link(client, price.id)()
    rate = _shipping_rate(client, 500)
    changes: dict[str, Any] = {
        "on_behalf_of": "acct_1",
        "transfer_data": {"destination": "acct_1", "amount": 100},
        "application_fee_amount": 10,
        "consent_collection": {"promotions": "auto", "terms_of_service": "required"},
        "shipping_address_collection": {"allowed_countries": ["US"]},
        "shipping_options": [{"shipping_rate": rate.id}],
        "optional_items": [{"price": extra.id, "quantity": 1}],
    }
    updated = client.v1.payment_links.update(link.id, params=changes)  # type: ignore[arg-type]
    assert (updated.id, updated.url) == (link.id, link.url)
    shown = {name: updated.to_dict()[name] for name in changes}
    assert shown == {
        **changes,
        "shipping_options": [{"shipping_amount": 500, "shipping_rate": rate.id}],
    }
    unset = client.v1.payment_links.update(
        link.id,
        params={  # type: ignore[arg-type]
            "on_behalf_of": "",
            "transfer_data": "",
            "application_fee_amount": "",
            "shipping_options": "",
            "optional_items": "",
        },
    ).to_dict()
    assert [unset[n] for n in ("on_behalf_of", "transfer_data", "application_fee_amount")] == [
        None
    ] * 3
    assert (unset["shipping_options"], unset["optional_items"]) == ([], [])
    _refused(
        lambda: client.v1.payment_links.update(
            link.id, params={"optional_items": [{"price": "price_missing", "quantity": 1}]}
        ),
        "optional_items[0][price]",
    )


def _shipping_rate(client: stripe.StripeClient, amount: int, currency: str = "usd") -> Any:
    return client.v1.shipping_rates.create(
        params={"display_name": "Ground", "fixed_amount": {"amount": amount, "currency": currency}}
    )


def test_shipping_rates_are_archived_never_changed_and_offered_by_matching_links(
    client: stripe.StripeClient,
) -> None:
    """Stripe's shipping rate rules, and what a link may offer."""
    _refused(
        lambda: client.v1.shipping_rates.create(params={"display_name": "Ground"}),
        "fixed_amount",
        "fixed_amount",
    )
    _refused(
        lambda: client.v1.shipping_rates.create(
            params={"fixed_amount": {"amount": 1, "currency": "usd"}}
        ),  # type: ignore[typeddict-item]
        "display_name",
        "Missing required param",
    )
    rate = _shipping_rate(client, 500)
    assert (rate.type, rate.active, rate.fixed_amount.amount) == ("fixed_amount", True, 500)  # type: ignore[union-attr]
    _refused(
        lambda: client.v1.shipping_rates.update(rate.id, params={"display_name": "x"}),  # type: ignore[typeddict-unknown-key]
        "display_name",
    )
    _refused(
        lambda: client.v1.shipping_rates.update(rate.id, params={"fixed_amount": {"amount": 1}}),  # type: ignore[typeddict-unknown-key]
        "fixed_amount[amount]",
    )
    price = _price(client)
    ships = {"shipping_address_collection": {"allowed_countries": ["US"]}}
    offer = {"shipping_options": [{"shipping_rate": rate.id}]}
    items = {"line_items": [{"price": price.id, "quantity": 1}]}
    _refused(
        lambda: client.v1.payment_links.create(params={**items, **offer}),  # type: ignore[arg-type]
        "shipping_options",
        "shipping_address_collection",
    )
    euro = _shipping_rate(client, 400, "eur")
    _refused(
        lambda: client.v1.payment_links.create(
            params={**items, **ships, "shipping_options": [{"shipping_rate": euro.id}]}  # type: ignore[arg-type]
        ),
        "shipping_options[0][shipping_rate]",
        "must match its currency",
    )
    monthly = _price(client, recurring={"interval": "month"})
    _refused(
        lambda: client.v1.payment_links.create(
            params={"line_items": [{"price": monthly.id, "quantity": 1}], **ships, **offer}  # type: ignore[arg-type]
        ),
        "shipping_options",
        "one-time payments",
    )
    link = client.v1.payment_links.create(params={**items, **ships, **offer})  # type: ignore[arg-type]
    assert link.to_dict()["shipping_options"] == [
        {"shipping_amount": 500, "shipping_rate": rate.id}
    ]
    archived = client.v1.shipping_rates.update(rate.id, params={"active": False})
    assert archived.active is False
    assert [r.id for r in client.v1.shipping_rates.list(params={"active": False}).data] == [rate.id]
    _refused(
        lambda: client.v1.payment_links.create(params={**items, **ships, **offer}),  # type: ignore[arg-type]
        "shipping_options[0][shipping_rate]",
        "not active (archived)",
    )
    assert client.v1.shipping_rates.update(rate.id, params={"active": True}).active is True
    _refused(
        lambda: client.v1.payment_links.update(link.id, params={"shipping_address_collection": ""}),
        "shipping_address_collection",
        "shipping_address_collection",
    )


def test_wrong_types_and_missing_required(client: stripe.StripeClient) -> None:
    _refused(lambda: client.v1.products.create(params={}), "name", "Missing required param")
    _refused(
        lambda: client.v1.prices.create(params={"currency": "usd", "unit_amount": "ten"}),
        "unit_amount",
        "Invalid integer",
    )
    _refused(lambda: client.v1.products.create(params={"name": "x", "active": "maybe"}), "active")
    _refused(
        lambda: client.v1.webhook_endpoints.create(
            params={"url": "https://e.com", "enabled_events": ["nope.event"]}
        ),
        "enabled_events[0]",
    )


def test_product_delete_and_default_price_rules(client: stripe.StripeClient) -> None:
    product = client.v1.products.create(
        params={"name": "Box", "default_price_data": {"currency": "usd", "unit_amount": 500}}
    )
    _refused(lambda: client.v1.products.delete(product.id), "id", "has one or more")
    _refused(
        lambda: client.v1.prices.update(product.default_price, params={"active": False}),
        "active",
        "default price",
    )
    client.v1.products.update(product.id, params={"default_price": ""})
    assert client.v1.prices.update(product.default_price, params={"active": False}).active is False
    empty = client.v1.products.create(params={"name": "Empty"})
    assert client.v1.products.delete(empty.id).deleted is True


def test_lookup_key_unique_unless_transferred(client: stripe.StripeClient) -> None:
    old = _price(client, lookup_key="pro")
    product = old.product
    _refused(lambda: _price(client, product=product, lookup_key="pro"), "lookup_key", "already")
    new = _price(client, product=product, lookup_key="pro", transfer_lookup_key=True)
    assert new.lookup_key == "pro"
    assert client.v1.prices.retrieve(old.id).lookup_key is None
    assert [p.id for p in client.v1.prices.list(params={"lookup_keys": ["pro"]}).data] == [new.id]


def test_metadata_limits(client: stripe.StripeClient) -> None:
    too_many = {f"k{i}": "v" for i in range(51)}
    _refused(
        lambda: client.v1.products.create(params={"name": "x", "metadata": too_many}), "metadata"
    )
    long_key = {"k" * 41: "v"}
    _refused(
        lambda: client.v1.products.create(params={"name": "x", "metadata": long_key}),
        f"metadata[{'k' * 41}]",
    )
    long_value = {"k": "v" * 501}
    _refused(
        lambda: client.v1.products.create(params={"name": "x", "metadata": long_value}),
        "metadata[k]",
    )


def test_payment_link_line_item_rules(client: stripe.StripeClient) -> None:
    price = _price(client)
    _refused(_link(client, *[price.id] * 21), "line_items", "between 1 and 20")
    assert _link(client, *[price.id] * 20)().active is True
    custom = _custom_price(client)
    _refused(_link(client, custom.id, price.id), "line_items[0][price]", "only line item")
    assert _link(client, custom.id)().active is True
    euro = _price(client, currency="eur")
    _refused(_link(client, price.id, euro.id), "line_items[1][price]", "one currency")
    product = client.v1.products.create(params={"name": "Tiered"}).id
    tiered = client.v1.prices.create(
        params={
            "product": product,
            "currency": "usd",
            "billing_scheme": "tiered",
            "tiers_mode": "volume",
            "tiers": [{"up_to": 10, "unit_amount": 100}, {"up_to": "inf", "unit_amount": 90}],
        }
    )
    _refused(_link(client, tiered.id), "line_items[0][price]", "tiered")
    package = _price(client, transform_quantity={"divide_by": 10, "round": "up"})
    _refused(_link(client, package.id), "line_items[0][price]", "package")
    archived = _price(client)
    client.v1.prices.update(archived.id, params={"active": False})
    _refused(_link(client, archived.id), "line_items[0][price]", "not active")
    _refused(_link(client, "price_missing"), "line_items[0][price]", "No such price")


def test_customer_chosen_price_never_recurring(client: stripe.StripeClient) -> None:
    product = client.v1.products.create(params={"name": "Donation"}).id
    _refused(
        lambda: client.v1.prices.create(
            params={
                "product": product,
                "currency": "usd",
                "custom_unit_amount": {"enabled": True},
                "recurring": {"interval": "month"},
            }
        ),
        "custom_unit_amount",
        "can't be recurring",
    )


def test_missing_objects_are_404(client: stripe.StripeClient) -> None:
    for call in (
        lambda: client.v1.products.retrieve("prod_nope"),
        lambda: client.v1.prices.retrieve("price_nope"),
        lambda: client.v1.payment_links.retrieve("plink_nope"),
        lambda: client.v1.webhook_endpoints.retrieve("we_nope"),
    ):
        with pytest.raises(stripe.InvalidRequestError) as error:
            call()
        assert (error.value.http_status, error.value.code) == (404, "resource_missing")


def test_coupons_take_one_discount_and_repeating_needs_months(
    client: stripe.StripeClient,
) -> None:
    _refused(lambda: client.v1.coupons.create(params={"duration": "once"}), "percent_off")
    _refused(
        lambda: client.v1.coupons.create(params={"percent_off": 10, "amount_off": 100}),
        "amount_off",
    )
    _refused(lambda: client.v1.coupons.create(params={"amount_off": 100}), "currency")
    _refused(
        lambda: client.v1.coupons.create(params={"percent_off": 10, "duration": "repeating"}),
        "duration_in_months",
    )
    coupon = client.v1.coupons.create(params={"percent_off": 20, "name": "Summer"})
    assert (coupon.duration, coupon.valid) == ("once", True)
    _refused(
        lambda: client.v1.coupons.update(coupon.id, params={"percent_off": 30}),  # type: ignore[typeddict-unknown-key]
        "percent_off",
    )
    assert client.v1.coupons.update(coupon.id, params={"name": "Summer sale"}).name == "Summer sale"
    assert client.v1.coupons.delete(coupon.id).deleted is True
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.coupons.retrieve(coupon.id)


def test_active_promotion_codes_are_unique_regardless_of_case(
    client: stripe.StripeClient,
) -> None:
    coupon = client.v1.coupons.create(params={"percent_off": 20})
    promotion = {"type": "coupon", "coupon": coupon.id}
    _refused(
        lambda: client.v1.promotion_codes.create(
            params={"code": "SUMMER 20", "promotion": promotion}  # type: ignore[typeddict-item]
        ),
        "code",
        "letters",
    )
    _refused(
        lambda: client.v1.promotion_codes.create(
            params={"code": "X1", "promotion": {"type": "coupon", "coupon": "missing"}}  # type: ignore[typeddict-item]
        ),
        "promotion[coupon]",
    )
    _refused(
        lambda: client.v1.promotion_codes.create(
            params={"code": "X2", "promotion": promotion, "restrictions": {"minimum_amount": 500}}  # type: ignore[typeddict-item]
        ),
        "restrictions[minimum_amount_currency]",
    )
    first = client.v1.promotion_codes.create(params={"code": "SUMMER20", "promotion": promotion})  # type: ignore[typeddict-item]
    assert (first.active, first.promotion.coupon) == (True, coupon.id)
    _refused(
        lambda: client.v1.promotion_codes.create(
            params={"code": "summer20", "promotion": promotion}
        ),  # type: ignore[typeddict-item]
        "code",
        "already exists",
    )
    client.v1.promotion_codes.update(first.id, params={"active": False})
    second = client.v1.promotion_codes.create(params={"code": "summer20", "promotion": promotion})  # type: ignore[typeddict-item]
    _refused(
        lambda: client.v1.promotion_codes.update(first.id, params={"active": True}),
        "code",
        "already exists",
    )
    client.v1.promotion_codes.update(second.id, params={"active": False})
    assert client.v1.promotion_codes.update(first.id, params={"active": True}).active is True
