"""Entitlement features in the catalog: Stripe's rules at validate time, references by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import CatalogError, load_catalog, validate_resource

PRO = "products:\n  pro:\n    name: Pro\n    features: {features}\n"


def _problems(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "catalog.yaml"
    path.write_text(text)
    with pytest.raises(CatalogError) as raised:
        load_catalog(path)
    return [(p.path, p.message) for p in raised.value.problems]


def test_a_valid_catalog_grants_features_by_key(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "entitlement_features:\n  api: {name: API access, lookup_key: api_access}\n"
        + PRO.format(features="[api]")
    )
    catalog = load_catalog(path)
    assert catalog.products["pro"].features == ["api"]
    assert catalog.entitlement_features["api"].lookup_key == "api_access"


def test_an_unknown_feature_key_gets_a_did_you_mean_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "entitlement_features:\n  api-access: {name: API, lookup_key: api}\n"
        + PRO.format(features="[api-acess]")
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(path)
    (problem,) = raised.value.problems
    assert (problem.line, problem.path) == (6, "products.pro.features[0]")
    assert "no entitlement feature 'api-acess'" in problem.message
    assert "did you mean 'api-access'" in problem.message


def test_name_and_lookup_key_are_required_and_within_stripes_limits(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        "entitlement_features:\n"
        "  a: {name: API}\n"
        f"  b: {{name: {'x' * 81}, lookup_key: b}}\n"
        f"  c: {{name: C, lookup_key: {'k' * 81}}}\n"
        "  d: {name: '', lookup_key: d}\n",
    )
    paths = {path for path, _ in problems}
    assert paths == {
        "entitlement_features.a.lookup_key",
        "entitlement_features.b.name",
        "entitlement_features.c.lookup_key",
        "entitlement_features.d.name",
    }, problems


def test_lookup_keys_are_unique_and_a_product_grants_a_feature_once(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        "entitlement_features:\n"
        "  a: {name: A, lookup_key: same}\n"
        "  b: {name: B, lookup_key: same}\n"
        + PRO.format(features="[a, a]"),
    )
    assert sorted(path for path, _ in problems) == [
        "entitlement_features.b.lookup_key",
        "products.pro.features[1]",
    ], problems
    messages = dict(problems)
    assert "listed twice" in messages["products.pro.features[1]"]
    assert "unique per Stripe account" in messages["entitlement_features.b.lookup_key"]


def test_archiving_is_removing_the_feature_not_a_field(tmp_path: Path) -> None:
    """Stripe can't reactivate an archived feature, so the catalog has no `active` for one."""
    problems = _problems(
        tmp_path, "entitlement_features:\n  a: {name: A, lookup_key: a, active: false}\n"
    )
    assert [path for path, _ in problems] == ["entitlement_features.a.active"], problems


def test_preview_checks_the_prefixed_lookup_key_length() -> None:
    inputs = {"key": "api", "scope": "dev", "name": "API", "lookup_key": "staging:" + "k" * 75}
    (problem,) = validate_resource("entitlement_feature", inputs)
    assert problem.path == "lookup_key" and "80" in problem.message
