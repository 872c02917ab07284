"""Customers made by Checkout: Stripe's shape, found again by email, no HTTP.

A paid Checkout Session that needs a customer (subscription mode, or `customer_creation:
always`) gets one with the email, name, phone and billing address typed on the page. A second
payment with the same email (case aside) in the same account reuses that customer, so one
person's subscriptions and entitlements meet on one customer (the emulator's choice: live
Checkout may create a new customer each time unless the session names one).
The list filters by `email` exactly (Stripe's filter is case-sensitive) and by `created`;
the emulator has no test clocks, so `test_clock` matches none.
"""

from __future__ import annotations

from typing import Any

from emulator.models.common import CREATED, LIST_PARAMS, Paginated, filter_created, new_id, now
from emulator.models.stored import StoredModel
from emulator.params import Str

__all__ = ["LIST", "CheckoutContact", "CustomerModel"]

#: `GET /v1/customers`.
LIST = LIST_PARAMS.with_fields({**CREATED, "email": Str(max_length=512), "test_clock": Str()})

CheckoutContact = dict[str, Any]
"""What Checkout knows of the payer: `email`, `name`, `phone`, `address` (None when absent)."""


class CustomerModel(StoredModel):
    """Find-or-create (for Checkout), read and list customers."""

    kind = "customer"

    def for_checkout(self, contact: CheckoutContact) -> tuple[dict[str, Any], bool]:
        """The account's customer with this email, else a new one (True then). Call inside
        the transaction that completes the session."""
        wanted = str(contact["email"]).strip().lower()
        for customer in self.store.all(self.kind):
            if (customer["email"] or "").lower() == wanted:
                return customer, False
        customer = _new_customer(contact)
        self.store.insert(self.kind, customer)
        return customer, True

    def includable(self, customer_id: str, field: str) -> Any:
        """A field Stripe shows only under `expand[]`: the customer's `subscriptions`, no
        `sources` or `tax_ids` (Checkout saves none), and `tax` with no location known."""
        url = f"/v1/customers/{customer_id}/{field}"
        if field == "tax":
            return {
                "automatic_tax": "unrecognized_location",
                "ip_address": None,
                "location": None,
                "provider": "stripe",
            }
        found = (
            self.backend.subscriptions.of_customer(customer_id) if field == "subscriptions" else []
        )
        return {"object": "list", "data": found, "has_more": False, "url": url}

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first, filtered by exact `email`, `created` and `test_clock`."""
        customers = filter_created(self.store.all(self.kind), params)
        return self.list_page(customers, params, url, equal=("email", "test_clock"))


def _new_customer(contact: CheckoutContact) -> dict[str, Any]:
    """A customer as Stripe shows one Checkout just created."""
    return {
        "id": new_id("cus_", 14),
        "object": "customer",
        "address": contact.get("address"),
        "balance": 0,
        "created": now(),
        "currency": None,
        "customer_account": None,
        "default_source": None,
        "delinquent": False,
        "description": None,
        "discount": None,
        "email": str(contact["email"]).strip(),
        "invoice_prefix": new_id("", 8).upper(),
        "invoice_settings": {
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        "livemode": False,
        "metadata": {},
        "name": contact.get("name"),
        "next_invoice_sequence": 1,
        "phone": contact.get("phone"),
        "preferred_locales": [],
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
    }
