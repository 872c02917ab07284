"""Import an account made outside paylinks, then `pulumi up` it: adopted, never duplicated.

The objects are made with stripe-python (as the Dashboard or older scripts would), imported with
the real CLI (`paylinks import --adopt --scope test`), and the imported catalog is applied by the
real Pulumi engine. Proof of adoption: the emulator holds the same objects, one of each, with
the same ids and link URLs, and the next preview has nothing to do. The other way round, the
example catalog deployed by a stack and imported again gives back what it declares.
"""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from paylinks.importer.shaping import DEFAULTS, minimal
from schemas import load_catalog
from schemas.kinds import KINDS
from tests.support.emulator import EmulatorProcess, account_ids
from tests.support.fixtures import CatalogProjectFactory
from tests.support.importing import make_shop, make_shop_that_ships, run_import
from tests.support.paths import PAYLINKS, REPO_ROOT

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


OFFERS = ("coupons", "promotion_codes", "shipping_rates")
"""The sections `account_ids` lists besides products, prices, links and endpoints."""


def test_imported_shop_that_ships_is_adopted_with_its_rates_coupon_and_code(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, tmp_path: Any
) -> None:
    shop = make_shop_that_ships(emulator)
    before = account_ids(emulator, *OFFERS)
    out = tmp_path / "catalog.yaml"
    imported = run_import(emulator, "--adopt", "--scope", "test", "--out", str(out))
    assert imported.returncode == 0, imported.stderr

    project = catalog_project(out.read_text(), stack="test")
    project.up()

    assert account_ids(emulator, *OFFERS) == before, (
        "the first up created objects instead of adopting"
    )
    outputs = project.stack_output()
    assert {key: rate["id"] for key, rate in outputs["shipping_rates"].items()} == {
        "standard-shipping": shop["standard"].id, "express-shipping": shop["express"].id,
    }
    assert outputs["coupons"] == {"first-bag-15-off": shop["coupon"].id}
    assert outputs["promotion_codes"] == {"welcome15": {"id": shop["code"].id, "active": True}}
    assert {(link["id"], link["url"]) for link in outputs["links"].values()} == {
        (shop[name].id, shop[name].url) for name in ("link", "kit")
    }, "a link was replaced (new URL) instead of adopted"
    kit = emulator.client().v1.payment_links.retrieve(shop["kit"].id)
    assert [option.shipping_rate for option in kit.shipping_options] == [
        shop["standard"].id, shop["express"].id
    ]

    plan = project.preview_json()
    changes = {name: op for name, op in plan_steps(plan).items() if op != "same"}
    assert changes == {}, f"the imported catalog still plans changes: {changes}"
    assert plan["changeSummary"] == {"same": 12}, plan["changeSummary"]  # 11 objects + stack

    again = tmp_path / "again.yaml"
    reimported = run_import(emulator, "--scope", "test", "--out", str(again))
    assert reimported.returncode == 0, reimported.stderr
    assert body(again.read_text()) == body(out.read_text()), (
        "importing the adopted account again doesn't give back the same catalog"
    )


def comparable(catalog: dict[str, Any]) -> dict[str, Any]:
    """Each section's entries as their smallest equivalent: Stripe's defaults (a coupon's
    ``duration: once``) left out, as an import writes them."""
    return {
        description.section: {
            key: minimal(entry.model_dump(exclude_none=True), description.model,
                         DEFAULTS[description.kind])
            for key, entry in getattr(catalog, description.section).items()
        }
        for description in KINDS.values()
    }


def test_the_example_catalog_deployed_then_imported_gives_back_the_same_catalog(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, tmp_path: Any
) -> None:
    example = REPO_ROOT / "stacks" / "catalog.yaml"
    project = catalog_project(example.read_text(), stack="test")
    project.up()

    out = tmp_path / "imported.yaml"
    imported = run_import(emulator, "--scope", "test", "--out", str(out))
    assert imported.returncode == 0, imported.stderr
    assert "note:" not in imported.stdout, imported.stdout
    validated = subprocess.run([str(PAYLINKS), "validate", str(out)], capture_output=True,
                               text=True, check=False)
    assert validated.returncode == 0, validated.stderr

    original, returned = comparable(load_catalog(example)), comparable(load_catalog(out))
    for section in original:
        assert returned[section] == original[section], f"{section} changed in the round trip"
    assert returned["promotion_codes"]["welcome15"]["promotion"] == {
        "type": "coupon", "coupon": "first-bag"
    }
    assert returned["payment_links"]["starter-bundle"]["shipping_options"] == [
        {"shipping_rate": "standard"}, {"shipping_rate": "express"}
    ]
