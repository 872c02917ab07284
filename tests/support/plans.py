"""Reading `pulumi preview --json` plans in assertions."""

from __future__ import annotations

from typing import Any


def plan_ops(plan: dict[str, Any]) -> dict[str, list[str]]:
    """`preview --json` steps as ``{"PaymentLink::beans": ["update"], ...}`` (ops in order)."""
    ops: dict[str, list[str]] = {}
    for step in plan.get("steps", []):
        type_, name = step["urn"].split("::")[-2:]
        ops.setdefault(f"{type_.rsplit(':', 1)[-1]}::{name}", []).append(step["op"])
    return ops


def changed(ops: dict[str, list[str]]) -> set[str]:
    """Resources the plan touches (preview lists unchanged ones as `same`, or not at all)."""
    return {
        name
        for name, step_ops in ops.items()
        if not name.startswith("Stack::") and set(step_ops) != {"same"}
    }
