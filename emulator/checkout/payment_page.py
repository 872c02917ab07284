"""The hosted payment page: what the link sells and a plain HTML form to pay for it.

Rendered from an `Offer` (see `emulator.models.checkout_order`), so the bounds shown as `min`/`max`
attributes are the ones the server enforces. After a rejected submission the page is shown again
with the customer's values and a message next to each field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from emulator.checkout.layout import TEST_BADGE, page
from emulator.models.checkout_order import Offer, OfferLine
from emulator.models.money import decimals, format_amount

__all__ = ["METHOD_LABELS", "render_payment_page", "submit_label"]

#: How the page names each payment method (Stripe's Checkout wording).
METHOD_LABELS = {
    "acss_debit": "Canadian pre-authorized debit",
    "affirm": "Affirm",
    "afterpay_clearpay": "Afterpay / Clearpay",
    "alipay": "Alipay",
    "au_becs_debit": "BECS Direct Debit",
    "bacs_debit": "Bacs Direct Debit",
    "bancontact": "Bancontact",
    "boleto": "Boleto",
    "card": "Card",
    "cashapp": "Cash App Pay",
    "customer_balance": "Bank transfer",
    "eps": "EPS",
    "ideal": "iDEAL",
    "klarna": "Klarna",
    "konbini": "Konbini",
    "link": "Link",
    "multibanco": "Multibanco",
    "oxxo": "OXXO",
    "p24": "Przelewy24",
    "paypal": "PayPal",
    "sepa_debit": "SEPA Direct Debit",
    "sofort": "Sofort",
    "us_bank_account": "US bank account",
}

_SUBMIT_LABELS = {"book": "Book", "donate": "Donate", "pay": "Pay", "subscribe": "Subscribe"}


def submit_label(offer: Offer) -> str:
    """The button text: the link's `submit_type`, or Pay/Subscribe by mode."""
    submit_type = offer.link.get("submit_type") or "auto"
    if submit_type == "auto":
        return "Subscribe" if offer.mode == "subscription" else "Pay"
    return _SUBMIT_LABELS.get(submit_type, "Pay")


def _interval(recurring: Mapping[str, Any] | None) -> str:
    if not recurring:
        return ""
    count = int(recurring.get("interval_count") or 1)
    unit = recurring["interval"]
    return f" / {unit}" if count == 1 else f" every {count} {unit}s"


def _int_or(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _error(problems: Mapping[str, str], key: str) -> str:
    message = problems.get(key)
    return f'<div class="error" role="alert">{escape(message)}</div>' if message else ""


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
        unit = format_amount(line.unit_amount or 0, offer.currency) + _interval(line.recurring)
        price_html = f'<div class="muted">{escape(unit)} each</div>'
    if line.adjustable is not None:
        low, high = line.adjustable
        quantity = escape(values.get(key, str(line.quantity)))
        qty_html = (
            f'<label for="{key}">Qty</label><input class="qty" type="number" id="{key}" '
            f'name="{key}" min="{low}" max="{high}" step="1" value="{quantity}">'
            f"{_error(problems, key)}"
        )
    else:
        qty_html = f'<div class="muted">Qty {line.quantity}</div>{_error(problems, key)}'
    return (
        f'<div class="item" data-item="{escape(line.item_id)}"><div>'
        f'<div class="name">{escape(line.product_name)}</div>{description}{price_html}</div>'
        f"<div>{qty_html}</div></div>"
    )


def _total(offer: Offer, values: Mapping[str, str]) -> str:
    total = 0
    for line in offer.lines:
        if line.custom_amount is not None:
            if line.custom_amount.preset is None:
                return "Amount of your choice"
            total += line.custom_amount.preset
            continue
        quantity = _int_or(values.get(f"quantity-{line.item_id}"), line.quantity)
        total += (line.unit_amount or 0) * max(quantity, 0)
    rate = _chosen_rate(offer, values)
    if rate is not None:
        total += int(rate["fixed_amount"]["amount"])
    recurring = next((line.recurring for line in offer.lines if line.recurring), None)
    return format_amount(total, offer.currency) + _interval(recurring)


def _chosen_rate(offer: Offer, values: Mapping[str, str]) -> Mapping[str, Any] | None:
    wanted = values.get("shipping_rate")
    rates = offer.shipping_rates
    return next((r for r in rates if r["id"] == wanted), rates[0] if rates else None)


def _estimate(rate: Mapping[str, Any]) -> str:
    estimate = rate.get("delivery_estimate") or {}
    bounds = [estimate.get("minimum"), estimate.get("maximum")]
    known = [b for b in bounds if b]
    if not known:
        return ""
    unit = str(known[-1]["unit"]).replace("_", " ")
    values = sorted({int(b["value"]) for b in known})
    span = " to ".join(str(v) for v in values)
    return f" · {span} {unit}{'' if values == [1] else 's'}"


def _shipping_html(offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]) -> str:
    """The shipping options with their rates; the chosen one is added to the total."""
    if not offer.shipping_rates:
        return ""
    chosen = _chosen_rate(offer, values)
    radios = "".join(
        f'<label class="method" data-shipping-rate="{escape(rate["id"])}">'
        f'<input type="radio" name="shipping_rate" value="{escape(rate["id"])}"'
        f"{' checked' if chosen is rate else ''}> {escape(str(rate.get('display_name') or ''))}"
        f" — {escape(format_amount(int(rate['fixed_amount']['amount']), offer.currency))}"
        f"{escape(_estimate(rate))}</label>"
        for rate in offer.shipping_rates
    )
    return f"<h2>Shipping</h2>{radios}{_error(problems, 'shipping_rate')}"


