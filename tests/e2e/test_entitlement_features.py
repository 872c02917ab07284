"""Entitlement features with the real CLI, as Stripe lets them live.

* A feature's name changes in place (same id); a new lookup key can't: a new feature is created,
  the products granting the old one move to it, and the old one is archived.
* A product's ``features`` follow the catalog: a key added attaches the feature, a key removed
  detaches it; a detach made outside paylinks shows at `refresh` and the next `up` re-attaches.
* A feature removed from the catalog is archived, for good as Stripe does it ("permanently
  deactivate it"); re-added, a new feature takes the same lookup key, and a feature archived in
  the Dashboard is re-created by the next `up` (its products move to the new one).
* Stacks sharing an account: a lookup key another stack holds is refused naming that stack.
"""

from __future__ import annotations

from typing import Any

import pytest

from paylinks.review import parse_plan, render_review
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.importing import run_import
from tests.support.plans import changed, plan_ops
from tests.support.pulumi import CatalogProject

pytestmark = pytest.mark.e2e

FEATURES = """
entitlement_features:
  api: {name: %(api_name)s, lookup_key: %(api_key)s}
  sso: {name: Single sign-on, lookup_key: sso}
"""
SHOP = """
products:
  pro:
    name: Pro plan
    features: %(features)s
prices:
  pro-monthly: {product: pro, currency: eur, unit_amount: 2900, recurring: {interval: month}}
payment_links:
  pro:
    line_items: [{price: pro-monthly, quantity: 1}]
"""
ONLY_SSO = """
entitlement_features:
  sso: {name: Single sign-on, lookup_key: sso}
"""


def _catalog(
    features: str = "[api]", api_name: str = "API access", api_key: str = "api_access"
) -> str:
    return FEATURES % {"api_name": api_name, "api_key": api_key} + SHOP % {"features": features}


def _granted(emulator: EmulatorProcess, product: str) -> set[str]:
    """Lookup keys of the features Stripe has attached to `product`."""
    attached = emulator.client().v1.products.features.list(product)
    return {a.entitlement_feature.lookup_key for a in attached.data}


def _review(project: CatalogProject) -> tuple[dict[str, list[str]], str]:
    plan = project.preview_json()
    return plan_ops(plan), render_review(parse_plan(plan))


def _feature(emulator: EmulatorProcess, feature_id: str) -> Any:
    return emulator.client().v1.entitlements.features.retrieve(feature_id)


