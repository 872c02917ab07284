"""Checkout Sessions made by paying on a payment link's page: Stripe's shapes and rules, no HTTP.

A paid order becomes a `complete` session (`paid`, or `unpaid` for a delayed method until it
settles), counts towards the link's `restrictions.completed_sessions.limit` (the link is
deactivated once the limit is reached, as Stripe does), counts one use of its promotion code,
and publishes `checkout.session.completed`. A session in subscription mode (or on a link with
`customer_creation: always`) first finds or makes its Customer and, in subscription mode, starts
its Subscription (`customer.created`, `customer.subscription.created` published before it).
`settle` later publishes `async_payment_succeeded` or `_failed`. `quote` prices a submission
without completing anything, for the page to show.
The address collected for shipping is `collected_information.shipping_details` (API
2026-08-26.dahlia has no top-level `shipping_details`); the billing address is
`customer_details.address`.
"""

from __future__ import annotations

from typing import Any

from emulator.exceptions import InvalidRequestError
from emulator.models.checkout_discount import Promotion, code_refusal
from emulator.models.checkout_order import (
    Order,
    Submission,
    offer_for,
    price_order,
    quote_order,
)
from emulator.models.common import EXPAND, LIST_PARAMS, Paginated, new_id, now, paginate
from emulator.models.stored import StoredModel
from emulator.params import Enum, Obj, Str

__all__ = ["LINE_ITEMS", "LIST", "RETRIEVE", "CheckoutSessionModel", "LinkInactive"]

#: `GET /v1/checkout/sessions`.
LIST = LIST_PARAMS.with_fields(
    {"payment_link": Str(), "status": Enum(values=("complete", "expired", "open"))}
)

#: `GET /v1/checkout/sessions/{id}`.
RETRIEVE = Obj(fields=EXPAND)

#: `GET /v1/checkout/sessions/{id}/line_items`.
LINE_ITEMS = LIST_PARAMS

#: How long an open session would stay payable (Stripe's default, 24 hours).
SESSION_LIFETIME_SECONDS = 24 * 3600

_SETTLE_OUTCOMES = {
    "succeeded": "checkout.session.async_payment_succeeded",
    "failed": "checkout.session.async_payment_failed",
}


class LinkInactive(Exception):
    """The link stopped selling (deactivated, or its session limit reached) before payment."""


