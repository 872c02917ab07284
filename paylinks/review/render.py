"""Markdown for a pull-request comment that reviews one stack's plan.

Order of the comment, most important first: what happens to public payment link URLs (customers
hold those), the summary, then each resource's field-level changes. Output depends only on the plan
(sorted everywhere, no timestamps), so re-running the review on the same plan gives the same bytes
and the workflow's "update the comment" step is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from paylinks.review.changes import ABSENT, FieldChange, field_changes, matches, path_parts
from paylinks.review.features import feature_notes
from paylinks.review.plan import Plan
from paylinks.review.promotions import new_text, promotion_notes
from paylinks.review.resources import Action, Kind, ResourceChange, resource_changes
from paylinks.review.shipping import shipping_notes
from paylinks.review.values import code, format_value, redact
from schemas.kinds import KINDS
from schemas.unknown import UNKNOWN

__all__ = [
    "MAX_COMMENT_CHARS",
    "MAX_FIELDS_EXPANDED",
    "MAX_RESOURCES_EXPANDED",
    "marker",
    "render_review",
]

#: A resource with more field changes than this shows them in a collapsed ``<details>`` block.
MAX_FIELDS_EXPANDED = 10
#: A plan touching more resources than this collapses each kind's group.
MAX_RESOURCES_EXPANDED = 20
#: GitHub rejects comments over 65,536 characters; stay well under it.
MAX_COMMENT_CHARS = 60_000
_MAX_ERROR_LINES = 40

_REPLACE_CONSEQUENCE = {
    Kind.ENTITLEMENT_FEATURE: "Stripe can't change a feature's lookup key: a new feature is "
    "created, the products granting the old one move to it, and the old one is archived.",
    Kind.PRODUCT: "A new product is created and the old one archived.",
    Kind.PRODUCT_FEATURE: "The product grants the new feature object, then stops granting the "
    "old one.",
    Kind.PRICE: "Stripe prices are immutable: a new price is created and the old one archived.",
    Kind.COUPON: "Stripe only renames coupons: a new coupon is created (and new promotion codes "
    "for it), and the old one deleted (discounts customers already have keep working).",
    Kind.PROMOTION_CODE: "Stripe can't change this: the old code is deactivated first, then a new "
    "code with the same text is created (two active codes can't share it).",
    Kind.SHIPPING_RATE: "Stripe can't change a shipping rate's amount or name: a new rate is "
    "created, the links offering the old one move to it in place (same URL), and the old rate is "
    "archived.",
    Kind.PAYMENT_LINK: "A new link with a **new URL** is created and the old link deactivated.",
    Kind.WEBHOOK_ENDPOINT: "A new endpoint (with a new signing secret) is created and the old one "
    "deleted.",
    Kind.OTHER: "A new resource is created and the old one removed.",
}
_NEW_TEXT_CONSEQUENCE = (
    "The code gets new text: the new code is created first (so if Stripe refuses it, the old one "
    "keeps working), then the old one is deactivated."
)
_REMOVAL_CONSEQUENCE = {
    Kind.ENTITLEMENT_FEATURE: "archived for good (Stripe can't delete features nor reactivate "
    "an archived one; no product grants it)",
    Kind.PRODUCT: "deleted, or archived if it has prices (Stripe can't delete those)",
    Kind.PRODUCT_FEATURE: "detached (the product stops granting the feature)",
    Kind.PRICE: "archived (Stripe can't delete prices)",
    Kind.COUPON: "deleted (existing discounts keep working; no new checkout can use it)",
    Kind.PROMOTION_CODE: "deactivated (customers typing it are told it isn't valid)",
    Kind.SHIPPING_RATE: "archived (Stripe can't delete shipping rates; new checkouts stop "
    "offering it)",
    Kind.PAYMENT_LINK: "deactivated (its URL shows an expiry page)",
    Kind.WEBHOOK_ENDPOINT: "deleted (Stripe stops sending events to it)",
    Kind.OTHER: "deleted",
}


def marker(stack: str) -> str:
    """The hidden HTML comment by which the workflow finds (and updates) its one comment."""
    return f"<!-- paylinks-review:{stack} -->"


def _summary(changes: list[ResourceChange]) -> str:
    counts = {action: 0 for action in Action}
    for change in changes:
        counts[change.action] += 1
    parts = [f"{n} to {action.value}" for action, n in counts.items() if n]
    return "**Plan:** " + ", ".join(parts) + "."


def _title(change: ResourceChange) -> str:
    return f"{change.kind.label} {code(change.key)}"


def _id_names(changes: list[ResourceChange]) -> dict[str, str]:
    """Stripe id → "Price `pro-monthly`" for each resource the plan touches, to name references."""
    names: dict[str, str] = {}
    for change in changes:
        if change.step.old is not None and change.step.old.id:
            names[change.step.old.id] = _title(change)
    return names


def _fixed_reasons(change: ResourceChange, names: dict[str, str]) -> list[str]:
    """Why Stripe can't apply a change in place: the changed fields the kind's description marks
    fixed (a link's ``currency``, a line item's ``price``), naming a replaced referenced object."""
    fields = change.kind.fields
    if fields is None:
        return []
    reasons = []
    for item in field_changes(change.step):
        parts = path_parts(item.path)
        fixed = [p for p in fields.fixed_inside if matches(p, parts)]
        if not fixed and not (parts and parts[0] in fields.fixed):
            continue
        target = next((k for p, k in fields.references.items() if matches(p, parts)), None)
        if item.new == UNKNOWN and isinstance(item.old, str) and item.old in names:
            reasons.append(f"{names[item.old]} is replaced ({code(item.path)})")
        elif target is not None:
            reasons.append(f"{code(item.path)} points at another {KINDS[target].label}")
        else:
            reasons.append(f"{code(item.path)} is fixed when a {fields.label} is created")
    return reasons


def _replace_reason(change: ResourceChange, names: dict[str, str]) -> str:
    reasons = _fixed_reasons(change, names) if change.kind is Kind.PAYMENT_LINK else []
    if not reasons and change.step.replace_reasons:
        fields = ", ".join(code(r) for r in sorted(change.step.replace_reasons))
        reasons = [f"{fields} can't change in place"]
    return "; ".join(reasons) if reasons else "the provider asks for a replacement"


def _link_notes(changes: list[ResourceChange], names: dict[str, str]) -> list[str]:
    notes = []
    for change in changes:
        if change.kind is not Kind.PAYMENT_LINK:
            continue
        title, old_url = _title(change), code(change.url) if change.url else "its current URL"
        if change.action is Action.REPLACE:
            notes.append(
                f"- 🔁 **{title} gets a new URL.** Why: {_replace_reason(change, names)}. "
                f"Customers holding the old URL {old_url} will see an expiry page; "
                "share the new URL after the apply."
            )
        elif change.action is Action.DEACTIVATE:
            notes.append(
                f"- ⛔ **{title} will be deactivated.** Customers opening {old_url} "
                "will see an expiry page."
            )
        elif change.action is Action.REACTIVATE:
            notes.append(f"- ♻️ **{title} will be reactivated**, keeping its URL {old_url}.")
        elif change.action is Action.CREATE:
            notes.append(
                f"- 🆕 **{title} will be published.** It adopts the existing deactivated link "
                "with the same key if there is one, keeping its URL (a reactivation); "
                "otherwise Stripe issues a new URL."
            )
    return notes


def _table(items: list[FieldChange], created: bool) -> list[str]:
    if created:
        lines = ["| Field | Value |", "|---|---|"]
        lines += [f"| {code(i.path)} | {format_value(i.new)} |" for i in items]
    else:
        lines = ["| Field | Old | New |", "|---|---|---|"]
        lines += [
            f"| {code(i.path)} | {format_value(i.old)} | {format_value(i.new)} |" for i in items
        ]
    return lines


def _collapsed(summary: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>"]


def _resource_block(change: ResourceChange, names: dict[str, str]) -> list[str]:
    lines = [f"**{_title(change)}** — {change.action.value}", ""]
    if change.action is Action.REPLACE:
        consequence = _REPLACE_CONSEQUENCE[change.kind]
        if change.kind is Kind.PROMOTION_CODE and new_text(change) is not None:
            consequence = _NEW_TEXT_CONSEQUENCE
        lines += [f"Replaced because {_replace_reason(change, names)}. {consequence}", ""]
    elif (
        change.action
        in (Action.ARCHIVE, Action.REMOVE, Action.DEACTIVATE, Action.DELETE, Action.DETACH)
        and change.step.new is None
    ):
        removal = _REMOVAL_CONSEQUENCE[change.kind]
        lines += [f"Removed from the catalog, so it will be {removal}.", ""]
    items = field_changes(change.step)
    if not items:
        if change.action is Action.UPDATE:
            lines += [
                "No catalog field changes: only Pulumi's own state for it (e.g. the stored "
                "provider reference) is rewritten; nothing changes in Stripe.",
                "",
            ]
        return lines
    created = all(i.old is ABSENT for i in items) and change.action in (
        Action.CREATE, Action.ATTACH
    )
    table = _table(items, created)
    if len(items) > MAX_FIELDS_EXPANDED:
        table = _collapsed(f"{len(items)} fields", table)
    return [*lines, *table, ""]


def _changes_section(changes: list[ResourceChange], names: dict[str, str]) -> list[str]:
    lines = ["### Changes", ""]
    collapse = len(changes) > MAX_RESOURCES_EXPANDED
    for kind in Kind:
        group = [c for c in changes if c.kind is kind]
        if not group:
            continue
        body = [line for change in group for line in _resource_block(change, names)]
        if collapse:
            lines += [*_collapsed(f"<b>{kind.plural}</b> ({len(group)})", body), ""]
        else:
            lines += [f"#### {kind.plural}", "", *body]
    return lines


def _errors(plan: Plan) -> list[str]:
    messages = [d.message.rstrip() for d in plan.diagnostics if d.severity == "error" and d.message]
    if not messages:
        return []
    text = "\n".join(messages).splitlines()
    if len(text) > _MAX_ERROR_LINES:
        text = [*text[:_MAX_ERROR_LINES], f"… {len(text) - _MAX_ERROR_LINES} more lines"]
    body = "\n".join(text).replace("```", "'''")
    return ["### ❌ The preview reported errors", "", "```text", body, "```", ""]


def _truncate(lines: Iterable[str]) -> str:
    text = "\n".join(lines).rstrip("\n") + "\n"
    if len(text) <= MAX_COMMENT_CHARS:
        return text
    kept = text[: text.rfind("\n", 0, MAX_COMMENT_CHARS - 300)]
    unclosed = kept.count("<details>") - kept.count("</details>")
    return (
        kept
        + "\n\n</details>" * unclosed
        + "\n\n_…cut to fit a GitHub comment: run `pulumi preview --diff` for the rest._\n"
    )


def _preflight(problems: Sequence[str]) -> list[str]:
    """`paylinks preflight`'s lines: what the stack's Stripe would refuse partway through."""
    if not problems:
        return []
    body = "\n".join(line.rstrip() for line in problems).replace("```", "'''")
    return [
        "### ⛔ The stack's Stripe would refuse part of this plan",
        "",
        "Another stack sharing the Stripe account (or an object paylinks doesn't manage) holds "
        "values this catalog needs unique on the account; `make deploy` applies nothing until "
        "they are fixed:",
        "",
        "```text",
        body,
        "```",
        "",
    ]


def render_review(plan: Plan, stack: str | None = None, preflight: Sequence[str] = ()) -> str:
    """The whole comment for one stack's plan (``stack`` defaults to the one in the URNs);
    `preflight` are the problems `paylinks preflight` found on the stack's Stripe."""
    stack = stack or plan.stack or "unknown"
    changes = resource_changes(plan)
    errors = _errors(plan)
    refused = _preflight(preflight)
    if not changes and not errors and not refused:
        return f"✅ **{code(stack)}**: no changes. {marker(stack)}\n"
    names = _id_names(changes)
    lines = [marker(stack), f"## paylinks plan for stack {code(stack)}", ""]
    if errors:
        lines += ["**The preview failed**: the plan below may be incomplete.", ""]
    if changes:
        lines += [_summary(changes), ""]
    lines += refused + errors
    notes = _link_notes(changes, names)
    if notes:
        lines += ["### ⚠️ Public payment links", "", *notes, ""]
    shipping = shipping_notes(changes, plan.steps)
    if shipping:
        lines += ["### 🚚 What customers pay for shipping", "", *shipping, ""]
    promotions = promotion_notes(changes, plan.steps)
    if promotions:
        lines += ["### 🏷️ Promotion codes customers type", "", *promotions, ""]
    features = feature_notes(changes, plan)
    if features:
        lines += ["### 🔑 What customers are entitled to", "", *features, ""]
    if changes:
        lines += _changes_section(changes, names)
    return redact(_truncate(lines))
