"""Environments: one catalog, several stacks, never stepping on each other.

Each stack is its own project and backend running the real program with the real CLI; a stack's
``paylinks:scope`` (default: the stack name) namespaces everything it owns in Stripe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.emulator import EmulatorProcess, account_ids
from tests.support.fixtures import CatalogProjectFactory

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  beans: {name: Beans}
  kit: {name: Brewing kit}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400, lookup_key: beans_bag}
  kit: {product: kit, currency: eur, unit_amount: 3900}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
    after_completion:
      type: redirect
      redirect: {url: "https://shop.example/thanks"}
  kit:
    line_items: [{price: kit, quantity: 1}]
webhook_endpoints:
  orders: {url: "https://shop.example/hook", enabled_events: [checkout.session.completed]}
"""


def stack_ids(outputs: dict[str, Any]) -> dict[str, set[str]]:
    """The Stripe ids a stack's outputs name, per kind (same shape as `account_ids`)."""
    return {
        "products": set(outputs["products"].values()),
        "prices": {price["id"] for price in outputs["prices"].values()},
        "payment_links": {link["id"] for link in outputs["links"].values()},
        "webhook_endpoints": {hook["id"] for hook in outputs["webhook_endpoints"].values()},
    }


def union(*id_sets: dict[str, set[str]]) -> dict[str, set[str]]:
    """Per-kind union of several `stack_ids`."""
    kinds = {kind for ids in id_sets for kind in ids}
    return {kind: set().union(*(ids.get(kind, set()) for ids in id_sets)) for kind in kinds}


def test_one_catalog_on_two_accounts_gives_independent_objects(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    emulator_factory: Callable[..., EmulatorProcess],
) -> None:
    other_account = emulator_factory()
    dev = catalog_project(CATALOG, stack="dev")
    staging = catalog_project(CATALOG, stack="staging", emulator_process=other_account)
    dev.up()
    staging.up()

    dev_ids, staging_ids = stack_ids(dev.stack_output()), stack_ids(staging.stack_output())
    for kind in dev_ids:
        assert not dev_ids[kind] & staging_ids[kind], f"{kind} shared between the two stacks"
    assert account_ids(emulator) == dev_ids, "dev's account holds objects that aren't dev's"
    assert account_ids(other_account) == staging_ids, "staging's account holds foreign objects"
    assert dev.links()["beans"]["url"].startswith(emulator.base_url)
    assert staging.links()["beans"]["url"].startswith(other_account.base_url)


def test_a_stack_never_takes_a_lookup_key_another_stack_holds(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    dev = catalog_project(CATALOG, stack="dev", config={"paylinks:scope": "dev"})
    staging = catalog_project(CATALOG, stack="staging", config={"paylinks:scope": "staging"})
    dev.up()
    refused = staging.run("up", "--yes", "--skip-preview", "--stack", "staging", check=False)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "lookup key 'beans_bag' is held by price" in output and "scope 'dev'" in output
    assert "paylinks:lookupKeyPrefix" in output
    held = emulator.client().v1.prices.list(params={"lookup_keys": ["beans_bag"]}).data
    assert [p.id for p in held] == [dev.stack_output()["prices"]["beans-bag"]["id"]]


def test_two_scopes_on_one_account_never_touch_each_other(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    dev = catalog_project(CATALOG, stack="dev", config={
        "paylinks:scope": "dev", "paylinks:lookupKeyPrefix": "dev:"})
    staging = catalog_project(CATALOG, stack="staging", config={
        "paylinks:scope": "staging", "paylinks:lookupKeyPrefix": "staging:"})
    dev.up()
    dev_ids = stack_ids(dev.stack_output())

    emulator.clear_requests()
    staging.up()
    staging_ids = stack_ids(staging.stack_output())
    written = {r["path"] for r in emulator.requests() if r["method"] in ("POST", "DELETE")}
    touched = {p for p in written for ids in dev_ids.values() for i in ids if i in p}
    assert touched == set(), f"staging's up wrote to dev's objects: {touched}"
    for kind in dev_ids:
        assert len(dev_ids[kind]) == len(staging_ids[kind]) > 0
        assert not dev_ids[kind] & staging_ids[kind], f"staging adopted dev's {kind}"
    assert account_ids(emulator) == union(dev_ids, staging_ids), "unexpected extra objects"

    client = emulator.client()
    lookup_keys = {p.lookup_key for p in client.v1.prices.list(params={"limit": 100}).data}
    assert {"dev:beans_bag", "staging:beans_bag"} <= lookup_keys

    dev.destroy()
    for key, link in staging.links().items():
        assert client.v1.payment_links.retrieve(link["id"]).active, (
            f"destroying dev deactivated staging's link {key}"
        )
    for link_id in dev_ids["payment_links"]:
        assert not client.v1.payment_links.retrieve(link_id).active
    staging_hook = next(iter(staging_ids["webhook_endpoints"]))
    assert client.v1.webhook_endpoints.retrieve(staging_hook).url == "https://shop.example/hook"


def test_a_stack_overlay_changes_only_its_own_stack(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    dev = catalog_project(CATALOG, stack="dev")
    # Two stacks on one account declaring the same lookup keys: one of them needs a prefix.
    staging = catalog_project(CATALOG, stack="staging",
                              config={"paylinks:lookupKeyPrefix": "staging:"})
    staging.set_overrides(
        {
            "payment_links": {
                "beans": {"after_completion": {"redirect": {
                    "url": "https://staging.shop.example/thanks"}}},
                "kit": {"active": False},
            }
        }
    )
    dev.up()
    staging.up()

    client = emulator.client()
    dev_links, staging_links = dev.links(), staging.links()
    staging_beans = client.v1.payment_links.retrieve(staging_links["beans"]["id"])
    assert staging_beans.after_completion.redirect.url == "https://staging.shop.example/thanks"
    assert staging_links["kit"]["active"] is False
    assert client.v1.payment_links.retrieve(staging_links["kit"]["id"]).active is False

    dev_beans = client.v1.payment_links.retrieve(dev_links["beans"]["id"])
    assert dev_beans.after_completion.redirect.url == "https://shop.example/thanks", (
        "staging's overlay leaked into dev"
    )
    assert dev_links["kit"]["active"] is True
    assert client.v1.payment_links.retrieve(dev_links["kit"]["id"]).active is True
