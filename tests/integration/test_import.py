"""`paylinks import` against a real emulator process over HTTP, run as a user runs it (the CLI).

The shops (`tests.support.importing`) are made directly with stripe-python, as the Dashboard or
other code would make them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from schemas import load_catalog
from tests.stripe_replay import schema_errors
from tests.support.emulator import EmulatorProcess
from tests.support.importing import make_shop, make_shop_that_ships, run_import
from tests.support.paths import PAYLINKS
from tests.support.stripe_mock import stripe_mock_binary


def test_import_writes_a_minimal_catalog_that_validates(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    shop = make_shop(emulator)
    out = tmp_path / "catalog.yaml"
    result = run_import(emulator, "--out", str(out))
    assert result.returncode == 0, result.stderr
    catalog = load_catalog(out)

    assert list(catalog.products) == ["single-origin-beans"]
    product = catalog.products["single-origin-beans"]
    assert product.model_dump(exclude_none=True) == {
        "name": "Single-Origin Beans", "description": "Washed, light roast.",
        "metadata": {"sku": "SO-1"},
    }
    assert set(catalog.prices) == {"beans-bag", "monthly-beans", "single-origin-beans"}
    bag = catalog.prices["beans-bag"].model_dump(exclude_none=True)
    assert bag == {"product": "single-origin-beans", "currency": "eur", "unit_amount": 1400,
                   "lookup_key": "beans_bag"}
    monthly = catalog.prices["monthly-beans"].model_dump(exclude_none=True)
    assert monthly["recurring"] == {"interval": "month"}  # interval_count 1 is Stripe's default
    (link_key,) = catalog.payment_links
    link = catalog.payment_links[link_key].model_dump(exclude_none=True)
    assert link == {
        "line_items": [
            {"price": "beans-bag", "quantity": 2,
             "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 5}},
            {"price": "single-origin-beans", "quantity": 1},
        ],
        "after_completion": {"type": "redirect", "redirect": {"url": "https://shop.example/thanks"}},
        "allow_promotion_codes": True,
    }
    hook = catalog.webhook_endpoints["orders"].model_dump(exclude_none=True)
    assert hook == {"url": "https://shop.example/stripe", "description": "Orders",
                    "enabled_events": ["checkout.session.completed"]}
    text = out.read_text()
    assert "whsec_" not in text and shop["hook"].secret not in text
    assert "paylinks_" not in text
    validated = subprocess.run([str(PAYLINKS), "validate", str(out)], capture_output=True,
                               text=True, check=False)
    assert validated.returncode == 0, validated.stderr


def test_without_adopt_nothing_in_stripe_changes(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    make_shop(emulator)
    emulator.clear_requests()
    result = run_import(emulator, "--out", str(tmp_path / "c.yaml"), "--scope", "test")
    assert result.returncode == 0, result.stderr
    methods = {request["method"] for request in emulator.requests()}
    assert methods == {"GET"}


def test_adopt_tags_every_imported_object_and_says_so(
    emulator: EmulatorProcess, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    shop = make_shop(emulator)
    emulator.clear_requests()
    result = run_import(emulator, "--out", str(tmp_path / "c.yaml"), "--adopt", "--scope", "test")
    assert result.returncode == 0, result.stderr
    sent = emulator.requests()
    assert sum(r["method"] == "POST" for r in sent) == 6, "one metadata update per object"
    if stripe_mock_binary() is not None:
        mock = request.getfixturevalue("stripe_mock")
        refused = schema_errors(sent, mock.base_url, mock.api_key)
        assert refused == [], f"real Stripe would refuse what import sends: {refused}"
    client = emulator.client()
    product = client.v1.products.retrieve(shop["product"].id)
    assert product.metadata["paylinks_scope"] == "test"
    assert product.metadata["paylinks_key"] == "single-origin-beans"
    assert product.metadata["sku"] == "SO-1"
    hook = client.v1.webhook_endpoints.retrieve(shop["hook"].id)
    assert hook.metadata["paylinks_imported"] == "true"
    for obj in ("product", "bag", "monthly", "one_time", "link", "hook"):
        assert f" {shop[obj].id} as test/" in result.stdout
    catalog = load_catalog(tmp_path / "c.yaml")
    assert catalog.products["single-origin-beans"].id == shop["product"].id


def test_adopt_needs_a_scope(emulator: EmulatorProcess, tmp_path: Path) -> None:
    result = run_import(emulator, "--out", str(tmp_path / "c.yaml"), "--adopt")
    assert result.returncode == 1
    assert "--adopt needs --scope" in result.stderr


def test_a_live_key_is_refused_before_any_request(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    emulator.clear_requests()
    result = run_import(emulator, "--out", str(tmp_path / "c.yaml"),
                        key="sk_live_" + "x" * 24)
    assert result.returncode == 1
    assert "Refusing a live Stripe key" in result.stderr
    assert "sk_live_x" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert emulator.requests() == []
    assert not (tmp_path / "c.yaml").exists()


def test_an_existing_file_is_kept_unless_forced(emulator: EmulatorProcess, tmp_path: Path) -> None:
    out = tmp_path / "catalog.yaml"
    out.write_text("# mine\n")
    refused = run_import(emulator, "--out", str(out))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert out.read_text() == "# mine\n"
    forced = run_import(emulator, "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert load_catalog(out).products == {}


def test_a_missing_key_is_explained_in_imports_own_terms(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    result = run_import(emulator, "--out", str(tmp_path / "c.yaml"),
                        extra_env={"STRIPE_API_KEY": ""})
    assert result.returncode == 1
    assert "set the STRIPE_API_KEY environment variable" in result.stderr
    assert "pulumi config" not in result.stderr, "import reads no stack config"
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c.yaml").exists()


def test_out_dash_writes_only_the_catalog_to_stdout(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    make_shop(emulator)
    result = run_import(emulator, "--out", "-")
    assert result.returncode == 0, result.stderr
    (tmp_path / "piped.yaml").write_text(result.stdout)
    catalog = load_catalog(tmp_path / "piped.yaml")
    assert set(catalog.products) == {"single-origin-beans"}
    assert "wrote standard output: " in result.stderr
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_coupons_codes_and_shipping_rates_are_imported_by_key(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    shop = make_shop_that_ships(emulator)
    out = tmp_path / "catalog.yaml"
    result = run_import(emulator, "--out", str(out))
    assert result.returncode == 0, result.stderr
    catalog = load_catalog(out)

    assert {key: rate.model_dump(exclude_none=True)
            for key, rate in catalog.shipping_rates.items()} == {
        "standard-shipping": {
            "display_name": "Standard shipping",
            "fixed_amount": {"amount": 490, "currency": "eur"},
            "delivery_estimate": {"minimum": {"unit": "business_day", "value": 2},
                                  "maximum": {"unit": "business_day", "value": 4}},
        },
        "express-shipping": {"display_name": "Express shipping",
                             "fixed_amount": {"amount": 990, "currency": "eur"},
                             "metadata": {"carrier": "dhl"}},
    }
    assert catalog.coupons["first-bag-15-off"].model_dump(exclude_none=True) == {
        "percent_off": 15, "name": "First bag, 15% off",
        "applies_to": {"products": ["single-origin-beans"]},
    }
    assert catalog.promotion_codes["welcome15"].model_dump(exclude_none=True) == {
        "code": "WELCOME15", "promotion": {"type": "coupon", "coupon": "first-bag-15-off"},
        "restrictions": {"first_time_transaction": True},
    }
    (kit,) = [link for link in catalog.payment_links.values() if link.shipping_options]
    assert [option.shipping_rate for option in kit.shipping_options or []] == [
        "standard-shipping", "express-shipping"
    ]
    text = out.read_text()
    for raw_id in (shop["standard"].id, shop["express"].id, shop["coupon"].id, shop["code"].id):
        assert raw_id not in text, f"a raw Stripe id ({raw_id}) was written instead of a key"
    assert text.index("coupons:") < text.index("promotion_codes:") < text.index("payment_links:")
    assert "note:" not in result.stdout, result.stdout
    validated = subprocess.run([str(PAYLINKS), "validate", str(out)], capture_output=True,
                               text=True, check=False)
    assert validated.returncode == 0, validated.stderr


def test_what_refers_to_archived_or_deleted_objects_is_explained(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    shop = make_shop_that_ships(emulator)
    client = emulator.client()
    client.v1.shipping_rates.update(shop["express"].id, params={"active": False})
    gone = client.v1.coupons.create(params={"amount_off": 300, "currency": "eur"})
    orphan = client.v1.promotion_codes.create(
        params={"code": "ORPHAN", "promotion": {"type": "coupon", "coupon": gone.id}}
    )
    client.v1.coupons.delete(gone.id)
    client.v1.promotion_codes.update(shop["code"].id, params={"active": False})

    out = tmp_path / "catalog.yaml"
    result = run_import(emulator, "--out", str(out))
    assert result.returncode == 0, result.stderr
    catalog = load_catalog(out)
    assert list(catalog.shipping_rates) == ["standard-shipping"]
    assert catalog.promotion_codes == {}
    (kit,) = [link for link in catalog.payment_links.values() if link.shipping_options]
    assert [option.shipping_rate for option in kit.shipping_options or []] == [
        "standard-shipping"
    ]
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert (
        f"note: payment link {shop['kit'].id}: left out of its `shipping_options`: shipping rate "
        f"{shop['express'].id}, which is archived; once a stack manages the link, it stops "
        "offering that rate"
    ) in notes
    assert (
        f"note: skipped promotion code {orphan.id}: it grants coupon {gone.id}, which no longer "
        "exists (deleted)"
    ) in notes
    unusable = "note: left out 1 promotion code that is inactive, expired or used up ("
    assert any(note.startswith(unusable) and "WELCOME15" in note for note in notes), notes
    assert any(note.startswith("note: left out 1 shipping rate that is archived (")
               and "Express shipping" in note for note in notes), notes
    assert gone.id not in out.read_text() and shop["express"].id not in out.read_text()


def test_adopt_tags_coupons_codes_and_rates_with_requests_stripe_accepts(
    emulator: EmulatorProcess, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    shop = make_shop_that_ships(emulator)
    emulator.clear_requests()
    result = run_import(emulator, "--out", str(tmp_path / "c.yaml"), "--adopt", "--scope", "test")
    assert result.returncode == 0, result.stderr
    sent = emulator.requests()
    posts = [r["path"] for r in sent if r["method"] == "POST"]
    assert len(posts) == 11, f"one metadata update per object: {posts}"
    listed = {r["path"]: r.get("params") or {} for r in sent if r["method"] == "GET"}
    expand = listed["/v1/coupons"].get("expand") or {}
    assert list(expand.values() if isinstance(expand, dict) else expand) == ["data.applies_to"], (
        "Stripe only returns a coupon's applies_to when expanded"
    )
    if stripe_mock_binary() is not None:
        mock = request.getfixturevalue("stripe_mock")
        refused = schema_errors(sent, mock.base_url, mock.api_key)
        assert refused == [], f"real Stripe would refuse what import sends: {refused}"
    client = emulator.client()
    for obj, label, service, key in (
        ("coupon", "coupon", client.v1.coupons, "first-bag-15-off"),
        ("code", "promotion code", client.v1.promotion_codes, "welcome15"),
        ("standard", "shipping rate", client.v1.shipping_rates, "standard-shipping"),
    ):
        metadata = service.retrieve(shop[obj].id).metadata
        assert (metadata["paylinks_scope"], metadata["paylinks_key"]) == ("test", key)
        assert "paylinks_imported" not in metadata, "only webhook endpoints get the marker"
        assert f"tagged {label} {shop[obj].id} as test/{key}" in result.stdout
    for obj in ("express", "kit"):
        assert f" {shop[obj].id} as test/" in result.stdout
