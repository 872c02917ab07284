"""Lookup keys reach Stripe exactly as the catalog declares them, so an app's
``prices.list(lookup_keys=[...])`` finds the live price in every environment.

Isolating stacks that share one account is opt-in (``paylinks:lookupKeyPrefix``). A stack whose
state was written when every key was stored as ``<scope>:<key>`` moves to the declared key on its
next `up`: previewed as an in-place update, the key transferred, no price created.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.e2e.test_import_roundtrip import plan_steps
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.paths import PAYLINKS
from tests.support.pulumi import CatalogProject

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  house-blend: {name: House Blend}
prices:
  house-blend-bag: {product: house-blend, currency: eur, unit_amount: %(amount)d,
                    lookup_key: house_blend_bag}
payment_links:
  house-blend:
    line_items: [{price: house-blend-bag, quantity: 1}]
"""
PRICE = "Price::house-blend-bag"


def app_lookup(emulator: EmulatorProcess, lookup_key: str) -> list[str]:
    """What an app does to find the price it sells: the ids listed for `lookup_key`."""
    found = emulator.client().v1.prices.list(params={"lookup_keys": [lookup_key]})
    return [price.id for price in found.data]


def price_writes(emulator: EmulatorProcess) -> list[dict[str, Any]]:
    """POSTs to the prices API: creations (``/v1/prices``) and updates."""
    return [
        r for r in emulator.requests()
        if r["method"] == "POST" and r["path"].startswith("/v1/prices")
    ]


def write_legacy_state(project: CatalogProject) -> None:
    """Rewrite the stack's state as paylinks wrote it before lookup keys were declared as is:
    the price's inputs hold the catalog's key, its outputs the ``<scope>:<key>`` Stripe holds."""
    exported = json.loads(project.run("stack", "export", "--stack", project.stack).stdout)
    for resource in exported["deployment"]["resources"]:
        if resource["urn"].endswith(f"::{PRICE.split('::')[1]}"):
            assert resource["outputs"]["lookup_key"] == "test:house_blend_bag"
            resource["inputs"]["lookup_key"] = "house_blend_bag"
    state_file = project.directory / "legacy-state.json"
    state_file.write_text(json.dumps(exported))
    project.run("stack", "import", "--file", str(state_file), "--stack", project.stack)


def test_an_app_finds_the_live_price_by_the_declared_lookup_key(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG % {"amount": 1400})
    project.up()
    outputs = project.stack_output()["prices"]["house-blend-bag"]
    assert outputs["lookup_key"] == "house_blend_bag", "the stack output isn't what Stripe holds"
    assert app_lookup(emulator, "house_blend_bag") == [outputs["id"]]

    project.write_catalog(CATALOG % {"amount": 1600})
    diff = project.run("preview", "--diff", "--stack", project.stack).stdout
    assert "unit_amount" in diff
    assert not [line for line in diff.splitlines() if "lookup_key" in line and "=>" in line], (
        f"preview --diff shows a lookup_key change nobody made:\n{diff}"
    )
    project.up()
    replaced = project.stack_output()["prices"]["house-blend-bag"]
    assert replaced["id"] != outputs["id"]
    assert app_lookup(emulator, "house_blend_bag") == [replaced["id"]], (
        "the key did not move to the new price"
    )


def test_a_stack_with_scoped_lookup_keys_moves_to_the_declared_key_without_a_new_price(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(
        CATALOG % {"amount": 1400}, config={"paylinks:lookupKeyPrefix": "test:"}
    )
    project.up()
    price_id = project.stack_output()["prices"]["house-blend-bag"]["id"]
    assert app_lookup(emulator, "test:house_blend_bag") == [price_id], "the prefix is opt-in"
    assert app_lookup(emulator, "house_blend_bag") == []
    write_legacy_state(project)
    project.run("config", "rm", "paylinks:lookupKeyPrefix", "--stack", project.stack)

    plan = project.preview_json()
    changes = {name: op for name, op in plan_steps(plan).items() if op != "same"}
    assert changes == {PRICE: "update"}, f"the migration must be one in-place update: {changes}"
    step = next(s for s in plan["steps"] if s["urn"].endswith("::house-blend-bag"))
    assert step["oldState"]["outputs"]["lookup_key"] == "test:house_blend_bag"
    assert step["newState"]["inputs"]["lookup_key"] == "house_blend_bag"
    review = subprocess.run(
        [str(PAYLINKS), "review", "-", "--stack", project.stack], input=json.dumps(plan),
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    assert '| `lookup_key` | `"test:house_blend_bag"` | `"house_blend_bag"` |' in review, review

    emulator.clear_requests()
    project.up()
    writes = price_writes(emulator)
    assert [w["path"] for w in writes] == [f"/v1/prices/{price_id}"], (
        f"the migration created or touched other prices: {writes}"
    )
    assert writes[0]["params"]["lookup_key"] == "house_blend_bag"
    assert writes[0]["params"]["transfer_lookup_key"] in (True, "true")
    assert app_lookup(emulator, "house_blend_bag") == [price_id]
    assert app_lookup(emulator, "test:house_blend_bag") == []
    outputs = project.stack_output()["prices"]["house-blend-bag"]
    assert (outputs["id"], outputs["lookup_key"]) == (price_id, "house_blend_bag")
    again = project.preview_json()
    assert {op for op in plan_steps(again).values()} <= {"same"}, "the migration did not settle"
