"""The summary column of the payment page: what the link sells, the totals of the current quote
(subtotal, the applied promotion code's discount, shipping, total due today), a subscription's
trial note, and the promotion-code field with its "Apply" button.

The amounts come from the model's quote (`quote_order`), so the page shows the numbers the
completed session will carry. "Apply" is an ordinary submit button (`action=apply`): the server
re-renders the page with the discount, no JavaScript needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from emulator.checkout.fields import field_error
from emulator.models.checkout_order import Offer, OfferLine, Order
from emulator.models.money import format_amount

__all__ = ["APPLY_ACTION", "MINUS_SIGN", "interval_text", "summary_html", "trial_note"]

#: Before a discount, as Stripe's page writes it (a minus sign, not a hyphen).
MINUS_SIGN = "\N{MINUS SIGN}"
#: The `action` form value of the "Apply" button next to the promotion-code field.
APPLY_ACTION = "apply"


def interval_text(recurring: Mapping[str, Any] | None) -> str:
    """` / month`, ` every 3 months`, or "" for a one-time price."""
    if not recurring:
        return ""
    count = int(recurring.get("interval_count") or 1)
    unit = recurring["interval"]
    return f" / {unit}" if count == 1 else f" every {count} {unit}s"


def _per_period(recurring: Mapping[str, Any]) -> str:
    count = int(recurring.get("interval_count") or 1)
    unit = recurring["interval"]
    return f"per {unit}" if count == 1 else f"every {count} {unit}s"


def trial_note(order: Order) -> str:
    """`14 days free, then €12.00 per month` for a link whose subscription starts with a trial
    ("" otherwise); the amount is what the recurring lines cost each period afterwards."""
    days = order.offer.trial_period_days
    trialing = [line for line in order.lines if line.trial]
    if days is None or not trialing:
        return ""
    recurring = trialing[0].line.recurring or {}
    after = sum(line.amount_after_trial for line in trialing)
    free = "1 day" if days == 1 else f"{days} days"
    then = format_amount(after, order.offer.currency)
    return f"{free} free, then {then} {_per_period(recurring)}"


def _line_html(
    offer: Offer, line: OfferLine, values: Mapping[str, str], problems: Mapping[str, str]
) -> str:
    key = f"quantity-{line.item_id}"
    description = (
        f'<div class="muted">{escape(line.product_description)}</div>'
        if line.product_description
        else ""
    )
    if line.custom_amount is not None:
        bounds = line.custom_amount
        limits = f"From {format_amount(bounds.minimum, offer.currency)}" + (
            f" to {format_amount(bounds.maximum, offer.currency)}" if bounds.maximum else ""
        )
        price_html = f'<div class="muted">Amount of your choice. {escape(limits)}</div>'
    else:
        unit = format_amount(line.unit_amount or 0, offer.currency) + interval_text(line.recurring)
        price_html = f'<div class="muted">{escape(unit)} each</div>'
    if line.adjustable is not None:
        low, high = line.adjustable
        quantity = escape(values.get(key, str(line.quantity)))
        qty_html = (
            f'<label for="{key}">Qty</label><input class="qty" type="number" id="{key}" '
            f'name="{key}" min="{low}" max="{high}" step="1" value="{quantity}">'
            f"{field_error(problems, key)}"
        )
    else:
        qty_html = f'<div class="muted">Qty {line.quantity}</div>{field_error(problems, key)}'
    return (
        f'<div class="item" data-item="{escape(line.item_id)}"><div>'
        f'<div class="name">{escape(line.product_name)}</div>{description}{price_html}</div>'
        f"<div>{qty_html}</div></div>"
    )


def _headline_total(order: Order) -> str:
    """The big total: due today, per period for a subscription without a trial."""
    offer = order.offer
    priced = {line.line.item_id for line in order.lines}
    if any(line.custom_amount is not None and line.item_id not in priced for line in offer.lines):
        return "Amount of your choice"
    recurring = next((line.recurring for line in offer.lines if line.recurring), None)
    suffix = "" if offer.trial_period_days else interval_text(recurring)
    return format_amount(order.amount_total, offer.currency) + suffix


def _row(row_id: str, label: str, amount: str, extra: str = "") -> str:
    return (
        f'<div class="row" id="{row_id}"{extra}><span>{escape(label)}</span>'
        f"<span>{escape(amount)}</span></div>"
    )


def _totals_html(order: Order) -> str:
    """Subtotal, discount, shipping and total due today, once there is more than one part."""
    currency = order.offer.currency
    rows = []
    if order.promotion is not None:
        code = str(order.promotion.code["code"])
        rows.append(
            _row(
                "discount",
                code,
                MINUS_SIGN + format_amount(order.amount_discount, currency),
                f' data-promotion-code="{escape(code)}"',
            )
        )
    if order.shipping_rate is not None:
        name = str(order.shipping_rate.get("display_name") or "Shipping")
        rows.append(_row("shipping-amount", name, format_amount(order.amount_shipping, currency)))
    if not rows and not order.offer.trial_period_days:
        return ""
    subtotal = _row("subtotal", "Subtotal", format_amount(order.amount_subtotal, currency))
    due = _row("total-due", "Total due today", format_amount(order.amount_total, currency))
    return f'<div class="totals">{subtotal}{"".join(rows)}{due}</div>'


def _promotion_code_field(
    offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]
) -> str:
    """The code field of a link that allows promotion codes, with its "Apply" button."""
    if not offer.takes_promotion_codes:
        return field_error(problems, "promotion_code")
    return (
        '<label for="promotion_code">Promotion code (optional)</label><div class="code-row">'
        '<input type="text" id="promotion_code" name="promotion_code" autocomplete="off" '
        f'value="{escape(values.get("promotion_code", ""))}">'
        f'<button type="submit" id="apply-promotion-code" name="action" value="{APPLY_ACTION}" '
        'class="secondary" formnovalidate>Apply</button></div>'
        f"{field_error(problems, 'promotion_code')}"
    )


def summary_html(
    order: Order, values: Mapping[str, str], problems: Mapping[str, str], headline: str
) -> str:
    """The summary column: `headline` (already escaped), total, trial note, lines, totals and
    the promotion code field."""
    offer = order.offer
    note = trial_note(order)
    trial = f'<div class="trial" id="trial">{escape(note)}</div>' if note else ""
    lines = "".join(_line_html(offer, line, values, problems) for line in offer.lines)
    return (
        f'<section class="summary">{headline}'
        f'<div class="total" id="total">{escape(_headline_total(order))}</div>{trial}'
        f"{lines}{_totals_html(order)}{_promotion_code_field(offer, values, problems)}</section>"
    )
