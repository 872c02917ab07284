"""Bracket decoding and parameter schemas (pure logic)."""

from __future__ import annotations

import pytest

from emulator.exceptions import ParamError
from emulator.forms import decode_form, encode_form
from emulator.models import payment_link, price
from emulator.params import UNSET


def test_decode_nested_brackets_and_appends() -> None:
    pairs = [
        ("line_items[0][price]", "price_1"),
        ("line_items[0][quantity]", "2"),
        ("metadata[k]", "v"),
        ("expand[]", "a"),
        ("expand[]", "b"),
    ]
    assert decode_form(pairs) == {
        "line_items": {"0": {"price": "price_1", "quantity": "2"}},
        "metadata": {"k": "v"},
        "expand": ["a", "b"],
    }


def test_encode_round_trips_through_decode() -> None:
    params = {"line_items": [{"price": "p", "quantity": 2}], "active": True, "metadata": {"a": "b"}}
    encoded = encode_form(params)
    assert "line_items[0][price]=p" in encoded
    from urllib.parse import parse_qsl

    decoded = decode_form(parse_qsl(encoded))
    assert decoded == {
        "line_items": {"0": {"price": "p", "quantity": "2"}},
        "active": "true",
        "metadata": {"a": "b"},
    }


def test_schema_converts_types_and_lists() -> None:
    parsed = payment_link.CREATE.parse_fields(
        {"line_items": {"0": {"price": "p", "quantity": "3"}}, "allow_promotion_codes": "true"}
    )
    assert parsed == {"line_items": [{"price": "p", "quantity": 3}], "allow_promotion_codes": True}


@pytest.mark.parametrize(
    ("schema", "raw", "param"),
    [
        (price.UPDATE, {"unit_amount": "5"}, "unit_amount"),
        (price.CREATE, {"currency": "usd", "unit_amount": "x"}, "unit_amount"),
        (price.CREATE, {"unit_amount": "5"}, "currency"),
        (payment_link.UPDATE, {"line_items": {"0": {"price": "p"}}}, "line_items[0][price]"),
        (payment_link.CREATE, {"line_items": "x"}, "line_items"),
        (payment_link.UPDATE, {"after_completion": {"type": "nope"}}, "after_completion[type]"),
    ],
)
def test_schema_errors_name_the_param(schema: object, raw: dict[str, object], param: str) -> None:
    with pytest.raises(ParamError) as error:
        schema.parse_fields(raw)  # type: ignore[attr-defined]
    assert error.value.param == param


def test_empty_string_unsets_only_where_allowed() -> None:
    assert payment_link.UPDATE.parse_fields({"inactive_message": ""}) == {"inactive_message": UNSET}
    with pytest.raises(ParamError):
        payment_link.UPDATE.parse_fields({"active": ""})
