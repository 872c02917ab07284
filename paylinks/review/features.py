"""What a plan means for the entitlement features customers get, in their terms.

A product grants a feature through an attachment (`providers.product_feature`), so the reviewer
reads "product `pro` now includes API access", not attachment ids; a feature removed from the
catalog is archived, so no product grants it any more; a new lookup key is a new feature the apps
checking entitlements must look up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paylinks.review.plan import Plan
from paylinks.review.resources import Action, Kind, ResourceChange, classify
from paylinks.review.values import code

__all__ = ["feature_names", "feature_notes"]


def _inputs(change: ResourceChange, side: str) -> Mapping[str, Any]:
    state = change.step.new if side == "new" else change.step.old
    return state.inputs if state is not None else {}


def feature_names(plan: Plan) -> dict[str, str]:
    """Feature key → its ``name``: from the stack's ``entitlement_features`` output (features
    the plan doesn't change have no step), then from each feature step, the new name last."""
    names: dict[str, str] = {}
    for step in plan.steps:
        if step.type == "pulumi:pulumi:Stack" and step.old is not None:
            declared = step.old.outputs.get("entitlement_features")
            for key, feature in (declared if isinstance(declared, Mapping) else {}).items():
                if isinstance(feature, Mapping) and isinstance(feature.get("name"), str):
                    names[str(key)] = feature["name"]
    for step in plan.steps:
        if classify(step) is not Kind.ENTITLEMENT_FEATURE:
            continue
        for state in (step.old, step.new):
            inputs = state.inputs if state is not None else {}
            if isinstance(inputs.get("key"), str) and isinstance(inputs.get("name"), str):
                names[inputs["key"]] = inputs["name"]
    return names


def _grant_note(change: ResourceChange, names: Mapping[str, str]) -> str | None:
    inputs = _inputs(change, "new") or _inputs(change, "old")
    product, key = str(inputs.get("product_key", "?")), str(inputs.get("key", change.key))
    feature = names.get(key, key)
    if change.action is Action.ATTACH:
        return f"- ✅ **Product {code(product)} now includes {feature}** (feature {code(key)})."
    if change.action is Action.DETACH:
        return (
            f"- 🚫 **Product {code(product)} no longer includes {feature}** (feature "
            f"{code(key)}): its customers stop being entitled to it."
        )
    return None


def _feature_note(change: ResourceChange) -> str | None:
    old, new = _inputs(change, "old"), _inputs(change, "new")
    name = str(new.get("name") or old.get("name") or change.key)
    title = f"Feature {code(name)}"
    if change.action is Action.ARCHIVE:
        return (
            f"- 🗄️ **{title} is archived**: products no longer grant it. Archiving is final in "
            "Stripe: adding it back creates a new feature with the same lookup key."
        )
    if change.action is Action.CREATE:
        return f"- 🆕 **{title} is created** with lookup key {code(str(new.get('lookup_key')))}."
    if change.action is Action.REPLACE and old.get("lookup_key") != new.get("lookup_key"):
        return (
            f"- 🔁 **{title} gets the lookup key {code(str(new.get('lookup_key')))}** (was "
            f"{code(str(old.get('lookup_key')))}): Stripe can't change a lookup key, so a new "
            "feature is created, the products granting the old one move to it, and the old one "
            "is archived. Apps checking the old lookup key must check the new one."
        )
    if change.action is Action.UPDATE and old.get("name") != new.get("name"):
        was = code(str(old.get("name")))
        return f"- ✏️ **Feature {was} is renamed {code(name)}** (the same feature object)."
    return None


def feature_notes(changes: list[ResourceChange], plan: Plan) -> list[str]:
    """One line per feature created, renamed, archived or replaced, and per product that starts
    or stops granting one."""
    names = feature_names(plan)
    notes = []
    for change in changes:
        if change.kind is Kind.ENTITLEMENT_FEATURE:
            note = _feature_note(change)
        elif change.kind is Kind.PRODUCT_FEATURE:
            note = _grant_note(change, names)
        else:
            note = None
        if note is not None:
            notes.append(note)
    return notes