class CheckoutSessionModel(StoredModel):
    """Complete, settle, read and list Checkout Sessions."""

    kind = "checkout_session"
    label = "checkout.session"
    missing_param = "session"

    def complete(self, link_id: str, submission: Submission) -> dict[str, Any]:
        """Pay for `link_id` with `submission`; returns the completed session.

        Raises `LinkInactive` for a link that no longer sells and `CheckoutRejected` (listing
        every problem) for an order that breaks a rule (quantity, amount, fields, method).
        """
        with self.store.transaction():
            link = self.backend.payment_links.get(link_id)
            if not link["active"]:
                raise LinkInactive(link_id)
            order = price_order(
                offer_for(self.backend, link), submission, self._promotion(submission)
            )
            session = self._new_session(link, order)
            announcements = self._start_customer(session, link, order)
            self.store.insert(self.kind, session, parent=link_id)
            if order.promotion is not None:
                self.backend.promotion_codes.redeem(order.promotion.code["id"])
            announcements.append(
                self.backend.events.create("checkout.session.completed", self.render(session))
            )
            deactivated = self._count_completion(link)
            if deactivated:
                announcements.append(
                    self.backend.events.create(
                        "payment_link.updated",
                        self.backend.payment_links.render(link),
                        previous_attributes={"active": True},
                    )
                )
        for event, recipients in announcements:
            self.backend.events.announce(event, recipients)
        return session

    def _start_customer(
        self, session: dict[str, Any], link: dict[str, Any], order: Order
    ) -> list[tuple[dict[str, Any], list[str]]]:
        """The session's customer (found by email, else created) and, in subscription mode,
        its new subscription, set on the session; returns their events (`customer.created`
        when new, `customer.subscription.created`), published before the session's."""
        events: list[tuple[dict[str, Any], list[str]]] = []
        subscribing = session["mode"] == "subscription"
        if not subscribing and link.get("customer_creation") != "always":
            return events
        details = session["customer_details"]
        customer, created = self.backend.customers.for_checkout(
            {key: details[key] for key in ("email", "name", "phone", "address")}
        )
        session["customer"] = customer["id"]
        if created:
            events.append(
                self.backend.events.create(
                    "customer.created", self.backend.customers.render(customer)
                )
            )
        if subscribing:
            lines = [
                (self.backend.prices.render(line.line.price), line.quantity)
                for line in order.lines
                if line.line.recurring is not None
            ]
            subscription = self.backend.subscriptions.start(
                customer["id"], session["currency"], lines, link.get("subscription_data") or {}
            )
            session["subscription"] = subscription["id"]
            events.append(
                self.backend.events.create(
                    "customer.subscription.created",
                    self.backend.subscriptions.render(subscription),
                )
            )
        return events

    def quote(self, link: dict[str, Any], submission: Submission) -> tuple[Order, dict[str, str]]:
        """What `submission` would cost on `link` and its problems, without paying (the page's
        totals, and the discount shown when the customer applies a code)."""
        return quote_order(offer_for(self.backend, link), submission, self._promotion(submission))

    def _promotion(self, submission: Submission) -> Promotion | None:
        """The promotion code the customer typed and its coupon, with the reason it can't be
        used now (None: no such code)."""
        typed = (submission.promotion_code or "").strip()
        found = self.backend.promotion_codes.find(typed) if typed else None
        if found is None:
            return None
        code, coupon = found
        refusal = code_refusal(
            code,
            coupon,
            at=now(),
            returning_customer=self._has_paid(submission.email),
        )
        return Promotion(code, coupon or {}, refusal)

    def _has_paid(self, email: str) -> bool:
        """Whether a completed, paid session of this account has this customer email."""
        wanted = email.strip().lower()
        return bool(wanted) and any(
            session["payment_status"] == "paid"
            and (session["customer_details"]["email"] or "").lower() == wanted
            for session in self.store.all(self.kind)
        )

    def _count_completion(self, link: dict[str, Any]) -> bool:
        """Count one completed session on the link; deactivate it at its limit (True then)."""
        count = int(link.get("_completed_sessions", 0)) + 1
        link["_completed_sessions"] = count
        restrictions = link.get("restrictions") or {}
        limit = (restrictions.get("completed_sessions") or {}).get("limit")
        deactivate = limit is not None and count >= limit and link["active"]
        if deactivate:
            link["active"] = False
        self.store.save(link)
        return bool(deactivate)

    def _new_session(self, link: dict[str, Any], order: Order) -> dict[str, Any]:
        offer, submission = order.offer, order.submission
        created = now()
        subscription = offer.mode == "subscription"
        after = link.get("after_completion") or {}
        redirect = (
            (after.get("redirect") or {}).get("url") if after.get("type") == "redirect" else None
        )
        return {
            "id": new_id("cs_test_", 58),
            "object": "checkout.session",
            "after_expiration": None,
            "allow_promotion_codes": link.get("allow_promotion_codes"),
            "amount_subtotal": order.amount_subtotal,
            "amount_total": order.amount_total,
            "automatic_tax": {
                "enabled": bool((link.get("automatic_tax") or {}).get("enabled")),
                "liability": None,
                "status": None,
            },
            "billing_address_collection": link.get("billing_address_collection"),
            "cancel_url": None,
            "client_reference_id": None,
            "consent": None,
            "consent_collection": link.get("consent_collection"),
            "created": created,
            "currency": offer.currency,
            "custom_fields": order.custom_fields,
            "custom_text": link.get("custom_text"),
            "customer": None,  # set by `_start_customer` when the session makes a customer
            "customer_creation": link.get("customer_creation"),
            "collected_information": (
                {
                    "business_name": None,
                    "individual_name": None,
                    "shipping_details": order.shipping_details,
                }
                if order.shipping_details
                else None
            ),
            "customer_details": {
                "address": order.billing_address,
                "business_name": None,
                "email": submission.email.strip(),
                "individual_name": None,
                "name": _customer_name(submission, order),
                "phone": (submission.phone or "").strip() or None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
            "customer_email": None,
            "expires_at": created + SESSION_LIFETIME_SECONDS,
            "invoice": None,
            "invoice_creation": link.get("invoice_creation"),
            "livemode": False,
            "locale": None,
            "metadata": {},
            "mode": offer.mode,
            "payment_intent": None if subscription else new_id("pi_", 24),
            "payment_link": link["id"],
            "payment_method_collection": link.get("payment_method_collection"),
            "payment_method_options": {},
            "payment_method_types": [submission.payment_method],
            "payment_status": _initial_payment_status(order),
            "phone_number_collection": link.get("phone_number_collection"),
            "recovered_from": None,
            "setup_intent": None,
            "shipping_address_collection": link.get("shipping_address_collection"),
            "shipping_cost": _shipping_cost(order),
            "shipping_options": [
                {"shipping_amount": rate["fixed_amount"]["amount"], "shipping_rate": rate["id"]}
                for rate in offer.shipping_rates
            ],
            "status": "complete",
            "submit_type": link.get("submit_type"),
            "subscription": None,  # set by `_start_customer` in subscription mode
            "success_url": redirect,
            "discounts": (
                [
                    {
                        "coupon": order.promotion.coupon["id"],
                        "promotion_code": order.promotion.code["id"],
                    }
                ]
                if order.promotion
                else []
            ),
            "total_details": {
                "amount_discount": order.amount_discount,
                "amount_shipping": order.amount_shipping,
                "amount_tax": 0,
            },
            "ui_mode": "hosted",
            "url": None,
            "_delayed": order.delayed,
            "_settlement": None,
            "_line_items": [
                {
                    "id": new_id("li_"),
                    "object": "item",
                    "amount_discount": off,
                    "amount_subtotal": line.amount_subtotal,
                    "amount_tax": 0,
                    "amount_total": line.amount_subtotal - off,
                    "currency": offer.currency,
                    "description": line.line.product_name,
                    "price": line.line.price,
                    "quantity": line.quantity,
                }
                for line, off in zip(
                    order.lines, order.line_discounts or [0] * len(order.lines), strict=True
                )
            ],
        }

    def settle(self, session_id: str, outcome: str = "succeeded") -> dict[str, Any]:
        """Confirm (or fail) the delayed payment of a completed session, at once."""
        if outcome not in _SETTLE_OUTCOMES:
            raise InvalidRequestError(
                f"Invalid outcome {outcome!r}: use one of {sorted(_SETTLE_OUTCOMES)}.",
                param="outcome",
            )
        with self.store.transaction():
            session = self.get(session_id)
            if not session["_delayed"]:
                raise InvalidRequestError(
                    f"Checkout Session {session_id} was paid with "
                    f"{session['payment_method_types'][0]}, which is not a delayed payment "
                    "method; there is nothing to settle.",
                    param="session",
                )
            if session["_settlement"] is not None:
                raise InvalidRequestError(
                    f"Checkout Session {session_id} already settled ({session['_settlement']}).",
                    param="session",
                )
            session["_settlement"] = outcome
            if outcome == "succeeded":
                session["payment_status"] = "paid"
            self.store.save(session)
            event = self.backend.events.create(_SETTLE_OUTCOMES[outcome], self.render(session))
        self.backend.events.announce(*event)
        return session

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first, optionally for one `payment_link` or one `status`."""
        sessions = self.store.all(self.kind, parent=params.get("payment_link"))
        return self.list_page(sessions, params, url, equal=("status",))

    def line_items(self, session_id: str, params: dict[str, Any], url: str) -> Paginated:
        """What the customer bought, as Stripe's `item` objects."""
        return paginate(self.get(session_id)["_line_items"], params, url, kind="line item")


def _shipping_cost(order: Order) -> dict[str, Any] | None:
    """Stripe's `shipping_cost` of a session: the chosen rate and what it added."""
    if order.shipping_rate is None:
        return None
    return {
        "amount_subtotal": order.amount_shipping,
        "amount_tax": 0,
        "amount_total": order.amount_shipping,
        "shipping_rate": order.shipping_rate["id"],
    }


def _customer_name(submission: Submission, order: Order) -> str | None:
    """The name typed under contact information, else the one typed for shipping."""
    typed = (submission.name or "").strip()
    return typed or (order.shipping_details or {}).get("name")


def _initial_payment_status(order: Order) -> str:
    if order.amount_total == 0:
        return "no_payment_required"
    return "unpaid" if order.delayed else "paid"
