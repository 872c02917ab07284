"""Changes made in the Stripe Dashboard (or API) behind Pulumi's back show up, and get undone.

`pulumi refresh` reads each object back through its provider, so out-of-band edits appear as
drift; the next `pulumi up` makes Stripe match the catalog again: a deactivated link is
reactivated (same URL), a changed quantity restored, a deleted webhook endpoint recreated (with a
new signing secret), an archived price reactivated (same id, so links keep selling it).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.plans import changed, plan_ops
from tests.support.pulumi import PulumiProject

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  beans: {name: Beans}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 2}]
webhook_endpoints:
  orders: {url: "https://example.com/hook", enabled_events: [checkout.session.completed]}
"""


def resource_outputs(project: PulumiProject) -> dict[str, dict[str, Any]]:
    """Outputs of each resource in the stack's state (stack outputs are not refreshed)."""
    deployment = json.loads(project.run("stack", "export", "--stack", project.stack).stdout)
    outputs: dict[str, dict[str, Any]] = {}
    for resource in deployment["deployment"].get("resources", []):
        type_, name = resource["urn"].split("::")[-2:]
        outputs[f"{type_.rsplit(':', 1)[-1]}::{name}"] = resource.get("outputs", {})
    return outputs


def test_refresh_shows_out_of_band_changes_and_up_repairs_them(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG)
    project.up()
    before = project.stack_output()
    link_id = before["links"]["beans"]["id"]
    price_id = before["prices"]["beans-bag"]["id"]
    hook_id = before["webhook_endpoints"]["orders"]["id"]

    stripe = emulator.client()
    item = stripe.v1.payment_links.line_items.list(link_id).data[0]
    stripe.v1.payment_links.update(
        link_id, params={"active": False, "line_items": [{"id": item.id, "quantity": 5}]}
    )
    stripe.v1.webhook_endpoints.delete(hook_id)
    stripe.v1.prices.update(price_id, params={"active": False})

    assert changed(plan_ops(project.preview_json())) == set(), (
        "without a refresh, preview should trust the state (no drift known yet)"
    )
    refreshed = project.refresh().stdout
    assert "~ 2 updated" in refreshed and "- 1 deleted" in refreshed, (
        f"refresh did not report the link/price drift and the deleted endpoint:\n{refreshed}"
    )
    state = resource_outputs(project)
    assert state["PaymentLink::beans"]["active"] is False, "refresh did not read the link"
    assert [i["quantity"] for i in state["PaymentLink::beans"]["line_items"]] == [5]
    assert state["Price::beans-bag"]["active"] is False, "refresh did not read the price"
    assert "WebhookEndpoint::orders" not in state, "the deleted endpoint is still in the state"

    plan = project.preview_json()
    ops = plan_ops(plan)
    assert ops.get("PaymentLink::beans") == ["update"], f"link drift not planned in place: {ops}"
    assert ops.get("Price::beans-bag") == ["update"], f"archived price not reactivated: {ops}"
    assert ops.get("WebhookEndpoint::orders") == ["create"], f"endpoint not recreated: {ops}"
    link_step = next(s for s in plan["steps"] if s["urn"].endswith("PaymentLink::beans"))
    old, new = link_step["oldState"]["outputs"], link_step["newState"]["inputs"]
    assert (old["active"], new["active"]) == (False, True), "the plan hides the deactivation"
    assert [i["quantity"] for i in old["line_items"]] == [5]
    assert [i["quantity"] for i in new["line_items"]] == [2]

    project.up()
    after = project.stack_output()
    link = stripe.v1.payment_links.retrieve(link_id)
    assert after["links"]["beans"] == before["links"]["beans"], "the link id/URL changed"
    assert link.active is True, "up did not reactivate the link"
    quantities = [i.quantity for i in stripe.v1.payment_links.line_items.list(link_id).data]
    assert quantities == [2], "up did not restore the catalog's quantity"
    price = stripe.v1.prices.retrieve(price_id)
    assert after["prices"]["beans-bag"]["id"] == price_id
    assert (price.active, price.lookup_key) == (True, "beans_bag")
    new_hook = after["webhook_endpoints"]["orders"]
    assert new_hook["id"] != hook_id and new_hook["secret"].startswith("whsec_")
    hooks = stripe.v1.webhook_endpoints.list().data
    assert [(h.id, h.url) for h in hooks] == [(new_hook["id"], "https://example.com/hook")]

    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "Stripe still differs from catalog"
