"""The review says which codes customers type start, stop or change working."""

from __future__ import annotations

from typing import Any

from paylinks.review import render_review
from paylinks.review.plan import Plan, PlanStep, ResourceState

_URN = "urn:pulumi:dev::paylinks::pulumi-python:dynamic/paylinks:{type}::{name}"


def _code(coupon: str, active: bool | None = None) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "key": "summer20",
        "scope": "dev",
        "code": "SUMMER20",
        "promotion": {"type": "coupon", "coupon": coupon},
    }
    if active is not None:
        inputs["active"] = active
    return inputs


def _step(op: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> PlanStep:
    type_ = "pulumi-python:dynamic/paylinks:PromotionCode"
    return PlanStep(
        op,
        _URN.format(type="PromotionCode", name="summer20"),
        ResourceState(type_, "promo_1", old, {}) if old is not None else None,
        ResourceState(type_, None, new, {}) if new is not None else None,
    )


def test_removed_deactivated_and_replaced_codes_are_told_in_customers_terms() -> None:
    removed = render_review(Plan(steps=(_step("delete", _code("c1"), None),)))
    assert "**Code `SUMMER20` stops working" in removed, removed
    assert "Removed from the catalog, so it will be deactivated" in removed
    switched_off = render_review(Plan(steps=(_step("update", _code("c1"), _code("c1", False)),)))
    assert "**Code `SUMMER20` stops working" in switched_off, switched_off
    replaced = render_review(Plan(steps=(_step("replace", _code("c1"), _code("c2")),)))
    assert "the old code stops working, then the new one with the same text" in replaced
    assert "the old code is deactivated first" in replaced


def test_a_removed_coupon_keeps_existing_discounts() -> None:
    type_ = "pulumi-python:dynamic/paylinks:Coupon"
    step = PlanStep(
        "delete",
        _URN.format(type="Coupon", name="summer"),
        ResourceState(type_, "cpn_1", {"key": "summer", "scope": "dev", "percent_off": 20}, {}),
        None,
    )
    review = render_review(Plan(steps=(step,)))
    assert "deleted (existing discounts keep working" in review, review
