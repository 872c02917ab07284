"""Review a Pulumi plan as a pull-request comment: parse `pulumi preview --json`, compute
field-level changes, and render Markdown that says what customers of each payment link will see."""

from paylinks.review.changes import FieldChange, field_changes
from paylinks.review.plan import Plan, PlanError, PlanStep, ResourceState, parse_plan, read_plan
from paylinks.review.render import marker, render_review
from paylinks.review.resources import Action, Kind, ResourceChange, classify, resource_changes

__all__ = [
    "Action",
    "FieldChange",
    "Kind",
    "Plan",
    "PlanError",
    "PlanStep",
    "ResourceChange",
    "ResourceState",
    "classify",
    "field_changes",
    "marker",
    "parse_plan",
    "read_plan",
    "render_review",
    "resource_changes",
]