def test_features_rename_in_place_follow_the_products_and_come_back_under_their_lookup_key(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(_catalog())
    ops, review = _review(project)
    assert "Product `pro` now includes API access" in review, review
    project.up()
    outputs = project.stack_output()
    api_id = outputs["entitlement_features"]["api"]["id"]
    product = outputs["products"]["pro"]
    assert _granted(emulator, product) == {"api_access"}
    assert _feature(emulator, api_id).name == "API access"
    project.refresh()
    assert changed(plan_ops(project.preview_json())) == set(), "the refresh found drift"

    # Renamed in place: same feature object.
    project.write_catalog(_catalog(api_name="API access v2"))
    ops, review = _review(project)
    assert changed(ops) == {"EntitlementFeature::api"} and ops["EntitlementFeature::api"] == [
        "update"
    ], ops
    assert "is renamed `API access v2`" in review, review
    project.up()
    assert project.stack_output()["entitlement_features"]["api"]["id"] == api_id
    assert _feature(emulator, api_id).name == "API access v2"

    # Attach a second feature, then detach the first.
    project.write_catalog(_catalog("[api, sso]", api_name="API access v2"))
    ops, review = _review(project)
    assert changed(ops) == {"ProductFeature::pro/sso"}, ops
    assert "Product `pro` now includes Single sign-on" in review, review
    project.up()
    assert _granted(emulator, product) == {"api_access", "sso"}
    project.write_catalog(_catalog("[sso]", api_name="API access v2"))
    ops, review = _review(project)
    assert ops["ProductFeature::pro/api"] == ["delete"], ops
    assert "Product `pro` no longer includes API access v2" in review, review
    project.up()
    assert _granted(emulator, product) == {"sso"}

    # Removed from the catalog: archived, never deleted.
    project.write_catalog(ONLY_SSO + SHOP % {"features": "[sso]"})
    ops, review = _review(project)
    assert ops["EntitlementFeature::api"] == ["delete"], ops
    assert "Feature `API access v2` is archived**: products no longer grant it" in review, review
    assert "adding it back creates a new feature with the same lookup key" in review, review
    project.up()
    assert _feature(emulator, api_id).active is False

    # Re-added (and granted again): Stripe can't reactivate an archived feature, so a new one
    # holds the same lookup key; the archived one stays as it is.
    project.write_catalog(_catalog("[api, sso]"))
    project.up()
    new_id = project.stack_output()["entitlement_features"]["api"]["id"]
    assert new_id != api_id
    assert (_feature(emulator, new_id).active, _feature(emulator, new_id).name) == (
        True,
        "API access",
    )
    assert _feature(emulator, api_id).active is False
    assert _granted(emulator, product) == {"api_access", "sso"}
    listed = emulator.client().v1.entitlements.features.list(params={"lookup_key": "api_access"})
    assert [f.id for f in listed.data] == [new_id]
    assert changed(plan_ops(project.preview_json())) == set()


def test_a_new_lookup_key_replaces_the_feature_and_moves_its_products(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(_catalog())
    project.up()
    outputs = project.stack_output()
    old_id, product = outputs["entitlement_features"]["api"]["id"], outputs["products"]["pro"]

    project.write_catalog(_catalog(api_key="api_v2"))
    ops, review = _review(project)
    assert ops["EntitlementFeature::api"] == ["replace"], ops
    assert ops["ProductFeature::pro/api"] == ["replace"], ops
    assert "gets the lookup key `api_v2`** (was `api_access`)" in review, review
    project.up()
    new = project.stack_output()["entitlement_features"]["api"]
    assert new["id"] != old_id and new["lookup_key"] == "api_v2"
    assert _feature(emulator, old_id).active is False, "the old feature wasn't archived"
    assert _granted(emulator, product) == {"api_v2"}


def test_changes_made_outside_paylinks_show_at_refresh_and_up_repairs_them(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(_catalog("[api, sso]"))
    project.up()
    outputs = project.stack_output()
    product, attachment = outputs["products"]["pro"], outputs["product_features"]["pro"]["api"]
    api, sso = (outputs["entitlement_features"][key]["id"] for key in ("api", "sso"))
    client = emulator.client()
    client.v1.products.features.delete(product, attachment)
    client.v1.entitlements.features.update(api, params={"name": "Renamed in the Dashboard"})
    client.v1.entitlements.features.update(sso, params={"active": False})

    project.refresh()
    ops = plan_ops(project.preview_json())
    assert ops["ProductFeature::pro/api"] == ["create"], ops
    assert ops["EntitlementFeature::api"] == ["update"], ops
    assert ops["EntitlementFeature::sso"] == ["create"], ops  # archived: final in Stripe
    assert ops["ProductFeature::pro/sso"] == ["replace"], ops
    project.up()
    assert _granted(emulator, product) == {"api_access", "sso"}
    assert _feature(emulator, api).name == "API access"
    new_sso = project.stack_output()["entitlement_features"]["sso"]["id"]
    assert new_sso != sso and _feature(emulator, new_sso).active is True
    assert changed(plan_ops(project.preview_json())) == set()


def test_a_feature_lookup_key_another_stack_holds_is_refused_naming_that_stack(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    dev = catalog_project(_catalog(), stack="dev", config={"paylinks:scope": "dev"})
    dev.up()
    staging = catalog_project(_catalog(), stack="staging", config={"paylinks:scope": "staging"})
    failed = staging.run("up", "--yes", "--skip-preview", "--stack", staging.stack, check=False)
    assert failed.returncode != 0
    errors = [
        line.strip()
        for line in failed.stdout.splitlines()
        if line.strip().startswith("error: create entitlement feature api")
    ]
    assert errors, failed.render()
    assert "lookup key 'api_access'" in errors[0] and "paylinks:scope 'dev'" in errors[0]
    assert "paylinks:lookupKeyPrefix" in errors[0]

    # The fix the message gives: a prefix for this stack's lookup keys.
    staging.set_config({"paylinks:lookupKeyPrefix": "staging:"})
    staging.up()
    features = staging.stack_output()["entitlement_features"]
    assert features["api"]["lookup_key"] == "staging:api_access"
    assert _granted(emulator, staging.stack_output()["products"]["pro"]) == {"staging:api_access"}


def test_features_made_outside_paylinks_are_imported_and_adopted_without_duplicates(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, tmp_path: Any
) -> None:
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Pro plan"})
    features = [
        client.v1.entitlements.features.create(params={"name": name, "lookup_key": key})
        for name, key in (("API access", "api_access"), ("SSO", "sso"))
    ]
    attachments = [
        client.v1.products.features.create(product.id, params={"entitlement_feature": f.id})
        for f in features
    ]
    out = tmp_path / "catalog.yaml"
    imported = run_import(emulator, "--adopt", "--scope", "test", "--out", str(out))
    assert imported.returncode == 0, imported.stderr
    assert "features:\n      - api-access\n      - sso\n" in out.read_text(), out.read_text()

    project = catalog_project(out.read_text(), stack="test")
    project.up()
    outputs = project.stack_output()
    assert {f["id"] for f in outputs["entitlement_features"].values()} == {f.id for f in features}
    assert set(outputs["product_features"]["pro-plan"].values()) == {a.id for a in attachments}
    listed = client.v1.entitlements.features.list(params={"limit": 100}).data
    assert len(listed) == 2, "the up created features instead of adopting them"
    assert len(client.v1.products.features.list(product.id).data) == 2
    assert changed(plan_ops(project.preview_json())) == set()
