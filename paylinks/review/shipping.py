"""What a plan means for shipping costs customers pay, in their terms.

A shipping rate's amount can't change in Stripe: a new amount is a new rate, and every link
offering the old one moves to it in place. The reviewer cares about the outcome on each link
("shipping on link `kit` now costs €6.90"), not about rate ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.models.money import format_amount  # Stripe's minor units, as customers read them
from paylinks.review.plan import PlanStep
from paylinks.review.resources import Action, Kind, ResourceChange
from paylinks.review.values import code

__all__ = ["charge", "shipping_notes"]


def charge(inputs: Mapping[str, Any] | None) -> str | None:
    """``€6.90`` for a shipping rate's inputs, or None when not known."""
    fixed = (inputs or {}).get("fixed_amount")
    if not isinstance(fixed, Mapping):
        return None
    amount, currency = fixed.get("amount"), fixed.get("currency")
    if isinstance(amount, int | float) and isinstance(currency, str):
        return format_amount(int(amount), currency)
    return None


def _offered_rate_ids(change: ResourceChange) -> set[str]:
    inputs = change.step.old.inputs if change.step.old is not None else {}
    options = inputs.get("shipping_options")
    return {
        str(option["shipping_rate"])
        for option in (options if isinstance(options, list) else [])
        if isinstance(option, Mapping) and isinstance(option.get("shipping_rate"), str)
    }


def _rate_note(rate: ResourceChange, links: list[ResourceChange]) -> list[str]:
    old_state, new_state = rate.step.old, rate.step.new
    old_charge = charge(old_state.inputs if old_state else None)
    new_charge = charge(new_state.inputs if new_state else None)
    title = f"Shipping rate {code(rate.key)}"
    if rate.action is Action.ARCHIVE:
        price = f" ({old_charge})" if old_charge else ""
        return [f"- 📦 **{title}{price} is archived**: new checkouts stop offering it."]
    if rate.action is not Action.REPLACE or old_state is None or new_charge == old_charge:
        return []
    was = f" (was {old_charge})" if old_charge else ""
    users = [link for link in links if old_state.id in _offered_rate_ids(link)]
    if not users:
        return [f"- 📦 **{title} now costs {new_charge}**{was}; the old rate is archived."]
    return [
        f"- 📦 **Shipping on link {code(link.key)} now costs {new_charge}**{was}; the link keeps "
        "its URL and moves to the new rate, the old rate is archived."
        for link in users
    ]


def _offered_rates(link: ResourceChange, rates: list[PlanStep]) -> tuple[set[str], set[str]]:
    """URNs of the rates a link offered before the plan and offers after it (a new option's
    rate id is unknown at preview: its URN comes from the input's property dependencies)."""
    old_ids = _offered_rate_ids(link)
    before = {rate.urn for rate in rates if rate.old is not None and rate.old.id in old_ids}
    new = link.step.new
    after = set(new.property_dependencies.get("shipping_options", ())) if new else set()
    return before, after


def _rate_title(rate: PlanStep, *, new: bool) -> str:
    state = (rate.new or rate.old) if new else (rate.old or rate.new)
    inputs = state.inputs if state is not None else {}
    name = inputs.get("display_name") or rate.name
    price = charge(inputs)
    return f"{name} ({price})" if price else str(name)


def _option_notes(link: ResourceChange, rates: list[PlanStep]) -> list[str]:
    """A link that starts or stops offering a rate (not a rate moved to a new amount)."""
    if link.action is not Action.UPDATE:
        return []
    before, after = _offered_rates(link, rates)
    if not after and link.step.new is not None and "shipping_options" in link.step.new.inputs:
        return []  # no dependencies recorded: can't tell which rates
    by_urn = {rate.urn: rate for rate in rates}
    notes = [
        f"- 📦 **Link {code(link.key)} now offers {_rate_title(by_urn[urn], new=True)}**."
        for urn in sorted(after - before)
        if urn in by_urn
    ]
    notes += [
        f"- 📦 **Link {code(link.key)} stops offering {_rate_title(by_urn[urn], new=False)}**."
        for urn in sorted(before - after)
        if urn in by_urn
    ]
    return notes


def shipping_notes(changes: list[ResourceChange], steps: tuple[PlanStep, ...] = ()) -> list[str]:
    """One line per link whose shipping cost changes or that starts or stops offering a rate,
    and per archived shipping rate; `steps` (the whole plan's) name the rates links offer."""
    links = [c for c in changes if c.kind is Kind.PAYMENT_LINK]
    rates = [step for step in steps if step.type.endswith(":ShippingRate")]
    notes: list[str] = []
    for change in changes:
        if change.kind is Kind.SHIPPING_RATE:
            notes += _rate_note(change, links)
    for link in links:
        notes += _option_notes(link, rates)
    return notes
