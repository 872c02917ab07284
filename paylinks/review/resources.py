"""What a plan step means for a paylinks resource: its kind, logical key and Stripe action.

Pulumi only knows create/update/delete/replace. For Stripe the same step means different things
per kind: deleting a payment link deactivates it (its URL shows an expiry page), deleting a price
archives it, deleting a product removes it (deleted if it has no prices, else archived: which one
is only known when Stripe answers), replacing a link issues a new URL. This module names those
meanings once, so the renderer never re-derives them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from paylinks.review.plan import Plan, PlanStep
from schemas.kinds import KINDS

__all__ = [
    "Action",
    "Kind",
    "ResourceChange",
    "classify",
    "resource_changes",
]


class Kind(enum.Enum):
    """The paylinks resource kinds, in review order (what a link depends on comes first)."""

    ENTITLEMENT_FEATURE = (
        0, "Entitlement feature", "Entitlement features", "archive", "entitlement_feature"
    )
    PRODUCT = (1, "Product", "Products", "remove", "product")
    PRODUCT_FEATURE = (2, "Product feature", "Product features", "detach", "")
    PRICE = (3, "Price", "Prices", "archive", "price")
    COUPON = (4, "Coupon", "Coupons", "delete", "coupon")
    PROMOTION_CODE = (5, "Promotion code", "Promotion codes", "deactivate", "promotion_code")
    SHIPPING_RATE = (6, "Shipping rate", "Shipping rates", "archive", "shipping_rate")
    PAYMENT_LINK = (7, "Payment link", "Payment links", "deactivate", "payment_link")
    WEBHOOK_ENDPOINT = (8, "Webhook endpoint", "Webhook endpoints", "delete", "webhook_endpoint")
    OTHER = (9, "Resource", "Other resources", "delete", "")

    def __init__(self, order: int, label: str, plural: str, removal: str, name: str) -> None:
        self.order = order
        self.label = label
        self.plural = plural
        self.removal = removal
        """The Stripe action behind a Pulumi delete (Stripe can't delete links or prices)."""
        self.fields = KINDS.get(name)
        """The kind's field description (`schemas.kinds`): what is fixed, what is a reference."""


class Action(enum.Enum):
    """What the step does, in Stripe's terms; the value is the summary wording."""

    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"
    ARCHIVE = "archive"
    REMOVE = "remove"
    """Deleted or archived, whichever Stripe allows (a product)."""
    DELETE = "delete"
    ATTACH = "attach"
    """A product starts granting an entitlement feature."""
    DETACH = "detach"
    """A product stops granting an entitlement feature."""


#: Type-token names (``pulumi-python:dynamic/<module>:<Name>``) and URN-name prefixes per kind.
_NAMES: dict[str, Kind] = {
    "product": Kind.PRODUCT,
    "price": Kind.PRICE,
    "paymentlink": Kind.PAYMENT_LINK,
    "payment_link": Kind.PAYMENT_LINK,
    "payment-link": Kind.PAYMENT_LINK,
    "link": Kind.PAYMENT_LINK,
    "coupon": Kind.COUPON,
    "promotioncode": Kind.PROMOTION_CODE,
    "promotion_code": Kind.PROMOTION_CODE,
    "promotion-code": Kind.PROMOTION_CODE,
    "shippingrate": Kind.SHIPPING_RATE,
    "shipping_rate": Kind.SHIPPING_RATE,
    "shipping-rate": Kind.SHIPPING_RATE,
    "webhookendpoint": Kind.WEBHOOK_ENDPOINT,
    "webhook_endpoint": Kind.WEBHOOK_ENDPOINT,
    "webhook-endpoint": Kind.WEBHOOK_ENDPOINT,
    "webhook": Kind.WEBHOOK_ENDPOINT,
    "entitlementfeature": Kind.ENTITLEMENT_FEATURE,
    "entitlement_feature": Kind.ENTITLEMENT_FEATURE,
    "productfeature": Kind.PRODUCT_FEATURE,
    "product_feature": Kind.PRODUCT_FEATURE,
}

#: Ops that change nothing (or are the hidden halves of a ``replace``).
_NO_CHANGE_OPS = frozenset(
    {"same", "read", "refresh", "discard", "discard-replaced", "remove-pending-replace"}
)
_REPLACE_OPS = frozenset({"replace", "create-replacement", "delete-replaced", "read-replacement"})


def _inputs(step: PlanStep) -> Mapping[str, Any]:
    state = step.new or step.old
    return state.inputs if state is not None else {}


def classify(step: PlanStep) -> Kind:
    """The kind of resource a step touches.

    Looked up, in order, from the type token's name (``...:PaymentLink``), the first word of the
    logical name (``payment_link:spring-sale``, ``price-pro-monthly``), then the fields its inputs
    carry — so it works whatever naming the program settles on.
    """
    token_name = step.type.rsplit(":", 1)[-1].lower()
    if token_name in _NAMES:
        return _NAMES[token_name]
    for separator in (":", "/", "."):
        head = step.name.split(separator, 1)[0].lower()
        if head != step.name.lower() and head in _NAMES:
            return _NAMES[head]
    inputs = _inputs(step)
    if "line_items" in inputs:
        return Kind.PAYMENT_LINK
    if "entitlement_feature" in inputs and "product_key" in inputs:
        return Kind.PRODUCT_FEATURE
    if "enabled_events" in inputs:
        return Kind.WEBHOOK_ENDPOINT
    if "fixed_amount" in inputs and "display_name" in inputs:
        return Kind.SHIPPING_RATE
    if "promotion" in inputs and "code" in inputs:
        return Kind.PROMOTION_CODE
    if "percent_off" in inputs or "amount_off" in inputs:
        return Kind.COUPON
    if "currency" in inputs and "product" in inputs:
        return Kind.PRICE
    if "name" in inputs and "key" in inputs:
        return Kind.PRODUCT
    return Kind.OTHER


@dataclass(frozen=True)
class ResourceChange:
    """One resource the plan changes, with its meaning for Stripe."""

    kind: Kind
    key: str
    """The logical catalog key (input ``key``), else the Pulumi name."""
    action: Action
    step: PlanStep

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Kind order, then key, then URN: a total order, so output is byte-stable."""
        return (self.kind.order, self.key, self.step.urn)

    @property
    def url(self) -> str | None:
        """The link's current public URL (from the old outputs), when there is one."""
        if self.step.old is None:
            return None
        url = self.step.old.outputs.get("url")
        return url if isinstance(url, str) and url else None


def _key(step: PlanStep) -> str:
    for state in (step.new, step.old):
        if state is not None and isinstance(state.inputs.get("key"), str):
            owner = state.inputs.get("product_key")  # a product feature: `<product>/<feature>`
            key = str(state.inputs["key"])
            return f"{owner}/{key}" if isinstance(owner, str) else key
    return step.name


def _active_flip(step: PlanStep) -> tuple[Any, Any]:
    old = step.old.inputs.get("active", step.old.outputs.get("active")) if step.old else None
    new = step.new.inputs.get("active") if step.new else None
    return old, new


def _action(step: PlanStep, kind: Kind) -> Action | None:
    op = step.op
    if op in _NO_CHANGE_OPS:
        return None
    if op in _REPLACE_OPS:
        return Action.REPLACE
    if op in ("create", "import", "import-replacement"):
        return Action.ATTACH if kind is Kind.PRODUCT_FEATURE else Action.CREATE
    if op == "delete":
        return Action(kind.removal)
    if op == "update":
        if kind in (Kind.PAYMENT_LINK, Kind.PROMOTION_CODE):
            # Without `active` in the catalog, a link or a code is active (Stripe's default).
            old, new = _active_flip(step)
            if old is False and new is not False:
                return Action.REACTIVATE
            if old is not False and new is False:
                return Action(kind.removal)
        return Action.UPDATE
    return Action.UPDATE


def resource_changes(plan: Plan) -> list[ResourceChange]:
    """Every paylinks resource the plan changes, sorted by kind then key.

    The stack itself and provider resources are left out. When the plan lists the hidden halves of
    a replacement (``--show-replacement-steps``) they fold into one ``replace`` per resource.
    """
    by_urn: dict[str, ResourceChange] = {}
    for step in plan.steps:
        if step.type == "pulumi:pulumi:Stack" or step.type.startswith("pulumi:providers:"):
            continue
        kind = classify(step)
        action = _action(step, kind)
        if action is None:
            continue
        seen = by_urn.get(step.urn)
        if seen is not None and (seen.step.op == "replace" or step.op != "replace"):
            continue
        by_urn[step.urn] = ResourceChange(kind=kind, key=_key(step), action=action, step=step)
    return sorted(by_urn.values(), key=lambda change: change.sort_key)
