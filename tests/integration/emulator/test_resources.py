"""Products, prices, payment links and webhook endpoints through unmodified stripe-python."""

from __future__ import annotations

import httpx
import pytest
import stripe

from tests.support.emulator import EmulatorProcess


@pytest.fixture
def client(emulator: EmulatorProcess) -> stripe.StripeClient:
    return emulator.client()


def _price(client: stripe.StripeClient, **extra: object) -> stripe.Price:
    product = client.v1.products.create(params={"name": "T-shirt"})
    return client.v1.prices.create(
        params={"product": product.id, "currency": "usd", "unit_amount": 1500, **extra}
    )


def test_product_lifecycle_with_custom_id(client: stripe.StripeClient) -> None:
    product = client.v1.products.create(
        params={"id": "prod_pl_test_tshirt", "name": "T-shirt", "metadata": {"k": "v"}}
    )
    assert (product.id, product.object, product.livemode) == (
        "prod_pl_test_tshirt",
        "product",
        False,
    )
    assert product.metadata.to_dict() == {"k": "v"}
    updated = client.v1.products.update(
        product.id, params={"description": "Soft", "metadata": {"k": "", "n": "1"}}
    )
    assert updated.description == "Soft"
    assert updated.metadata.to_dict() == {"n": "1"}
    assert client.v1.products.retrieve(product.id).description == "Soft"
    deleted = client.v1.products.delete(product.id)
    assert deleted.deleted is True
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.products.retrieve(product.id)
    assert missing.value.http_status == 404
    assert missing.value.code == "resource_missing"


def test_duplicate_custom_product_id_is_refused(client: stripe.StripeClient) -> None:
    client.v1.products.create(params={"id": "prod_same", "name": "A"})
    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.products.create(params={"id": "prod_same", "name": "B"})
    assert error.value.param == "id"
    assert error.value.code == "resource_already_exists"


def test_price_prefix_fields_and_filters(client: stripe.StripeClient) -> None:
    price = _price(client, lookup_key="pro", recurring={"interval": "month"})
    assert price.id.startswith("price_")
    assert (price.type, price.recurring.interval, str(price.unit_amount_decimal)) == (
        "recurring",
        "month",
        "1500",
    )
    _price(client)
    by_key = client.v1.prices.list(params={"lookup_keys": ["pro"]})
    assert [p.id for p in by_key.data] == [price.id]
    by_type = client.v1.prices.list(params={"type": "recurring"})
    assert [p.id for p in by_type.data] == [price.id]
    by_product = client.v1.prices.list(params={"product": price.product})
    assert [p.id for p in by_product.data] == [price.id]
    expanded = client.v1.prices.retrieve(price.id, params={"expand": ["product"]})
    assert expanded.product.name == "T-shirt"


def test_payment_link_echoes_params_and_serves_its_url(
    client: stripe.StripeClient, emulator: EmulatorProcess
) -> None:
    price = _price(client)
    link = client.v1.payment_links.create(
        params={
            "line_items": [
                {
                    "price": price.id,
                    "quantity": 2,
                    "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 10},
                }
            ],
            "after_completion": {
                "type": "redirect",
                "redirect": {"url": "https://example.com/thanks?s={CHECKOUT_SESSION_ID}"},
            },
            "allow_promotion_codes": True,
            "billing_address_collection": "required",
            "payment_method_types": ["card"],
            "restrictions": {"completed_sessions": {"limit": 5}},
            "submit_type": "book",
            "metadata": {"paylinks_key": "spring"},
        }
    )
    assert link.id.startswith("plink_")
    assert link.url.startswith(f"{emulator.base_url}/c/pay/")
    assert (link.active, link.currency, link.submit_type) == (True, "usd", "book")
    assert link.after_completion.redirect.url.endswith("{CHECKOUT_SESSION_ID}")
    assert link.restrictions.completed_sessions.limit == 5
    items = client.v1.payment_links.line_items.list(link.id)
    assert items.object == "list"
    [item] = items.data
    assert (item.object, item.quantity, item.price.id) == ("item", 2, price.id)
    assert item.adjustable_quantity.maximum == 10
    assert httpx.get(link.url).status_code == 200
    client.v1.payment_links.update(link.id, params={"active": False, "inactive_message": "Gone"})
    page = httpx.get(link.url)
    assert page.status_code == 410
    assert "Gone" in page.text
    inactive = client.v1.payment_links.list(params={"active": False})
    assert [found.id for found in inactive.data] == [link.id]


def test_payment_link_update_changes_quantity_of_existing_item(
    client: stripe.StripeClient,
) -> None:
    price = _price(client)
    link = client.v1.payment_links.create(
        params={"line_items": [{"price": price.id, "quantity": 1}]}
    )
    [item] = client.v1.payment_links.line_items.list(link.id).data
    client.v1.payment_links.update(link.id, params={"line_items": [{"id": item.id, "quantity": 3}]})
    assert client.v1.payment_links.line_items.list(link.id).data[0].quantity == 3


def test_webhook_endpoint_secret_only_on_create(client: stripe.StripeClient) -> None:
    endpoint = client.v1.webhook_endpoints.create(
        params={"url": "https://example.com/hook", "enabled_events": ["checkout.session.completed"]}
    )
    assert endpoint.id.startswith("we_")
    assert endpoint.secret.startswith("whsec_")
    fetched = client.v1.webhook_endpoints.retrieve(endpoint.id)
    assert "secret" not in fetched
    updated = client.v1.webhook_endpoints.update(
        endpoint.id, params={"disabled": True, "enabled_events": ["*"]}
    )
    assert (updated.status, updated.enabled_events) == ("disabled", ["*"])
    assert [e.id for e in client.v1.webhook_endpoints.list().data] == [endpoint.id]
    assert client.v1.webhook_endpoints.delete(endpoint.id).deleted is True
    assert client.v1.webhook_endpoints.list().data == []
