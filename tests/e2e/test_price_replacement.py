"""A new amount is a new price, and every link selling it gets a new URL, in one `up`.

Stripe prices are immutable: changing `unit_amount` must create a new price (taking over the
lookup key), archive the old one, and replace each link that sold it (Stripe cannot change a
link's prices), the old link deactivated, never deleted.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.plans import plan_ops

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  beans: {name: Beans}
  kit: {name: Brew kit}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: %(amount)d, lookup_key: beans_bag}
  kit: {product: kit, currency: eur, unit_amount: 3900}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
  bundle:
    line_items: [{price: beans-bag, quantity: 2}, {price: kit, quantity: 1}]
  kit-only:
    line_items: [{price: kit, quantity: 1}]
"""


def replace_reasons(plan: dict[str, Any], name: str) -> list[str]:
    """`replaceReasons` of the plan's steps for resource `name`."""
    return sorted(
        {
            reason
            for step in plan["steps"]
            if step["urn"].endswith(f"::{name}")
            for reason in step.get("replaceReasons") or []
        }
    )


def test_new_amount_replaces_the_price_and_every_link_selling_it_in_one_up(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG % {"amount": 1400})
    project.up()
    before = project.stack_output()

    project.write_catalog(CATALOG % {"amount": 1600})
    plan = project.preview_json()
    ops = plan_ops(plan)
    for name in ("Price::beans-bag", "PaymentLink::beans", "PaymentLink::bundle"):
        assert ops.get(name) == ["replace"], f"{name} is not planned as a replacement: {ops}"
    assert replace_reasons(plan, "beans-bag") == ["unit_amount"], plan["steps"]
    assert replace_reasons(plan, "beans") == ["line_items"]
    assert replace_reasons(plan, "bundle") == ["line_items"]
    touched = {name for name, step_ops in ops.items() if set(step_ops) != {"same"}}
    assert touched - {name for name in touched if name.startswith("Stack::")} == {
        "Price::beans-bag",
        "PaymentLink::beans",
        "PaymentLink::bundle",
    }, f"the change touches more than the price and its links: {ops}"

    project.up()
    after = project.stack_output()
    stripe = emulator.client()

    old_price = stripe.v1.prices.retrieve(before["prices"]["beans-bag"]["id"])
    new_price = stripe.v1.prices.retrieve(after["prices"]["beans-bag"]["id"])
    assert new_price.id != old_price.id
    assert (new_price.unit_amount, new_price.active) == (1600, True)
    assert new_price.lookup_key == "beans_bag", "the lookup key did not move to the new price"
    assert old_price.active is False, "the old price was not archived"
    assert old_price.lookup_key is None
    by_key = stripe.v1.prices.list(params={"lookup_keys": ["beans_bag"]}).data
    assert [p.id for p in by_key] == [new_price.id]

    for key in ("beans", "bundle"):
        old, new = before["links"][key], after["links"][key]
        assert new["id"] != old["id"] and new["url"] != old["url"], f"{key}: link not replaced"
        assert stripe.v1.payment_links.retrieve(old["id"]).active is False, (
            f"{key}: the old link (old price) still sells"
        )
        new_link = stripe.v1.payment_links.retrieve(new["id"])
        assert (new_link.active, new_link.url) == (True, new["url"])
        items = stripe.v1.payment_links.line_items.list(new["id"]).data
        assert new_price.id in [i.price.id for i in items]
    bundle_items = stripe.v1.payment_links.line_items.list(after["links"]["bundle"]["id"]).data
    assert [(i.price.id, i.quantity) for i in bundle_items] == [
        (new_price.id, 2),
        (after["prices"]["kit"]["id"], 1),
    ]
    assert after["links"]["kit-only"] == before["links"]["kit-only"], "an unrelated link changed"
    assert not [r for r in emulator.requests() if r["method"] == "DELETE"], "a DELETE was sent"
