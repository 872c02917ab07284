"""The mission, end to end: the real CLI applies a catalog to the emulator, safely.

Every test runs the repository's own program (`__main__.py`) with the real `pulumi` CLI on a
catalog of its own, and checks the result in Stripe itself (stripe-python against the emulator),
not only in Pulumi's outputs.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.plans import changed, plan_ops

pytestmark = pytest.mark.e2e

BASE_CATALOG = """
products:
  beans: {name: Beans, metadata: {sku: B-1}}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
    after_completion:
      type: hosted_confirmation
      hosted_confirmation: {custom_message: Thanks!}
webhook_endpoints:
  orders: {url: "https://example.com/hook", enabled_events: [checkout.session.completed]}
"""

#: BASE_CATALOG with every in-place change at once: product name and metadata, the link's
#: after_completion, its line item quantity, and the link switched off in the catalog.
UPDATED_CATALOG = """
products:
  beans: {name: Roasted beans, metadata: {sku: B-2, origin: Peru}}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
payment_links:
  beans:
    active: false
    line_items: [{price: beans-bag, quantity: 3}]
    after_completion:
      type: redirect
      redirect: {url: "https://example.com/thanks"}
webhook_endpoints:
  orders: {url: "https://example.com/hook", enabled_events: [checkout.session.completed]}
"""


def stripe_ids(outputs: dict[str, Any]) -> dict[str, str]:
    """The Stripe id of every object in the stack outputs, by kind and catalog key."""
    return {
        **{f"product:{k}": v for k, v in outputs["products"].items()},
        **{f"price:{k}": v["id"] for k, v in outputs["prices"].items()},
        **{f"link:{k}": v["id"] for k, v in outputs["links"].items()},
        **{f"webhook:{k}": v["id"] for k, v in outputs["webhook_endpoints"].items()},
    }


def test_up_creates_every_object_and_prints_links(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(BASE_CATALOG)
    project.up()
    outputs = project.stack_output()
    links = outputs["links"]
    assert set(links) == {"beans"}
    assert links["beans"]["active"] is True
    assert links["beans"]["url"].startswith(emulator.base_url)

    stripe = emulator.client()
    product = stripe.v1.products.retrieve(outputs["products"]["beans"])
    assert product.id == "prod_pl_test_beans", "product id is not the deterministic one"
    assert (product.name, product.active) == ("Beans", True)
    assert product.metadata.to_dict() == {
        "sku": "B-1",
        "paylinks_scope": "test",
        "paylinks_key": "beans",
    }, "ownership metadata missing on the product"

    price = stripe.v1.prices.retrieve(outputs["prices"]["beans-bag"]["id"])
    assert (price.product, price.currency, price.unit_amount) == (product.id, "eur", 1400)
    assert price.lookup_key == "beans_bag", "the lookup key isn't the one the catalog declares"
    assert outputs["prices"]["beans-bag"]["lookup_key"] == "beans_bag"

    link = stripe.v1.payment_links.retrieve(links["beans"]["id"])
    assert (link.active, link.url) == (True, links["beans"]["url"])
    assert link.after_completion.hosted_confirmation.custom_message == "Thanks!"
    items = stripe.v1.payment_links.line_items.list(link.id).data
    assert [(i.price.id, i.quantity) for i in items] == [(price.id, 1)]

    endpoint = stripe.v1.webhook_endpoints.retrieve(outputs["webhook_endpoints"]["orders"]["id"])
    assert endpoint.url == "https://example.com/hook"
    assert endpoint.enabled_events == ["checkout.session.completed"]
    assert outputs["webhook_endpoints"]["orders"]["secret"].startswith("whsec_")


def test_in_place_changes_plan_updates_and_keep_every_id_and_url(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(BASE_CATALOG)
    project.up()
    before = project.stack_output()

    project.write_catalog(UPDATED_CATALOG)
    plan = project.preview_json()
    ops = plan_ops(plan)
    assert ops["Product::beans"] == ["update"], f"product name/metadata not updated in place: {ops}"
    assert ops["PaymentLink::beans"] == ["update"], (
        f"after_completion/quantity/active change would replace the link (new URL): {ops}"
    )
    assert changed(ops) == {"Product::beans", "PaymentLink::beans"}, ops
    assert plan["changeSummary"].get("update") == 2, plan["changeSummary"]
    assert not {"replace", "create-replacement", "delete-replaced", "delete"} & {
        op for step_ops in ops.values() for op in step_ops
    }, ops

    project.up()
    after = project.stack_output()
    assert stripe_ids(after) == stripe_ids(before), "an in-place update changed a Stripe id"
    assert after["links"]["beans"]["url"] == before["links"]["beans"]["url"], "link URL changed"
    assert after["links"]["beans"]["active"] is False

    stripe = emulator.client()
    product = stripe.v1.products.retrieve(after["products"]["beans"])
    assert product.name == "Roasted beans"
    assert product.metadata.to_dict() == {
        "sku": "B-2",
        "origin": "Peru",
        "paylinks_scope": "test",
        "paylinks_key": "beans",
    }
    link = stripe.v1.payment_links.retrieve(after["links"]["beans"]["id"])
    assert link.active is False, "catalog `active: false` did not deactivate the link"
    assert link.after_completion.type == "redirect"
    assert link.after_completion.redirect.url == "https://example.com/thanks"
    items = stripe.v1.payment_links.line_items.list(link.id).data
    assert [i.quantity for i in items] == [3], "line item quantity not updated"

    emulator.clear_requests()
    assert changed(plan_ops(project.preview_json())) == set(), (
        "the applied catalog still shows changes"
    )
    writes = [r for r in emulator.requests() if r["method"] in ("POST", "DELETE")]
    assert writes == [], f"preview wrote to Stripe: {writes}"


def test_destroy_retires_objects_the_way_stripe_allows(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(BASE_CATALOG)
    project.up()
    ids = stripe_ids(project.stack_output())

    project.destroy()
    assert project.stack_output() == {}
    stripe = emulator.client()
    link = stripe.v1.payment_links.retrieve(ids["link:beans"])
    assert link.active is False, "destroy left the payment link selling"
    price = stripe.v1.prices.retrieve(ids["price:beans-bag"])
    assert price.active is False, "destroy left the price active"
    product = stripe.v1.products.retrieve(ids["product:beans"])
    assert product.active is False, "destroy left the product (which has a price) active"
    webhooks = stripe.v1.webhook_endpoints.list().data
    assert [w.id for w in webhooks] == [], "destroy left the webhook endpoint delivering events"
    deletes = [r["path"] for r in emulator.requests() if r["method"] == "DELETE"]
    assert not any(p.startswith(("/v1/payment_links", "/v1/prices")) for p in deletes), deletes
