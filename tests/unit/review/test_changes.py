"""Field-level changes: catalog-style paths, natural order, nothing computed."""

from __future__ import annotations

from collections.abc import Callable

from paylinks.review import Plan, field_changes
from paylinks.review.changes import ABSENT, format_path

PlanOf = Callable[[str], Plan]


def test_paths_read_like_catalog_paths() -> None:
    assert format_path(["line_items", 0, "quantity"]) == "line_items[0].quantity"
    assert format_path(["metadata", "a.b"]) == 'metadata["a.b"]'
    assert format_path(["custom_fields", 2, "label", "custom"]) == "custom_fields[2].label.custom"


def test_update_lists_only_changed_inputs(plan_of: PlanOf) -> None:
    plan = plan_of("update")
    link = next(s for s in plan.steps if s.name == "payment-link-spring-sale")
    changes = {c.path: (c.old, c.new) for c in field_changes(link)}
    assert changes == {
        "line_items[0].quantity": (1, 2),
        "metadata": (ABSENT, {"campaign": "spring"}),
    }


def test_create_lists_every_leaf_but_not_key_scope_provider_or_default_active(
    plan_of: PlanOf,
) -> None:
    plan = plan_of("create")
    link = next(s for s in plan.steps if s.name == "payment-link-basic-checkout")
    paths = [c.path for c in field_changes(link)]
    assert paths == [
        "line_items[0].adjustable_quantity.enabled",
        "line_items[0].adjustable_quantity.maximum",
        "line_items[0].price",
        "line_items[0].quantity",
    ]


def test_delete_has_no_field_changes(plan_of: PlanOf) -> None:
    plan = plan_of("removal")
    link = next(s for s in plan.steps if s.op == "delete")
    assert field_changes(link) == []


def test_line_items_sort_naturally(plan_of: PlanOf) -> None:
    plan = plan_of("large")
    bundle = next(s for s in plan.steps if s.name == "payment-link-bundle")
    prices = [c.path for c in field_changes(bundle) if c.path.endswith(".price")]
    assert prices == [f"line_items[{i}].price" for i in range(12)]
