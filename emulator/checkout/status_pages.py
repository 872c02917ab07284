"""The pages a customer sees instead of the payment form: an inactive link's expiry page, the
hosted confirmation after paying, and "not found" for a URL no link has."""

from __future__ import annotations

from html import escape
from typing import Any

from emulator.checkout.layout import TEST_BADGE, page
from emulator.models.money import format_amount

__all__ = [
    "DEFAULT_CONFIRMATION",
    "EXPIRED_HEADLINE",
    "render_confirmation_page",
    "render_expired_page",
    "render_not_found_page",
]

#: The headline of every inactive link's page (its `inactive_message` follows, when set).
EXPIRED_HEADLINE = "This link has expired"
#: Shown after payment when the link sets no `hosted_confirmation.custom_message`.
DEFAULT_CONFIRMATION = "Thanks for your payment. A receipt is on its way to your email."


def render_expired_page(link: dict[str, Any]) -> str:
    """An inactive link: say so plainly, with the merchant's message when there is one."""
    message = link.get("inactive_message") or (
        "This link is no longer active. Contact the seller if you think this is a mistake."
    )
    body = (
        f'<main class="single" id="expired">{TEST_BADGE}<h1>{EXPIRED_HEADLINE}</h1>'
        f'<p class="muted">This link is no longer active.</p>'
        f'<p id="inactive-message">{escape(message)}</p></main>'
    )
    return page(EXPIRED_HEADLINE, body)


def render_confirmation_page(session: dict[str, Any], message: str | None) -> str:
    """After payment (`after_completion.type: hosted_confirmation`)."""
    pending = session["payment_status"] == "unpaid"
    status = (
        "Your payment is processing; you will hear from the seller once it is confirmed."
        if pending
        else f"Paid {format_amount(session['amount_total'], session['currency'])}."
    )
    body = (
        f'<main class="single" id="confirmation">{TEST_BADGE}<div class="check">✓</div>'
        f"<h1>Thanks for your order</h1>"
        f'<p id="confirmation-message">{escape(message or DEFAULT_CONFIRMATION)}</p>'
        f'<p class="muted">{escape(status)}</p>'
        f'<p class="muted">Reference: <code id="session-id">{escape(session["id"])}</code></p>'
        "</main>"
    )
    return page("Thanks for your order", body)


def render_not_found_page() -> str:
    """A URL that no payment link (or session) has."""
    body = (
        '<main class="single"><h1>Page not found</h1>'
        '<p class="muted">No payment link has this address.</p></main>'
    )
    return page("Page not found", body)