def _promotion_code_field(
    offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]
) -> str:
    """The code field of a link that allows promotion codes (applied when paying)."""
    if not offer.takes_promotion_codes:
        return _error(problems, "promotion_code")
    return (
        '<label for="promotion_code">Promotion code (optional)</label>'
        '<input type="text" id="promotion_code" name="promotion_code" autocomplete="off" '
        f'value="{escape(values.get("promotion_code", ""))}">'
        f"{_error(problems, 'promotion_code')}"
    )


def _amount_field(offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]) -> str:
    custom = next((line.custom_amount for line in offer.lines if line.custom_amount), None)
    if custom is None:
        return ""
    places = decimals(offer.currency)
    scale = 10**places
    preset = f"{custom.preset / scale:.{places}f}" if custom.preset is not None else ""
    attributes = f'min="{custom.minimum / scale:.{places}f}" step="{1 / scale:.{places}f}"'
    if custom.maximum is not None:
        attributes += f' max="{custom.maximum / scale:.{places}f}"'
    value = escape(values.get("amount", preset))
    return (
        f'<label for="amount">Amount ({escape(offer.currency.upper())})</label>'
        f'<input type="number" id="amount" name="amount" {attributes} value="{value}">'
        f"{_error(problems, 'amount')}"
    )


def _custom_field_html(
    spec: Mapping[str, Any], values: Mapping[str, str], problems: Mapping[str, str]
) -> str:
    key = f"custom_field-{spec['key']}"
    label = (spec.get("label") or {}).get("custom") or spec["key"]
    options = dict(spec.get(spec["type"]) or {})
    suffix = " (optional)" if spec.get("optional") else ""
    value = values.get(key, options.get("default_value") or "")
    if spec["type"] == "dropdown":
        choices = "".join(
            f'<option value="{escape(o["value"])}"'
            f"{' selected' if o['value'] == value else ''}>{escape(o['label'])}</option>"
            for o in options.get("options", [])
        )
        control = (
            f'<select id="{escape(key)}" name="{escape(key)}">'
            f'<option value="">Choose…</option>{choices}</select>'
        )
    else:
        mode = ' inputmode="numeric" pattern="[0-9]*"' if spec["type"] == "numeric" else ""
        control = (
            f'<input type="text" id="{escape(key)}" name="{escape(key)}"{mode} '
            f'value="{escape(value)}">'
        )
    return (
        f'<label for="{escape(key)}">{escape(label + suffix)}</label>{control}'
        f"{_error(problems, key)}"
    )


def _methods_html(offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]) -> str:
    chosen = values.get("payment_method", offer.payment_methods[0] if offer.payment_methods else "")
    radios = "".join(
        f'<label class="method"><input type="radio" name="payment_method" value="{escape(m)}"'
        f"{' checked' if m == chosen else ''}> {escape(METHOD_LABELS.get(m, m))}</label>"
        for m in offer.payment_methods
    )
    return f"<h2>Payment method</h2>{radios}{_error(problems, 'payment_method')}"


def _custom_text(offer: Offer, position: str) -> str:
    entry = (offer.link.get("custom_text") or {}).get(position)
    if not entry or not entry.get("message"):
        return ""
    return f'<div class="note" data-custom-text="{position}">{escape(entry["message"])}</div>'


def render_payment_page(
    offer: Offer,
    action: str,
    values: Mapping[str, str] | None = None,
    problems: Mapping[str, str] | None = None,
) -> str:
    """The page for an active link; `values`/`problems` redisplay a rejected submission."""
    values = values or {}
    problems = problems or {}
    first_name = offer.lines[0].product_name if offer.lines else "Checkout"
    lines = "".join(_line_html(offer, line, values, problems) for line in offer.lines)
    alert = (
        '<div class="alert" role="alert">Please check the highlighted fields.'
        f"{_error(problems, 'quantity')}</div>"
        if problems
        else ""
    )
    phone = (
        '<label for="phone">Phone</label><input type="tel" id="phone" name="phone" '
        f'value="{escape(values.get("phone", ""))}">{_error(problems, "phone")}'
        if offer.collects_phone
        else ""
    )
    fields = "".join(_custom_field_html(spec, values, problems) for spec in offer.custom_fields)
    body = (
        f'<form method="post" action="{escape(action)}" id="checkout" class="wrap">'
        '<section class="summary">'
        f"{TEST_BADGE}<h1>{escape(first_name)}</h1>"
        f'<div class="total" id="total">{escape(_total(offer, values))}</div>'
        f"{lines}</section>"
        f'<section class="pay">{alert}'
        "<h2>Contact information</h2>"
        '<label for="email">Email</label><input type="email" id="email" name="email" '
        f'autocomplete="email" value="{escape(values.get("email", ""))}">'
        f"{_error(problems, 'email')}"
        '<label for="name">Name (optional)</label><input type="text" id="name" name="name" '
        f'value="{escape(values.get("name", ""))}">{phone}'
        f"{_amount_field(offer, values, problems)}{fields}"
        f"{_shipping_html(offer, values, problems)}"
        f"{_promotion_code_field(offer, values, problems)}"
        f"{_methods_html(offer, values, problems)}{_custom_text(offer, 'submit')}"
        f'<button type="submit" id="submit">{escape(submit_label(offer))}</button>'
        f"{_custom_text(offer, 'after_submit')}"
        '<p class="note">Emulated checkout: no real payment is made.</p>'
        "</section></form>"
    )
    return page(f"{first_name} · Checkout", body)
