"""Import an account made outside paylinks, then `pulumi up` it: adopted, never duplicated.

The objects are made with stripe-python (as the Dashboard or older scripts would), imported with
the real CLI (`paylinks import --adopt --scope test`), and the imported catalog is applied by the
real Pulumi engine. Proof of adoption: the emulator holds the same objects, one of each, with
the same ids and link URLs, and the next preview has nothing to do.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.test_import import make_shop, run_import
from tests.support.emulator import EmulatorProcess, account_ids
from tests.support.fixtures import CatalogProjectFactory

pytestmark = pytest.mark.e2e


def plan_steps(plan: dict[str, Any]) -> dict[str, str]:
    """`preview --json` steps as ``{"PaymentLink::key": "update", ...}`` (the stack left out).

    Preview lists unchanged resources as `same` or not at all; `changeSummary` counts them."""
    steps = {}
    for step in plan.get("steps", []):
        type_, name = step["urn"].split("::")[-2:]
        kind = type_.rsplit(":", 1)[-1]
        if kind != "Stack":
            steps[f"{kind}::{name}"] = step["op"]
    return steps


def test_imported_account_is_adopted_without_duplicates(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, tmp_path: Any
) -> None:
    shop = make_shop(emulator)
    before = account_ids(emulator)
    out = tmp_path / "catalog.yaml"
    imported = run_import(emulator, "--adopt", "--scope", "test", "--out", str(out))
    assert imported.returncode == 0, imported.stderr

    project = catalog_project(out.read_text(), stack="test")
    project.up()

    assert account_ids(emulator) == before, "the first up created objects instead of adopting"
    outputs = project.stack_output()
    assert set(outputs["products"].values()) == {shop["product"].id}
    assert {p["id"] for p in outputs["prices"].values()} == {
        shop[name].id for name in ("bag", "monthly", "one_time")
    }
    (link,) = outputs["links"].values()
    assert (link["id"], link["url"], link["active"]) == (shop["link"].id, shop["link"].url, True)
    (endpoint,) = outputs["webhook_endpoints"].values()
    assert endpoint["id"] == shop["hook"].id, "the webhook endpoint (and its secret) was replaced"

    client = emulator.client()
    hook = client.v1.webhook_endpoints.retrieve(shop["hook"].id)
    assert "paylinks_imported" not in hook.metadata, "the one-time import marker was kept"
    price = client.v1.prices.retrieve(shop["bag"].id)
    assert price.lookup_key == "beans_bag", "adopting rewrote the lookup key the account's apps use"

    plan = project.preview_json()
    changes = {name: op for name, op in plan_steps(plan).items() if op != "same"}
    assert changes == {}, f"the imported catalog still plans changes: {changes}"
    assert plan["changeSummary"] == {"same": 7}, plan["changeSummary"]  # 6 objects + the stack

    again = tmp_path / "again.yaml"
    reimported = run_import(emulator, "--scope", "test", "--out", str(again))
    assert reimported.returncode == 0, reimported.stderr
    assert body(again.read_text()) == body(out.read_text()), (
        "importing the adopted account again doesn't give back the same catalog"
    )


def body(catalog_text: str) -> str:
    """A written catalog without its header comment (which names the API base)."""
    return "\n".join(line for line in catalog_text.splitlines() if not line.startswith("#"))
