"""Each lifecycle point of the four providers, end to end over HTTP against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from providers import (
    PaymentLinkProvider,
    PriceProvider,
    ProductProvider,
    WebhookEndpointProvider,
)
from providers.adoption import forget_all_indexes
from providers.errors import StripeCallError
from tests.support.emulator import EmulatorProcess
from tests.support.providers import with_provider

pytestmark = pytest.mark.usefixtures("stripe_env")

SCOPE = "itest"


def product_inputs(key: str = "pro", scope: str = SCOPE, **extra: Any) -> dict[str, Any]:
    return {"key": key, "scope": scope, "name": f"Product {key}", **extra}


def price_inputs(product_id: str, key: str = "pro-once", scope: str = SCOPE, **extra: Any):
    return {
        "key": key,
        "scope": scope,
        "product": product_id,
        "currency": "usd",
        "unit_amount": 1500.0,
        **extra,
    }


def link_inputs(price_ids: list[str], key: str = "sale", scope: str = SCOPE, **extra: Any):
    return {
        "key": key,
        "scope": scope,
        "line_items": [{"price": p, "quantity": 1.0} for p in price_ids],
        "line_item_prices": [
            {
                "currency": "usd",
                "type": "one_time",
                "custom_unit_amount": False,
                "billing_scheme": "per_unit",
            }
            for _ in price_ids
        ],
        **extra,
    }


def create(provider: Any, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    result = provider.create(with_provider(inputs))
    assert result.outs is not None
    return result.id, result.outs


def make_catalog(product_key: str = "pro", scope: str = SCOPE) -> tuple[str, str]:
    product_id, _ = create(ProductProvider(), product_inputs(product_key, scope))
    price_id, _ = create(PriceProvider(), price_inputs(product_id, scope=scope))
    return product_id, price_id


def test_create_all_four(stripe_env: EmulatorProcess) -> None:
    product_id, product = create(ProductProvider(), product_inputs())
    assert product_id == "prod_pl_itest_pro"
    assert product["stripe_id"] == product_id and product["active"] is True

    price_id, price = create(PriceProvider(), price_inputs(product_id, lookup_key="pro"))
    assert price_id.startswith("price_")
    assert price["lookup_key"] == "pro" and price["type"] == "one_time"

    link_id, link = create(PaymentLinkProvider(), link_inputs([price_id]))
    assert link_id.startswith("plink_") and link["url"] and link["active"] is True

    hook_id, hook = create(
        WebhookEndpointProvider(),
        {
            "key": "hooks",
            "scope": SCOPE,
            "url": "https://example.com/hook",
            "enabled_events": ["checkout.session.completed"],
        },
    )
    assert hook["secret"].startswith("whsec_") and hook["status"] == "enabled"

    stripe = stripe_env.client()
    stored = stripe.v1.payment_links.retrieve(link_id)
    assert stored.metadata["paylinks_scope"] == SCOPE and stored.metadata["paylinks_key"] == "sale"
    assert stripe.v1.webhook_endpoints.retrieve(hook_id).url == "https://example.com/hook"
    posts = [r for r in stripe_env.requests() if r["method"] == "POST"]
    creates = [r for r in posts if r["path"].count("/") == 2]
    assert len(creates) == 4
    assert all(r["idempotency_key"].startswith("paylinks-create-") for r in creates)
    assert all(r["idempotency_key"] for r in posts), "every write is safe to retry"


def test_update_in_place_sends_only_updatable_fields(stripe_env: EmulatorProcess) -> None:
    _, price_id = make_catalog()
    provider = PaymentLinkProvider()
    old_inputs = link_inputs([price_id])
    link_id, olds = create(provider, old_inputs)
    new_inputs = {
        **old_inputs,
        "allow_promotion_codes": True,
        "line_items": [{"price": price_id, "quantity": 3.0}],
    }
    plan = provider.diff(link_id, olds, with_provider(new_inputs))
    assert (plan.changes, plan.replaces) == (True, [])

    stripe_env.clear_requests()
    outs = provider.update(link_id, olds, with_provider(new_inputs)).outs
    assert outs is not None and outs["url"] == olds["url"] and outs["stripe_id"] == link_id
    posts = [r for r in stripe_env.requests() if r["method"] == "POST"]
    assert len(posts) == 1
    assert set(posts[0]["params"]) == {"allow_promotion_codes", "line_items"}
    items = stripe_env.client().v1.payment_links.line_items.list(link_id).data
    assert [i.quantity for i in items] == [3]


def test_removed_link_is_deactivated_and_readding_reactivates_the_same_url(
    stripe_env: EmulatorProcess,
) -> None:
    _, price_id = make_catalog()
    provider = PaymentLinkProvider()
    link_id, outs = create(provider, link_inputs([price_id]))
    provider.delete(link_id, outs)
    assert stripe_env.client().v1.payment_links.retrieve(link_id).active is False
    provider.delete(link_id, outs)  # already inactive: no-op

    forget_all_indexes()  # a later `pulumi up` is a new provider process
    again_id, again = create(provider, link_inputs([price_id]))
    assert (again_id, again["url"], again["active"]) == (link_id, outs["url"], True)
    assert stripe_env.client().v1.payment_links.retrieve(link_id).active is True
    assert len(stripe_env.client().v1.payment_links.list().data) == 1


def test_price_replacement_moves_the_lookup_key_and_archives_the_old_price(
    stripe_env: EmulatorProcess,
) -> None:
    product_id, _ = create(ProductProvider(), product_inputs())
    provider = PriceProvider()
    old_inputs = price_inputs(product_id, lookup_key="pro")
    old_id, olds = create(provider, old_inputs)
    new_inputs = {**old_inputs, "unit_amount": 2000.0}
    assert provider.diff(old_id, olds, with_provider(new_inputs)).replaces == ["unit_amount"]

    new_id, news = create(provider, new_inputs)  # create-before-delete
    assert new_id != old_id and news["lookup_key"] == "pro"
    provider.delete(old_id, olds)
    stripe = stripe_env.client()
    assert stripe.v1.prices.retrieve(old_id).active is False
    assert stripe.v1.prices.retrieve(new_id).lookup_key == "pro"
    found = stripe.v1.prices.list(params={"lookup_keys": ["pro"]}).data
    assert [p.id for p in found] == [new_id]
    posts = [
        r for r in stripe_env.requests() if r["method"] == "POST" and r["path"] == "/v1/prices"
    ]
    assert posts[-1]["params"]["transfer_lookup_key"] in (True, "true")


def test_link_whose_price_was_replaced_is_replaced_with_a_new_url(
    stripe_env: EmulatorProcess,
) -> None:
    product_id, old_price = make_catalog()
    new_price, _ = create(PriceProvider(), price_inputs(product_id, unit_amount=900.0))
    provider = PaymentLinkProvider()
    link_id, olds = create(provider, link_inputs([old_price]))
    new_inputs = link_inputs([new_price])
    assert provider.diff(link_id, olds, with_provider(new_inputs)).replaces == ["line_items"]
    new_id, news = create(provider, new_inputs)
    provider.delete(link_id, olds)
    assert new_id != link_id and news["url"] != olds["url"]
    stripe = stripe_env.client()
    assert stripe.v1.payment_links.retrieve(link_id).active is False
    assert stripe.v1.payment_links.retrieve(new_id).active is True


def test_default_price_is_unset_before_archiving(stripe_env: EmulatorProcess) -> None:
    product_id, price_id = make_catalog()
    stripe = stripe_env.client()
    stripe.v1.products.update(product_id, params={"default_price": price_id})
    PriceProvider().delete(price_id, price_inputs(product_id))
    assert stripe.v1.prices.retrieve(price_id).active is False
    assert stripe.v1.products.retrieve(product_id).default_price is None


def test_product_is_deleted_without_prices_and_archived_with_them(
    stripe_env: EmulatorProcess,
) -> None:
    provider = ProductProvider()
    lonely_id, lonely = create(provider, product_inputs("lonely"))
    provider.delete(lonely_id, lonely)
    assert provider.fetch(lonely_id) is None
    forget_all_indexes()
    again_id, again = create(provider, product_inputs("lonely"))  # re-added after deletion
    assert again_id == lonely_id and again["active"] is True
    assert provider.fetch(lonely_id) is not None

    product_id, price_id = make_catalog()
    PriceProvider().delete(price_id, price_inputs(product_id))
    provider.delete(product_id, product_inputs())
    assert stripe_env.client().v1.products.retrieve(product_id).active is False


def test_webhook_endpoint_is_deleted_and_gone_is_fine(stripe_env: EmulatorProcess) -> None:
    provider = WebhookEndpointProvider()
    inputs = {
        "key": "hooks",
        "scope": SCOPE,
        "url": "https://example.com/h",
        "enabled_events": ["checkout.session.completed"],
    }
    hook_id, outs = create(provider, inputs)
    provider.delete(hook_id, outs)
    provider.delete(hook_id, outs)
    assert provider.read(hook_id, outs).id == ""

    forget_all_indexes()
    again_id, again = create(provider, inputs)  # re-added within 24 h: no replay of the dead one
    assert again_id != hook_id and again["secret"].startswith("whsec_")
    assert provider.fetch(again_id) is not None


def test_adoption_after_a_crash_makes_no_duplicate(stripe_env: EmulatorProcess) -> None:
    product_id, price_id = make_catalog()
    stripe = stripe_env.client()
    ours = {"paylinks_scope": SCOPE, "paylinks_key": "sale"}
    orphan = stripe.v1.payment_links.create(
        params={
            "line_items": [{"price": price_id, "quantity": 2}],
            "metadata": ours,
        }
    )
    stripe.v1.payment_links.update(orphan.id, params={"active": False})
    orphan_price = stripe.v1.prices.create(
        params={
            "product": product_id,
            "currency": "usd",
            "unit_amount": 700,
            "metadata": {"paylinks_scope": SCOPE, "paylinks_key": "cheap"},
        }
    )
    forget_all_indexes()

    link_id, link = create(PaymentLinkProvider(), link_inputs([price_id]))
    assert (link_id, link["url"], link["active"]) == (orphan.id, orphan.url, True)
    assert stripe.v1.payment_links.line_items.list(link_id).data[0].quantity == 1
    adopted_price, _ = create(PriceProvider(), price_inputs(product_id, "cheap", unit_amount=700.0))
    assert adopted_price == orphan_price.id
    different, _ = create(PriceProvider(), price_inputs(product_id, "cheap", unit_amount=800.0))
    assert different != orphan_price.id

    assert len(stripe.v1.payment_links.list().data) == 1
    again_product, _ = create(ProductProvider(), product_inputs())
    assert again_product == product_id

    hook_inputs = {
        "key": "hooks",
        "scope": SCOPE,
        "url": "https://example.com/h",
        "enabled_events": ["*"],
    }
    stripe.v1.webhook_endpoints.create(
        params={
            "url": "https://example.com/h",
            "enabled_events": ["*"],
            "metadata": {"paylinks_scope": SCOPE, "paylinks_key": "hooks"},
        }
    )
    forget_all_indexes()
    hook_id, hook = create(WebhookEndpointProvider(), hook_inputs)
    assert hook["secret"].startswith("whsec_")
    assert [h.id for h in stripe.v1.webhook_endpoints.list().data] == [hook_id]


def test_adoption_lists_each_kind_once_per_process(stripe_env: EmulatorProcess) -> None:
    _product_id, price_id = make_catalog()
    stripe_env.clear_requests()
    for n in range(3):
        create(PaymentLinkProvider(), link_inputs([price_id], key=f"link-{n}"))
    listings = [
        r
        for r in stripe_env.requests()
        if r["method"] == "GET" and r["path"] == "/v1/payment_links"
    ]
    assert len(listings) == 1


def test_two_scopes_with_the_same_key_never_share_objects(stripe_env: EmulatorProcess) -> None:
    product_a, price_a = make_catalog(scope="stack-a")
    product_b, price_b = make_catalog(scope="stack-b")
    assert product_a != product_b and price_a != price_b
    link_a, _ = create(PaymentLinkProvider(), link_inputs([price_a], scope="stack-a"))
    PaymentLinkProvider().delete(link_a, link_inputs([price_a], scope="stack-a"))
    link_b, _ = create(PaymentLinkProvider(), link_inputs([price_a], scope="stack-b"))
    assert link_b != link_a
    assert stripe_env.client().v1.payment_links.retrieve(link_a).active is False


def test_refresh_reports_out_of_band_changes(stripe_env: EmulatorProcess) -> None:
    product_id, price_id = make_catalog()
    stripe = stripe_env.client()
    links = PaymentLinkProvider()
    link_id, link = create(links, link_inputs([price_id]))
    items = stripe.v1.payment_links.line_items.list(link_id).data
    stripe.v1.payment_links.update(
        link_id,
        params={
            "active": False,
            "line_items": [{"id": items[0].id, "quantity": 4}],
        },
    )
    read = links.read(link_id, with_provider(link))
    assert read.id == link_id and read.outs is not None and read.inputs is not None
    assert read.outs["active"] is False and read.inputs["active"] is False
    assert read.outs["line_items"] == [{"price": price_id, "quantity": 4}]

    # the next `up` repairs the drift with an in-place update
    plan = links.diff(link_id, read.outs, with_provider(link_inputs([price_id])))
    assert (plan.changes, plan.replaces) == (True, [])
    repaired = links.update(link_id, read.outs, with_provider(link_inputs([price_id]))).outs
    assert repaired is not None and repaired["active"] is True
    assert stripe.v1.payment_links.retrieve(link_id).active is True
    assert stripe.v1.payment_links.line_items.list(link_id).data[0].quantity == 1

    prices = PriceProvider()
    stripe.v1.prices.update(price_id, params={"active": False})
    price_read = prices.read(
        price_id, with_provider({**prices.declare(price_inputs(product_id)), "stripe_id": price_id})
    )
    assert price_read.outs is not None and price_read.outs["active"] is False

    hooks = WebhookEndpointProvider()
    hook_id, hook = create(
        hooks, {"key": "h", "scope": SCOPE, "url": "https://example.com/h", "enabled_events": ["*"]}
    )
    stripe.v1.webhook_endpoints.delete(hook_id)
    assert hooks.read(hook_id, with_provider(hook)).id == ""


def test_refresh_without_drift_changes_nothing(stripe_env: EmulatorProcess) -> None:
    product_id, price_id = make_catalog()
    cases: list[tuple[Any, dict[str, Any]]] = [
        (ProductProvider(), product_inputs(description="A product", metadata={"a": "b"})),
        (
            PriceProvider(),
            price_inputs(
                product_id,
                "monthly",
                recurring={"interval": "month"},
                lookup_key="m",
                nickname="Monthly",
            ),
        ),
        (
            PaymentLinkProvider(),
            link_inputs(
                [price_id],
                after_completion={
                    "type": "redirect",
                    "redirect": {"url": "https://example.com/thanks"},
                },
                allow_promotion_codes=True,
                line_items=[
                    {
                        "price": price_id,
                        "quantity": 1.0,
                        "adjustable_quantity": {"enabled": True, "maximum": 5.0},
                    }
                ],
            ),
        ),
        (
            WebhookEndpointProvider(),
            {
                "key": "h",
                "scope": SCOPE,
                "url": "https://example.com/h",
                "enabled_events": ["checkout.session.completed"],
                "description": "orders",
            },
        ),
    ]
    for provider, inputs in cases:
        object_id, outs = create(provider, inputs)
        read = provider.read(object_id, with_provider(outs))
        assert read.outs is not None
        plan = provider.diff(object_id, read.outs, with_provider(inputs))
        assert plan.changes is False, (provider.kind, read.outs, outs)


def test_rule_violations_fail_check_naming_the_field_with_no_stripe_call(
    stripe_env: EmulatorProcess,
) -> None:
    stripe_env.clear_requests()
    too_many = link_inputs([f"price_{n}" for n in range(21)])
    failures = PaymentLinkProvider().check({}, with_provider(too_many)).failures
    assert any(f.property.startswith("line_items") for f in failures)

    redirect = link_inputs(["price_1"], after_completion={"type": "redirect"})
    failures = PaymentLinkProvider().check({}, with_provider(redirect)).failures
    assert any("after_completion" in f.property for f in failures)

    unknown_field = {**product_inputs(), "colour": "red"}
    failures = ProductProvider().check({}, with_provider(unknown_field)).failures
    assert [f.property for f in failures] == ["colour"]

    ok = PriceProvider().check(
        {}, with_provider(price_inputs("04da6b54-80e4-46f7-96ec-b56ff0331ba9"))
    )
    assert ok.failures == []
    assert stripe_env.requests() == []


def test_rate_limited_requests_are_retried(stripe_env: EmulatorProcess) -> None:
    stripe_env.set_faults(rate=0.5, kinds=["429"], seed=7, latency_ms=0)
    _product_id, price_id = make_catalog()
    create(PaymentLinkProvider(), link_inputs([price_id]))
    stripe_env.clear_faults()
    statuses = [r["status"] for r in stripe_env.requests()]
    assert 429 in statuses
    assert len(stripe_env.client().v1.payment_links.list().data) == 1
    assert len(stripe_env.client().v1.prices.list().data) == 1


def test_four_engine_threads_share_one_listing_under_a_rate_limit(
    stripe_env: EmulatorProcess,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _product_id, price_id = make_catalog()
    stripe_env.clear_requests()
    stripe_env.set_rate_limit(8)
    with ThreadPoolExecutor(max_workers=4) as pool:
        created = list(
            pool.map(
                lambda n: create(PaymentLinkProvider(), link_inputs([price_id], key=f"l-{n}"))[0],
                range(8),
            )
        )
    stripe_env.set_rate_limit(None)
    assert len(set(created)) == 8
    log = stripe_env.requests()
    assert len([r for r in log if r["method"] == "GET" and r["path"] == "/v1/payment_links"]) == 1
    assert len(stripe_env.client().v1.payment_links.list().data) == 8


def test_replacing_a_link_never_adopts_the_link_being_replaced(
    stripe_env: EmulatorProcess,
) -> None:
    _product_id, price_id = make_catalog()
    provider = PaymentLinkProvider()
    old_inputs = link_inputs([price_id], managed_payments={"enabled": True})
    old_id, olds = create(provider, old_inputs)
    new_inputs = link_inputs([price_id])  # create-only field removed: Stripe can't, a new link
    assert provider.diff(old_id, olds, with_provider(new_inputs)).replaces == ["managed_payments"]
    new_id, _ = create(provider, new_inputs)
    assert new_id != old_id


def test_a_lookup_key_another_stack_holds_is_never_taken(stripe_env: EmulatorProcess) -> None:
    """Keys are sent as declared: two stacks on one account declaring the same key must not take
    it from each other; the error says to set a per-stack prefix."""
    staging_product, _ = create(ProductProvider(), product_inputs(scope="staging"))
    held_id, _ = create(PriceProvider(), price_inputs(staging_product, scope="staging",
                                                      lookup_key="shared"))
    forget_all_indexes()
    dev_product, _ = create(ProductProvider(), product_inputs(scope="dev"))
    with pytest.raises(StripeCallError, match="paylinks:lookupKeyPrefix") as raised:
        create(PriceProvider(), price_inputs(dev_product, scope="dev", lookup_key="shared"))
    assert "scope 'staging'" in str(raised.value)
    client = stripe_env.client()
    assert [p.id for p in client.v1.prices.list(params={"lookup_keys": ["shared"]}).data] == [
        held_id
    ]
    prefixed_id, _ = create(PriceProvider(), price_inputs(dev_product, scope="dev",
                                                          lookup_key="dev:shared"))
    assert client.v1.prices.retrieve(prefixed_id).lookup_key == "dev:shared"
