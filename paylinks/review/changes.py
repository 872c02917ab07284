"""Field-level changes of one resource, computed with deepdiff.

Pulumi's preview of a dynamic resource only names top-level keys (and the pickled provider). A
reviewer needs ``line_items[0].quantity: 1 → 2``. We diff the old inputs (what was last applied)
against the new inputs (what the catalog now asks for). Outputs are used only when old inputs are
missing, and only for keys the new inputs carry, so computed fields (ids, urls, timestamps) never
show up as changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from deepdiff import DeepDiff

from paylinks.review.plan import PlanStep
from schemas.kinds import EVERY_ITEM

__all__ = [
    "ABSENT",
    "IGNORED_INPUTS",
    "FieldChange",
    "field_changes",
    "format_path",
    "matches",
    "path_parts",
]

#: Inputs never shown. ``__provider`` is the pickled provider (noise, and a secret);
#: ``line_item_prices`` mirrors the referenced prices' facts: their changes show on the price.
IGNORED_INPUTS = frozenset({"__provider", "line_item_prices"})


#: On a create, ``key`` is the resource's title and ``scope`` is the stack's, the same for all;
#: ``active: true`` (Stripe's default) is left out too, while ``active: false`` shows.
_SHOWN_ELSEWHERE_ON_CREATE = frozenset({"key", "scope"})


class _Absent:
    """Marks the missing side of an added or removed field (distinct from a JSON ``null``)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class FieldChange:
    """One changed field: its path inside the resource inputs and both values."""

    path: str
    """Catalog-style path, e.g. ``line_items[0].quantity`` or ``metadata["a.b"]``."""
    old: Any
    """Previous value, or :data:`ABSENT` when the field is new."""
    new: Any
    """Next value, or :data:`ABSENT` when the field goes away."""


def format_path(parts: list[Any]) -> str:
    """Render a deepdiff path list the way the catalog's error messages do."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(str(part)):
            text += f".{part}" if text else str(part)
        else:
            text += '["' + str(part).replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return text


_PATH_PART = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')


def path_parts(path: str) -> list[str | int]:
    """`format_path` undone: ``line_items[0].price`` → ``["line_items", 0, "price"]``."""
    parts: list[str | int] = []
    for name, index, quoted in _PATH_PART.findall(path):
        if index:
            parts.append(int(index))
        else:
            parts.append(name or re.sub(r"\\(.)", r"\1", quoted))
    return parts


def matches(pattern: tuple[str, ...], parts: list[str | int]) -> bool:
    """Whether a concrete path is a place a `schemas.kinds` pattern (``[]`` = any item) names."""
    return len(pattern) == len(parts) and all(
        p == EVERY_ITEM or p == str(part) for p, part in zip(pattern, parts, strict=True)
    )


def _visible(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in IGNORED_INPUTS}


def _old_side(step: PlanStep, new: Mapping[str, Any]) -> dict[str, Any]:
    if step.old is None:
        return {}
    if step.old.inputs:
        return _visible(step.old.inputs)
    return {k: v for k, v in _visible(step.old.outputs).items() if k in new}


def field_changes(step: PlanStep) -> list[FieldChange]:
    """Changed fields of one step, sorted by path so the same plan renders the same text.

    A create lists every new input (old side absent); a delete lists nothing, since what matters is
    the removal itself.
    """
    if step.new is None:
        return []
    new = _visible(step.new.inputs)
    old = _old_side(step, new)
    if not old:
        shown = {
            k: v
            for k, v in new.items()
            if k not in _SHOWN_ELSEWHERE_ON_CREATE and (k, v) != ("active", True)
        }
        return sorted(
            (FieldChange(format_path(parts), ABSENT, value) for parts, value in _leaves(shown)),
            key=lambda change: _sort_key(change.path),
        )
    changes = _diff(old, new)
    if not changes and step.op == "update" and step.old is not None:
        # The inputs agree but the provider plans an update: what Stripe holds (the outputs)
        # differs from the intent, e.g. a lookup key stored as `<scope>:<key>` by an older
        # version moving to the declared key. Show that difference, for declared keys only.
        outputs = {k: v for k, v in _visible(step.old.outputs).items() if k in new}
        changes = _diff(outputs, {k: v for k, v in new.items() if k in outputs})
    return changes


def _diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    tree = DeepDiff(dict(old), dict(new), view="tree", verbose_level=2)
    changes: list[FieldChange] = []
    for report, levels in tree.items():
        for level in levels:
            old_value = ABSENT if report.endswith("_added") else level.t1
            new_value = ABSENT if report.endswith("_removed") else level.t2
            changes.append(
                FieldChange(format_path(level.path(output_format="list")), old_value, new_value)
            )
    return sorted(changes, key=lambda change: _sort_key(change.path))


def _leaves(value: Any, parts: list[Any] | None = None) -> list[tuple[list[Any], Any]]:
    """Every leaf of a nested input as (path parts, value); empty containers count as leaves."""
    parts = parts or []
    if isinstance(value, Mapping) and value:
        return [leaf for k, v in value.items() for leaf in _leaves(v, [*parts, k])]
    if isinstance(value, list) and value:
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, [*parts, i])]
    return [(parts, value)]


def _sort_key(path: str) -> list[tuple[int, Any]]:
    """Order paths naturally: ``line_items[2]`` before ``line_items[10]``."""
    return [
        (0, int(tok)) if tok.isdigit() else (1, tok) for tok in re.split(r"[\[\].]+", path) if tok
    ]
