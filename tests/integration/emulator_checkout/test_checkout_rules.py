"""What the server refuses on submit, whatever the browser allowed: quantities outside the
link's bounds, customer-chosen amounts outside the price's, missing fields. A refused order
shows the page again (400) with the customer's values and a message by each field."""

from __future__ import annotations

import pytest

from tests.support.checkout import Shop


def _no_sessions(shop: Shop) -> None:
    assert shop.client.v1.checkout.sessions.list().data == [], "a refused order made a session"


@pytest.mark.parametrize(("quantity", "accepted"), [("0", False), ("1", True), ("10", True),
                                                    ("11", False), ("-3", False)])
def test_adjustable_quantity_is_bounded(shop: Shop, quantity: str, accepted: bool) -> None:
    price = shop.price()
    link = shop.link(line_items=[{
        "price": price.id, "quantity": 2,
        "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 10},
    }])
    item = shop.item_ids(link)[0]
    response = shop.pay(link, **{f"quantity-{item}": quantity})
    if accepted:
        session = shop.session_of(response)
        assert session.amount_total == 1400 * int(quantity)
    else:
        assert response.status_code == 400
        assert "Choose a quantity of House Blend, 250 g from 1 to 10." in response.text
        assert f'value="{quantity}"' in response.text, "the customer's entry was not kept"
        _no_sessions(shop)


def test_fixed_quantity_cannot_be_changed(shop: Shop) -> None:
    link = shop.link(line_items=[{"price": shop.price().id, "quantity": 2}])
    item = shop.item_ids(link)[0]
    response = shop.pay(link, **{f"quantity-{item}": "5"})
    assert response.status_code == 400 and "is fixed at 2." in response.text
    _no_sessions(shop)


def test_adjustable_item_may_drop_to_zero_when_others_remain(shop: Shop) -> None:
    beans, kit = shop.price(unit_amount=1400), shop.price("Kit", unit_amount=3900)
    link = shop.link(line_items=[
        {"price": beans.id, "quantity": 1},
        {"price": kit.id, "quantity": 1,
         "adjustable_quantity": {"enabled": True, "minimum": 0, "maximum": 2}},
    ])
    kit_item = shop.item_ids(link)[1]
    session = shop.session_of(shop.pay(link, **{f"quantity-{kit_item}": "0"}))
    assert session.amount_total == 1400
    items = shop.client.v1.checkout.sessions.line_items.list(session.id).data
    assert [(i.description, i.quantity) for i in items] == [("House Blend, 250 g", 1)]


@pytest.fixture
def tip_link(shop: Shop) -> object:
    tip = shop.price(
        "Tip", custom_unit_amount={"enabled": True, "minimum": 200, "maximum": 5000, "preset": 500}
    )
    return shop.link(tip)


@pytest.mark.parametrize(
    ("amount", "expected_total", "message"),
    [
        ("1.99", None, "Enter at least €2.00."),
        ("2", 200, None),
        ("12.50", 1250, None),
        ("50.00", 5000, None),
        ("50.01", None, "Enter at most €50.00."),
        ("12.345", None, "Enter the amount in at most 2 decimals."),
        ("lots", None, "Enter an amount, such as 12.50."),
        ("", 500, None),  # empty: the preset
    ],
)
def test_customer_chosen_amount_is_bounded(
    shop: Shop, tip_link: object, amount: str, expected_total: int | None, message: str | None
) -> None:
    response = shop.pay(tip_link, amount=amount)
    if expected_total is not None:
        session = shop.session_of(response)
        assert (session.amount_total, session.amount_subtotal) == (expected_total, expected_total)
    else:
        assert response.status_code == 400
        assert message is not None and message in response.text
        _no_sessions(shop)


def test_amount_without_preset_is_required(shop: Shop) -> None:
    tip = shop.price("Tip", custom_unit_amount={"enabled": True, "minimum": 100})
    response = shop.pay(shop.link(tip))
    assert response.status_code == 400 and "Enter an amount." in response.text


def test_email_and_payment_method_are_checked(shop: Shop) -> None:
    link = shop.link(shop.price(), payment_method_types=["card"])
    response = shop.pay(link, email="not-an-email", payment_method="sepa_debit")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert "Choose one of the payment methods offered." in response.text
    _no_sessions(shop)


def test_custom_fields_are_required_and_checked(shop: Shop) -> None:
    link = shop.link(
        shop.price(),
        custom_fields=[
            {"key": "grind", "label": {"type": "custom", "custom": "Grind"}, "type": "dropdown",
             "dropdown": {"options": [{"label": "Whole bean", "value": "whole"}]}},
            {"key": "zip", "label": {"type": "custom", "custom": "Postcode"}, "type": "numeric",
             "numeric": {"minimum_length": 4, "maximum_length": 5}},
            {"key": "note", "label": {"type": "custom", "custom": "Note"}, "type": "text",
             "optional": True},
        ],
    )
    refused = shop.pay(link, **{"custom_field-grind": "ground", "custom_field-zip": "12a"})
    assert refused.status_code == 400
    assert "Choose one of the options for Grind." in refused.text
    assert "Postcode can only contain digits." in refused.text
    missing = shop.pay(link)
    assert "Grind is required." in missing.text and "Postcode is required." in missing.text
    session = shop.session_of(
        shop.pay(link, **{"custom_field-grind": "whole", "custom_field-zip": "10115"})
    )
    values = {f.key: (f[f.type].value if f[f.type] else None) for f in session.custom_fields}
    assert values == {"grind": "whole", "zip": "10115", "note": None}


def test_phone_is_required_when_the_link_collects_it(shop: Shop) -> None:
    link = shop.link(shop.price(), phone_number_collection={"enabled": True})
    assert "Enter your phone number." in shop.pay(link).text
    session = shop.session_of(shop.pay(link, phone="+49 30 1234567"))
    assert session.customer_details.phone == "+49 30 1234567"
