"""`validate_resource`: the catalog's rules applied to one Pulumi resource's inputs (preview time).

The provider's ``check`` calls it. Inputs are the Stripe fields of one object with references as
Stripe ids, plus ``key`` and ``scope`` (and, for payment links, ``line_item_prices``: the facts of
each line item's price, see `schemas.price_facts`). Values Pulumi doesn't know yet (the unknown
sentinel) are never flagged, wherever they appear.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import ValidationError

from schemas.base import RULES_RUN_BY_CALLER, is_logical_key
from schemas.kinds import KINDS
from schemas.numbers import integral_floats_to_int
from schemas.price_facts import LineItemPriceFacts
from schemas.problems import Problem, Violation, format_path
from schemas.rules import check_line_item_prices
from schemas.unknown import is_unknown
from schemas.validation_errors import violations_from_validation_error

__all__ = ["RESOURCE_ONLY_INPUTS", "ResourceKind", "validate_resource"]

ResourceKind = Literal[
    "entitlement_feature",
    "product",
    "price",
    "coupon",
    "promotion_code",
    "shipping_rate",
    "payment_link",
    "webhook_endpoint",
]
"""The resource types whose inputs can be validated."""

RESOURCE_ONLY_INPUTS = frozenset({"key", "scope", "line_item_prices"})
"""Inputs the program adds beside the Stripe fields (not sent to Stripe)."""


def _check_identity(inputs: Mapping[str, Any]) -> list[Violation]:
    violations = []
    key = inputs.get("key")
    if not is_unknown(key) and not is_logical_key(key):
        violations.append(
            Violation(("key",), "the catalog key must be lowercase letters, digits, '-' and '_'")
        )
    scope = inputs.get("scope")
    if not is_unknown(scope) and not (isinstance(scope, str) and scope):
        violations.append(Violation(("scope",), "the stack scope must be a non-empty string"))
    return violations


def _line_item_prices(
    inputs: Mapping[str, Any],
) -> tuple[list[LineItemPriceFacts | None], list[Violation]]:
    raw = inputs.get("line_item_prices")
    line_items = inputs.get("line_items")
    if not isinstance(raw, list):
        problem = []
        if raw is not None and not is_unknown(raw):
            problem = [Violation(("line_item_prices",), "must be a list, one entry per line item")]
        return [], problem
    facts: list[LineItemPriceFacts | None] = [
        item if isinstance(item, Mapping) else None for item in raw  # type: ignore[misc]
    ]
    if isinstance(line_items, list) and len(raw) != len(line_items):
        return facts, [
            Violation(
                ("line_item_prices",),
                f"{len(raw)} entries for {len(line_items)} line items; they must be aligned",
            )
        ]
    return facts, []


def validate_resource(kind: ResourceKind | str, inputs: Mapping[str, Any]) -> list[Problem]:
    """Every problem with one resource's inputs; an empty list means the inputs are valid.

    Problem paths are field paths within the resource (``line_items[3].price``); file and line
    are empty. Inputs set to None (unset fields, declared outputs) count as absent. Raises
    ValueError for an unknown `kind` (a programming error, not a user's).
    """
    if kind not in KINDS:
        expected = ", ".join(get_args(ResourceKind))
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {expected}")
    model = KINDS[kind].model
    normalized = integral_floats_to_int(dict(inputs))
    fields = {
        name: value
        for name, value in normalized.items()
        if name not in RESOURCE_ONLY_INPUTS and not name.startswith("__") and value is not None
    }
    violations = _check_identity(normalized)
    try:
        model.model_validate(fields, context=RULES_RUN_BY_CALLER)
    except ValidationError as error:
        violations += violations_from_validation_error(error, model, fields, ignore_unknown=True)
    if model.rules is not None:
        violations += model.rules(fields)
    if kind == "payment_link":
        facts, problems = _line_item_prices(normalized)
        violations += problems + check_line_item_prices(fields, facts)
    return [Problem("", 0, format_path(v.path), v.message) for v in violations]
