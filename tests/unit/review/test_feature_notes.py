"""The review says which products start or stop granting a feature, and which features are
archived, renamed or get a new lookup key, in customers' terms."""

from __future__ import annotations

from typing import Any

from paylinks.review import render_review
from paylinks.review.plan import Plan, PlanStep, ResourceState

_URN = "urn:pulumi:dev::paylinks::pulumi-python:dynamic/paylinks:{type}::{name}"


def _feature(name: str = "API access", lookup_key: str = "api", **more: Any) -> dict[str, Any]:
    return {"key": "api", "scope": "dev", "name": name, "lookup_key": lookup_key, **more}


def _step(
    type_: str, name: str, op: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> PlanStep:
    token = f"pulumi-python:dynamic/paylinks:{type_}"
    return PlanStep(
        op,
        _URN.format(type=type_, name=name),
        ResourceState(token, "obj_1", old, {}) if old is not None else None,
        ResourceState(token, None, new, {}) if new is not None else None,
    )


def _grant(product: str = "pro") -> dict[str, Any]:
    return {"product": "prod_1", "entitlement_feature": "feat_1", "product_key": product,
            "key": "api", "scope": "dev"}


def _stack_with_feature_names() -> PlanStep:
    outputs = {"entitlement_features": {"api": {"id": "feat_1", "name": "API access"}}}
    state = ResourceState("pulumi:pulumi:Stack", None, {}, outputs)
    return PlanStep("same", "urn:pulumi:dev::paylinks::pulumi:pulumi:Stack::paylinks-dev", state,
                    state)


def test_a_product_granting_or_no_longer_granting_a_feature_names_the_feature() -> None:
    attach = _step("ProductFeature", "pro/api", "create", None, _grant())
    review = render_review(Plan(steps=(_stack_with_feature_names(), attach)))
    assert "**Product `pro` now includes API access** (feature `api`)" in review, review
    assert "**Plan:** 1 to attach." in review
    # Like a create, an attachment lists its fields as values (it showed empty "Old" columns).
    table = "| Field | Value |\n|---|---|\n| `entitlement_feature` | `\"feat_1\"` |"
    assert table in review, review
    detach = _step("ProductFeature", "pro/api", "delete", _grant(), None)
    review = render_review(Plan(steps=(_stack_with_feature_names(), detach)))
    assert "**Product `pro` no longer includes API access**" in review, review
    assert "Removed from the catalog, so it will be detached" in review


def test_archived_renamed_and_rekeyed_features() -> None:
    removed = render_review(Plan(steps=(_step("EntitlementFeature", "api", "delete",
                                              _feature(), None),)))
    assert "**Feature `API access` is archived**: products no longer grant it." in removed
    assert "adding it back creates a new feature with the same lookup key" in removed
    assert "archived for good" in removed
    renamed = render_review(Plan(steps=(_step("EntitlementFeature", "api", "update",
                                              _feature(), _feature("API")),)))
    assert "**Feature `API access` is renamed `API`**" in renamed, renamed
    rekeyed = render_review(Plan(steps=(_step("EntitlementFeature", "api", "replace",
                                              _feature(), _feature(lookup_key="api_v2")),)))
    assert "gets the lookup key `api_v2`** (was `api`)" in rekeyed, rekeyed
    assert "Apps checking the old lookup key must check the new one" in rekeyed
