"""`paylinks import` reads entitlement features and the products granting them (real emulator,
the CLI as users run it), and `--adopt` makes the first `up` adopt them."""

from __future__ import annotations

from pathlib import Path

from schemas import load_catalog
from tests.support.emulator import EmulatorProcess
from tests.support.importing import run_import


def test_features_and_product_attachments_are_imported_as_keys(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    client = emulator.client()
    product = client.v1.products.create(params={"name": "Pro plan"})
    api = client.v1.entitlements.features.create(
        params={"name": "API access", "lookup_key": "api_access"}
    )
    old = client.v1.entitlements.features.create(params={"name": "Old", "lookup_key": "old"})
    client.v1.entitlements.features.update(old.id, params={"active": False})
    client.v1.products.features.create(product.id, params={"entitlement_feature": api.id})

    out = tmp_path / "catalog.yaml"
    result = run_import(emulator, "--out", str(out), "--scope", "dev", "--adopt")
    assert result.returncode == 0, result.stderr
    catalog = load_catalog(out)
    assert list(catalog.entitlement_features) == ["api-access"]
    assert catalog.entitlement_features["api-access"].lookup_key == "api_access"
    assert catalog.products["pro-plan"].features == ["api-access"]
    assert f"tagged entitlement feature {api.id} as dev/api-access" in result.stdout
    tagged = client.v1.entitlements.features.retrieve(api.id).metadata.to_dict()
    assert tagged == {"paylinks_scope": "dev", "paylinks_key": "api-access"}
