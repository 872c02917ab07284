"""Subscriptions started by paying a payment link in subscription mode: Stripe's shape, no HTTP.

The subscription bills the session's recurring prices (one item per price, with its quantity;
one-time prices are charged once by Checkout and are not items). It is `trialing` from now to
`trial_end` when the link's `subscription_data.trial_period_days` is set, else `active`; its
metadata and description are the link's `subscription_data` ones. Each item's current period
runs from now to the trial's end, or one billing interval. The emulator makes no invoices:
`latest_invoice` stays null (the spec allows it).
The list leaves `canceled` subscriptions out unless `status` asks (`all`, `ended`), as Stripe's
does; nothing cancels in the emulator yet.
"""

from __future__ import annotations

from typing import Any

from emulator.models.billing_period import period_end
from emulator.models.common import (
    CREATED,
    LIST_PARAMS,
    TIMESTAMP_FILTER,
    Paginated,
    filter_created,
    new_id,
    now,
)
from emulator.models.stored import StoredModel
from emulator.params import Bool, Enum, Obj, Str

__all__ = ["LIST", "LIVE_STATUSES", "SubscriptionModel"]

_STATUSES = (
    "active",
    "canceled",
    "incomplete",
    "incomplete_expired",
    "past_due",
    "paused",
    "trialing",
    "unpaid",
)

#: Statuses in which a subscription grants its products' features.
LIVE_STATUSES = frozenset({"active", "trialing"})

_ENDED = frozenset({"canceled", "incomplete_expired"})

#: `GET /v1/subscriptions`.
LIST = LIST_PARAMS.with_fields(
    {
        **CREATED,
        "automatic_tax": Obj(fields={"enabled": Bool()}, required=("enabled",)),
        "collection_method": Enum(values=("charge_automatically", "send_invoice")),
        "current_period_end": TIMESTAMP_FILTER,
        "current_period_start": TIMESTAMP_FILTER,
        "customer": Str(),
        "customer_account": Str(),
        "price": Str(),
        "status": Enum(values=(*_STATUSES, "all", "ended")),
        "test_clock": Str(),
    }
)


class SubscriptionModel(StoredModel):
    """Start (for Checkout), read and list subscriptions."""

    kind = "subscription"

    def start(
        self,
        customer_id: str,
        currency: str,
        lines: list[tuple[dict[str, Any], int]],
        subscription_data: dict[str, Any],
    ) -> dict[str, Any]:
        """A new subscription of `customer_id` to the recurring `(price, quantity)` lines,
        with the link's `subscription_data` (trial, metadata, description). Call inside the
        transaction that completes the session."""
        started = now()
        subscription_id = new_id("sub_", 24)
        trial_days = subscription_data.get("trial_period_days")
        trial_end = started + int(trial_days) * 86400 if trial_days else None
        items = [
            _item(subscription_id, price, quantity, started, trial_end) for price, quantity in lines
        ]
        subscription = {
            **_DEFAULTS,
            "id": subscription_id,
            "object": "subscription",
            "billing_cycle_anchor": trial_end or started,
            "billing_mode": {
                "flexible": {"proration_discounts": "included"},
                "type": "flexible",
                "updated_at": started,
            },
            "created": started,
            "currency": currency,
            "customer": customer_id,
            "description": subscription_data.get("description"),
            "items": {
                "object": "list",
                "data": items,
                "has_more": False,
                "url": f"/v1/subscription_items?subscription={subscription_id}",
            },
            "metadata": dict(subscription_data.get("metadata") or {}),
            "start_date": started,
            "status": "trialing" if trial_end else "active",
            "trial_end": trial_end,
            "trial_settings": subscription_data.get("trial_settings")
            or {"end_behavior": {"missing_payment_method": "create_invoice"}},
            "trial_start": started if trial_end else None,
        }
        self.store.insert(self.kind, subscription, parent=customer_id)
        return subscription

    def of_customer(self, customer_id: str) -> list[dict[str, Any]]:
        """Every subscription of a customer, newest first."""
        return self.store.all(self.kind, parent=customer_id)

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first, filtered as Stripe's list is (not canceled unless `status` says)."""
        subscriptions = self.store.all(self.kind, parent=params.get("customer"))
        subscriptions = [s for s in subscriptions if _status_matches(s, params.get("status"))]
        subscriptions = filter_created(subscriptions, params)
        for bound in ("current_period_start", "current_period_end"):
            if bound in params:
                subscriptions = [
                    s for s in subscriptions if filter_created(s["items"]["data"], params, bound)
                ]
        if "price" in params:
            subscriptions = [
                s
                for s in subscriptions
                if any(item["price"]["id"] == params["price"] for item in s["items"]["data"])
            ]
        if "automatic_tax" in params:
            wanted = params["automatic_tax"]["enabled"]
            subscriptions = [s for s in subscriptions if s["automatic_tax"]["enabled"] is wanted]
        return self.list_page(
            subscriptions,
            params,
            url,
            equal=("collection_method", "customer_account", "test_clock"),
        )


def _status_matches(subscription: dict[str, Any], wanted: str | None) -> bool:
    status = subscription["status"]
    if wanted is None:
        return status != "canceled"
    if wanted == "all":
        return True
    if wanted == "ended":
        return status in _ENDED
    return bool(status == wanted)


def _item(
    subscription_id: str,
    price: dict[str, Any],
    quantity: int,
    started: int,
    trial_end: int | None,
) -> dict[str, Any]:
    """One subscription item: the price as it is now, its quantity and current period."""
    return {
        "id": new_id("si_", 14),
        "object": "subscription_item",
        "billing_thresholds": None,
        "created": started,
        "current_period_end": trial_end or period_end(started, price["recurring"]),
        "current_period_start": started,
        "discounts": [],
        "metadata": {},
        "price": price,
        "quantity": quantity,
        "subscription": subscription_id,
        "tax_rates": [],
    }


_DEFAULTS: dict[str, Any] = {
    "application": None,
    "application_fee_percent": None,
    "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
    "billing_cycle_anchor_config": None,
    "billing_schedules": [],
    "billing_thresholds": None,
    "cancel_at": None,
    "cancel_at_period_end": False,
    "canceled_at": None,
    "cancellation_details": {"comment": None, "feedback": None, "reason": None},
    "collection_method": "charge_automatically",
    "customer_account": None,
    "days_until_due": None,
    "default_payment_method": None,
    "default_source": None,
    "default_tax_rates": [],
    "discounts": [],
    "ended_at": None,
    "invoice_settings": {"account_tax_ids": None, "issuer": {"type": "self"}},
    "latest_invoice": None,
    "livemode": False,
    "managed_payments": None,
    "next_pending_invoice_item_invoice": None,
    "on_behalf_of": None,
    "pause_collection": None,
    "payment_settings": {
        "payment_method_options": None,
        "payment_method_types": None,
        "save_default_payment_method": "off",
    },
    "pending_invoice_item_interval": None,
    "pending_setup_intent": None,
    "pending_update": None,
    "schedule": None,
    "test_clock": None,
    "transfer_data": None,
}
"""The fields of a Checkout-made subscription that nothing in the emulator changes."""
