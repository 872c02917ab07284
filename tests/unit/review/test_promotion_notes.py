"""The review says which codes customers type start, stop or change working."""

from __future__ import annotations

from typing import Any

from paylinks.review import render_review
from paylinks.review.plan import Plan, PlanStep, ResourceState
from schemas.unknown import UNKNOWN

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


def _coupon_step(op: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> PlanStep:
    type_ = "pulumi-python:dynamic/paylinks:Coupon"
    return PlanStep(
        op,
        _URN.format(type="Coupon", name="summer"),
        ResourceState(type_, "cpn_1", {"key": "summer", **old}, {}) if old else None,
        ResourceState(type_, None, {"key": "summer", **new}, {}) if new else None,
    )


def test_a_coupon_change_says_what_the_code_takes_off_now_and_before() -> None:
    plan = Plan(
        steps=(
            _coupon_step("replace", {"percent_off": 15}, {"percent_off": 20}),
            _step("replace", _code("cpn_1"), _code(UNKNOWN)),
        )
    )
    review = render_review(plan)
    assert "**Code `SUMMER20` now gives 20% off** (was 15% off)" in review, review
    assert "the old code is deactivated and a new one with the same text" in review


def test_a_new_code_says_what_it_takes_off_even_before_its_coupon_exists() -> None:
    coupon = {"amount_off": 300, "currency": "eur", "duration": "repeating"}
    new_code = _step("create", None, _code(UNKNOWN))
    assert new_code.new is not None
    new_state = ResourceState(
        new_code.new.type,
        None,
        new_code.new.inputs,
        {},
        property_dependencies={"promotion": (_URN.format(type="Coupon", name="summer"),)},
    )
    plan = Plan(
        steps=(
            _coupon_step("create", None, {**coupon, "duration_in_months": 3}),
            PlanStep("create", new_code.urn, None, new_state),
        )
    )
    review = render_review(plan)
    assert (
        "**Code `SUMMER20` gives €3.00 off (for 3 months of a subscription)** at checkout" in review
    ), review


def test_an_unchanged_coupon_still_tells_the_discount_of_a_code_changed_otherwise() -> None:
    same = _coupon_step("same", {"percent_off": 10}, {"percent_off": 10})
    plan = Plan(steps=(same, _step("create", None, _code("cpn_1"))))
    assert "**Code `SUMMER20` gives 10% off** at checkout" in render_review(plan)
    untold = render_review(Plan(steps=(_step("create", None, _code("cpn_gone")),)))
    assert "**Code `SUMMER20` works at checkout on links that allow promotion codes**" in untold


def test_a_code_given_new_text_tells_what_customers_type_now() -> None:
    retexted = {**_code("cpn_1"), "code": "SUMMER25"}
    plan = Plan(
        steps=(
            _coupon_step("same", {"percent_off": 25}, {"percent_off": 25}),
            _step("replace", _code("cpn_1"), retexted),
        )
    )
    review = render_review(plan)
    assert (
        "**Code `SUMMER20` stops working: customers type `SUMMER25` instead** (it gives 25% off)"
        in review
    ), review
    assert "the new code is created first" in review
    assert "same text" not in review


def test_a_coupon_limited_to_products_names_them_by_key() -> None:
    """A code on a coupon for other products than the links sell is visible in review."""
    type_ = "pulumi-python:dynamic/paylinks:Coupon"
    coupon = {"key": "summer", "percent_off": 15, "applies_to": {"products": [UNKNOWN]}}
    beans = _URN.format(type="Product", name="beans")
    created = PlanStep(
        "create",
        _URN.format(type="Coupon", name="summer"),
        None,
        ResourceState(type_, None, coupon, {}, property_dependencies={"applies_to": (beans,)}),
    )
    review = render_review(Plan(steps=(created, _step("create", None, _code("cpn_new")))))
    # The code names its coupon by id only once it exists: matched by the coupon's URN instead.
    assert "Code `SUMMER20` works at checkout" in review, review
    code_step = _step("create", None, _code(UNKNOWN))
    assert code_step.new is not None
    linked = PlanStep(
        "create",
        code_step.urn,
        None,
        ResourceState(
            code_step.new.type,
            None,
            code_step.new.inputs,
            {},
            property_dependencies={"promotion": (created.urn,)},
        ),
    )
    review = render_review(Plan(steps=(created, linked)))
    assert "**Code `SUMMER20` gives 15% off on `beans` only** at checkout" in review, review
