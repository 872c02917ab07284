"""What a plan means for the promotion codes customers type, in their terms.

A code's discount is its coupon's: the review says what typing the code takes off ("15% off",
"€3.00 off (for 3 months of a subscription)"), and when a coupon change replaces the code, what
it takes off now and what it took off before, rather than which Stripe objects change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.models.money import format_amount  # Stripe's minor units, as customers read them
from paylinks.review.plan import PlanStep, ResourceState
from paylinks.review.resources import Action, Kind, ResourceChange
from paylinks.review.values import code

__all__ = ["discount", "new_text", "promotion_notes"]

_NOTES = {
    Action.DEACTIVATE: "stops working: customers typing it are told it isn't valid",
    Action.CREATE: "works at checkout on links that allow promotion codes",
    Action.REACTIVATE: "works again (the same code object is reactivated)",
    Action.REPLACE: "is replaced: the old code stops working, then the new one with the same "
    "text starts working",
}
_COUPON_TYPE = ":Coupon"


def discount(coupon: Mapping[str, Any] | None, products: list[str] | None = None) -> str | None:
    """``15% off``, ``€3.00 off (for 3 months of a subscription)``... for a coupon's inputs, with
    the products it is limited to (``on `house-blend` only``); None when not known."""
    coupon = coupon or {}
    percent, amount, currency = (
        coupon.get("percent_off"),
        coupon.get("amount_off"),
        coupon.get("currency"),
    )
    if isinstance(percent, int | float) and not isinstance(percent, bool):
        text = f"{percent:g}% off"
    elif isinstance(amount, int) and not isinstance(amount, bool) and isinstance(currency, str):
        text = f"{format_amount(amount, currency)} off"
    else:
        return None
    if products:
        text += f" on {', '.join(code(p) for p in products)} only"
    duration, months = coupon.get("duration", "once"), coupon.get("duration_in_months")
    if duration == "forever":
        return f"{text} (every payment of a subscription)"
    if duration == "repeating" and isinstance(months, int):
        return f"{text} (for {months} month{'s' if months != 1 else ''} of a subscription)"
    return text


def _limited_to(state: ResourceState | None) -> list[str] | None:
    """Keys of the products a coupon's ``applies_to`` names, read from the URNs its input came
    from (a new product's id is unknown at preview); the ids when none are recorded."""
    if state is None:
        return None
    applies_to = state.inputs.get("applies_to")
    ids = applies_to.get("products") if isinstance(applies_to, Mapping) else None
    if not isinstance(ids, list) or not ids:
        return None
    urns = state.property_dependencies.get("applies_to", ())
    if urns:
        return sorted(urn.rsplit("::", 1)[-1] for urn in urns)
    return [str(product) for product in ids]


def new_text(change: ResourceChange) -> tuple[str, str] | None:
    """``(old, new)`` texts of a code whose text changes (regardless of case), else None."""
    old, new = (
        state.inputs.get("code") if state is not None else None
        for state in (change.step.old, change.step.new)
    )
    if isinstance(old, str) and isinstance(new, str) and old.upper() != new.upper():
        return old, new
    return None


def _code_text(change: ResourceChange) -> str:
    for state in (change.step.new, change.step.old):
        inputs: Mapping[str, Any] = state.inputs if state is not None else {}
        if isinstance(inputs.get("code"), str):
            return str(inputs["code"])
    return change.key


def _coupon_id(inputs: Mapping[str, Any]) -> Any:
    promotion = inputs.get("promotion")
    return promotion.get("coupon") if isinstance(promotion, Mapping) else None


def _coupon_step(
    steps: tuple[PlanStep, ...], *, urns: tuple[str, ...], id_: Any
) -> PlanStep | None:
    """The plan's step of the coupon a code names: by the URN its input came from, else by id."""
    coupons = [s for s in steps if s.type.endswith(_COUPON_TYPE)]
    for step in coupons:
        if step.urn in urns:
            return step
    for step in coupons:
        if isinstance(id_, str) and id_ in {s.id for s in (step.old, step.new) if s is not None}:
            return step
    return None


def _discounts(
    change: ResourceChange, steps: tuple[PlanStep, ...]
) -> tuple[str | None, str | None]:
    """What the code took off before the plan and what it takes off after it."""
    old, new = change.step.old, change.step.new
    before = after = None
    if old is not None:
        step = _coupon_step(steps, urns=(), id_=_coupon_id(old.inputs))
        before_state = step.old if step else None
        before = discount(
            before_state.inputs if before_state else None,
            _limited_to(before_state),
        )
    if new is not None:
        urns = new.property_dependencies.get("promotion", ())
        step = _coupon_step(steps, urns=urns, id_=_coupon_id(new.inputs))
        if step is None and old is not None:  # the same coupon, not in the plan's steps
            step = _coupon_step(steps, urns=(), id_=_coupon_id(old.inputs))
        after_state = step.new if step else None
        after = discount(
            after_state.inputs if after_state else None,
            _limited_to(after_state),
        )
    return before, after


def _note(change: ResourceChange, steps: tuple[PlanStep, ...]) -> str:
    title = f"Code {code(_code_text(change))}"
    before, after = _discounts(change, steps)
    texts = new_text(change) if change.action is Action.REPLACE else None
    if texts is not None:
        gives = f" (it gives {after})" if after else ""
        return (
            f"- **Code {code(texts[0])} stops working: customers type {code(texts[1])} "
            f"instead**{gives}."
        )
    if change.action is Action.CREATE and after:
        return f"- **{title} gives {after}** at checkout on links that allow promotion codes."
    if change.action is Action.REPLACE and after and after != before:
        was = f" (was {before})" if before else ""
        return (
            f"- **{title} now gives {after}**{was}: Stripe can't change a code, so the old code "
            "is deactivated and a new one with the same text takes its place."
        )
    return f"- **{title} {_NOTES[change.action]}**."


def promotion_notes(changes: list[ResourceChange], steps: tuple[PlanStep, ...] = ()) -> list[str]:
    """One line per promotion code that starts, stops or changes working; `steps` (the whole
    plan's, unchanged ones included) tell each code's discount."""
    return [
        _note(change, steps)
        for change in changes
        if change.kind is Kind.PROMOTION_CODE and change.action in _NOTES
    ]
