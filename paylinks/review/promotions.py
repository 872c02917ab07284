"""What a plan means for the promotion codes customers type, in their terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paylinks.review.resources import Action, Kind, ResourceChange
from paylinks.review.values import code

__all__ = ["promotion_notes"]

_NOTES = {
    Action.DEACTIVATE: "stops working: customers typing it are told it isn't valid",
    Action.CREATE: "works at checkout on links that allow promotion codes",
    Action.REACTIVATE: "works again (the same code object is reactivated)",
    Action.REPLACE: "is replaced: the old code stops working, then the new one with the same "
    "text starts working",
}


def _code_text(change: ResourceChange) -> str:
    for state in (change.step.new, change.step.old):
        inputs: Mapping[str, Any] = state.inputs if state is not None else {}
        if isinstance(inputs.get("code"), str):
            return str(inputs["code"])
    return change.key


def promotion_notes(changes: list[ResourceChange]) -> list[str]:
    """One line per promotion code that starts, stops or changes working."""
    notes = []
    for change in changes:
        if change.kind is not Kind.PROMOTION_CODE or change.action not in _NOTES:
            continue
        notes.append(f"- **Code {code(_code_text(change))} {_NOTES[change.action]}**.")
    return notes
