"""Every refusal has Stripe's error shape: `type`, a `code` from Stripe's list with its `doc_url`,
and the exact `param` (`metadata[k]`, `line_items[0][price]`), for schema errors and rules.

Stripe sends no code for some refusals (an enum value out of the list, a string too long, a
rule with no code of its own): those rows expect none, and then no `doc_url` either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from emulator.forms import encode_form
from tests.stripe_error_codes import doc_url, stripe_error_codes
from tests.support.emulator import EmulatorProcess


@dataclass(frozen=True)
class Row:
    """One refused request and the error Stripe answers it with."""

    name: str
    method: str
    path: str
    params: dict[str, Any]
    param: str | None
    code: str | None
    status: int = 400
    type: str = "invalid_request_error"


def _rows(w: dict[str, str]) -> list[Row]:
    link = {"line_items": [{"price": w["price"], "quantity": 1}]}
    return [
        Row(
            "unknown",
            "POST",
            "/v1/products",
            {"name": "x", "colour": "red"},
            "colour",
            "parameter_unknown",
        ),
        Row(
            "nested unknown",
            "POST",
            "/v1/payment_links",
            {"line_items": [{"price": w["price"], "quantity": 1, "colour": "red"}]},
            "line_items[0][colour]",
            "parameter_unknown",
        ),
        Row("missing", "POST", "/v1/products", {}, "name", "parameter_missing"),
        Row(
            "nested missing",
            "POST",
            "/v1/prices",
            {
                "currency": "usd",
                "product": w["product"],
                "unit_amount": 1,
                "recurring": {"interval_count": 1},
            },
            "recurring[interval]",
            "parameter_missing",
        ),
        Row(
            "not an integer",
            "POST",
            "/v1/prices",
            {"currency": "usd", "product": w["product"], "unit_amount": "ten"},
            "unit_amount",
            "parameter_invalid_integer",
        ),
        Row(
            "'' where it can't unset",
            "POST",
            f"/v1/products/{w['product']}",
            {"active": ""},
            "active",
            "parameter_invalid_empty",
        ),
        Row(
            "hash inside metadata",
            "POST",
            "/v1/products",
            {"name": "x", "metadata": {"k": {"x": "y"}}},
            "metadata[k]",
            None,
        ),
        Row(
            "enum",
            "POST",
            "/v1/payment_links",
            {**link, "billing_address_collection": "often"},
            "billing_address_collection",
            None,
        ),
        Row(
            "too long",
            "POST",
            "/v1/products",
            {"name": "x", "statement_descriptor": "x" * 23},
            "statement_descriptor",
            None,
        ),
        Row(
            "no such object in the path",
            "GET",
            "/v1/products/prod_nope",
            {},
            "id",
            "resource_missing",
            status=404,
        ),
        Row(
            "no such price",
            "POST",
            "/v1/payment_links",
            {"line_items": [{"price": "price_nope", "quantity": 1}]},
            "line_items[0][price]",
            "resource_missing",
        ),
        Row(
            "product and product_data",
            "POST",
            "/v1/prices",
            {
                "currency": "usd",
                "unit_amount": 1,
                "product": w["product"],
                "product_data": {"name": "x"},
            },
            "product",
            "parameters_exclusive",
        ),
        Row(
            "price and price_data",
            "POST",
            "/v1/payment_links",
            {
                "line_items": [
                    {
                        "price": w["price"],
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "product": w["product"],
                            "unit_amount": 1,
                        },
                    }
                ]
            },
            "line_items[0][price]",
            "parameters_exclusive",
        ),
        Row(
            "neither product nor product_data",
            "POST",
            "/v1/prices",
            {"currency": "usd", "unit_amount": 1},
            "product",
            "parameter_missing",
        ),
        Row(
            "archived product",
            "POST",
            "/v1/payment_links",
            {"line_items": [{"price": w["archived_price"], "quantity": 1}]},
            "line_items[0][price]",
            "product_inactive",
        ),
        Row(
            "product id taken",
            "POST",
            "/v1/products",
            {"name": "x", "id": w["product"]},
            "id",
            "resource_already_exists",
        ),
        Row(
            "empty name",
            "POST",
            f"/v1/products/{w['product']}",
            {"name": ""},
            "name",
            "parameter_invalid_string_empty",
        ),
        Row(
            "blank name",
            "POST",
            "/v1/products",
            {"name": "   "},
            "name",
            "parameter_invalid_string_blank",
        ),
        Row(
            "webhook url",
            "POST",
            "/v1/webhook_endpoints",
            {"url": "not a url", "enabled_events": ["*"]},
            "url",
            "url_invalid",
        ),
        Row(
            "tax code",
            "POST",
            "/v1/products",
            {"name": "x", "tax_code": "general"},
            "tax_code",
            "resource_missing",
        ),
        Row(
            "shipping rate",
            "POST",
            "/v1/payment_links",
            {**link, "shipping_options": [{"shipping_rate": "shr_nope"}]},
            "shipping_options[0][shipping_rate]",
            "resource_missing",
        ),
        Row(
            "connected account",
            "POST",
            "/v1/payment_links",
            {**link, "on_behalf_of": "acct_x"},
            "on_behalf_of",
            "resource_missing",
        ),
        Row(
            "subscription_data without a recurring price",
            "POST",
            "/v1/payment_links",
            {**link, "subscription_data": {"description": "x"}},
            "subscription_data",
            None,
        ),
        Row(
            "metered price without a meter",
            "POST",
            "/v1/prices",
            {
                "currency": "usd",
                "product": w["product"],
                "unit_amount": 1,
                "recurring": {"interval": "month", "usage_type": "metered"},
            },
            "recurring[meter]",
            "parameter_missing",
        ),
        Row(
            "expansion the spec doesn't list",
            "GET",
            f"/v1/prices/{w['price']}",
            {"expand": ["nickname"]},
            "expand",
            None,
        ),
        Row("list limit", "GET", "/v1/products", {"limit": 0}, "limit", None),
        Row(
            "unknown cursor",
            "GET",
            "/v1/products",
            {"starting_after": "prod_nope"},
            "starting_after",
            "resource_missing",
        ),
    ]


@pytest.fixture
def world(emulator: EmulatorProcess) -> dict[str, str]:
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Sold"})
    price = client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 100}
    )
    archived = client.v1.products.create(params={"name": "Old"})
    archived_price = client.v1.prices.create(
        params={"product": archived.id, "currency": "usd", "unit_amount": 100}
    )
    client.v1.products.update(archived.id, params={"active": False})
    return {"product": product.id, "price": price.id, "archived_price": archived_price.id}


def test_every_refusal_has_stripes_error_shape(
    emulator: EmulatorProcess, world: dict[str, str]
) -> None:
    codes = stripe_error_codes()
    wrong = []
    rows = _rows(world)
    with httpx.Client(headers={"Authorization": f"Bearer {emulator.api_key}"}) as http:
        for row in rows:
            encoded = encode_form(row.params)
            url = f"{emulator.base_url}{row.path}"
            if row.method == "GET":
                response = http.get(f"{url}?{encoded}")
            else:
                response = http.post(
                    url,
                    content=encoded,
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
            error = response.json().get("error", {})
            expected = {
                "status": row.status,
                "type": row.type,
                "code": row.code,
                "doc_url": doc_url(row.code) if row.code else None,
                "param": row.param,
            }
            got = {
                "status": response.status_code,
                "type": error.get("type"),
                "code": error.get("code"),
                "doc_url": error.get("doc_url"),
                "param": error.get("param"),
            }
            if got != expected or not error.get("message"):
                wrong.append(f"{row.name}: expected {expected}, got {got} ({error.get('message')})")
            assert row.code is None or row.code in codes, f"{row.code} is not a Stripe error code"
    print(f"\nerror shape: {len(rows) - len(wrong)}/{len(rows)} refusals as Stripe shapes them")
    assert wrong == [], "\n".join(wrong)
