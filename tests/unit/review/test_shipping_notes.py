"""The review tells what customers will pay for shipping, link by link, when a rate changes."""

from __future__ import annotations

from typing import Any

from paylinks.review import render_review
from paylinks.review.plan import Plan, PlanStep, ResourceState
from schemas.unknown import UNKNOWN

_URN = "urn:pulumi:dev::paylinks::pulumi-python:dynamic/paylinks:{type}::{name}"


def _state(type_: str, id_: str | None, inputs: dict[str, Any]) -> ResourceState:
    return ResourceState(f"pulumi-python:dynamic/paylinks:{type_}", id_, inputs, {})


def _rate(amount: int) -> dict[str, Any]:
    return {
        "key": "standard",
        "scope": "dev",
        "display_name": "Standard shipping",
        "fixed_amount": {"amount": amount, "currency": "eur"},
    }


def _link(rate_id: str) -> dict[str, Any]:
    return {
        "key": "kit",
        "scope": "dev",
        "line_items": [{"price": "price_1", "quantity": 1}],
        "shipping_address_collection": {"allowed_countries": ["FR"]},
        "shipping_options": [{"shipping_rate": rate_id}],
    }


def test_a_new_shipping_amount_is_told_per_link_offering_the_rate() -> None:
    plan = Plan(
        steps=(
            PlanStep(
                "replace",
                _URN.format(type="ShippingRate", name="standard"),
                _state("ShippingRate", "shr_old", _rate(490)),
                _state("ShippingRate", None, _rate(690)),
                replace_reasons=("fixed_amount",),
            ),
            PlanStep(
                "update",
                _URN.format(type="PaymentLink", name="kit"),
                _state("PaymentLink", "plink_1", _link("shr_old")),
                _state("PaymentLink", "plink_1", _link(UNKNOWN)),
            ),
        )
    )
    review = render_review(plan)
    assert (
        "**Shipping on link `kit` now costs €6.90** (was €4.90); the link keeps its URL" in review
    ), review
    assert "new URL" not in review
    assert "#### Shipping rates" in review


def test_a_removed_shipping_rate_is_archived_not_deleted() -> None:
    plan = Plan(
        steps=(
            PlanStep(
                "delete",
                _URN.format(type="ShippingRate", name="standard"),
                _state("ShippingRate", "shr_old", _rate(490)),
                None,
            ),
        )
    )
    review = render_review(plan)
    assert "Shipping rate `standard` (€4.90) is archived" in review, review
    assert "archived (Stripe can't delete shipping rates" in review


def _offering(
    rate_ids: list[str], rate_keys: list[str] | None = None, id_: str | None = "plink_1"
) -> ResourceState:
    inputs = {**_link("x"), "shipping_options": [{"shipping_rate": r} for r in rate_ids]}
    urns = tuple(_URN.format(type="ShippingRate", name=k) for k in rate_keys or [])
    return ResourceState(
        "pulumi-python:dynamic/paylinks:PaymentLink",
        id_,
        inputs,
        {},
        property_dependencies={"shipping_options": urns} if rate_keys is not None else {},
    )


def _express(op: str, id_: str | None) -> PlanStep:
    rate = {**_rate(990), "key": "express", "display_name": "Express shipping"}
    state = _state("ShippingRate", id_, rate)
    return PlanStep(
        op,
        _URN.format(type="ShippingRate", name="express"),
        state if op != "create" else None,
        state if op != "delete" else None,
    )


def test_a_link_that_starts_or_stops_offering_a_rate_says_which_and_its_cost() -> None:
    standard = PlanStep(
        "same",
        _URN.format(type="ShippingRate", name="standard"),
        _state("ShippingRate", "shr_std", _rate(490)),
        _state("ShippingRate", "shr_std", _rate(490)),
    )
    link_urn = _URN.format(type="PaymentLink", name="kit")
    offered = PlanStep(
        "update",
        link_urn,
        _offering(["shr_std"]),
        _offering(["shr_std", UNKNOWN], ["standard", "express"]),
    )
    added = render_review(Plan(steps=(standard, _express("create", None), offered)))
    assert "**Link `kit` now offers Express shipping (€9.90)**" in added, added
    assert "Standard shipping" not in added.split("### Changes")[0]

    withdrawn = PlanStep(
        "update",
        link_urn,
        _offering(["shr_std", "shr_exp"]),
        _offering(["shr_std"], ["standard"]),
    )
    removed = render_review(Plan(steps=(standard, _express("delete", "shr_exp"), withdrawn)))
    assert "**Link `kit` stops offering Express shipping (€9.90)**" in removed, removed
    assert "Shipping rate `express` (€9.90) is archived" in removed
