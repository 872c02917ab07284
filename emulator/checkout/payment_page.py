"""The hosted payment page: what the link sells and a plain HTML form to pay for it.

Rendered from a quote of the order (see `emulator.models.checkout_order`), so the bounds shown as
`min`/`max` attributes are the ones the server enforces and the totals are the ones it charges.
After a rejected submission, or "Apply" on a promotion code, the page is shown again with the
customer's values and a message next to each field at fault. Sections live in their own modules:
`order_summary` (lines, totals, trial, promotion code), `address_fields` (shipping and billing).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from emulator.checkout.address_fields import billing_address_html, shipping_address_html
from emulator.checkout.fields import field_error
from emulator.checkout.layout import TEST_BADGE, page
from emulator.checkout.order_summary import summary_html
from emulator.models.checkout_order import Offer, Order
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
    wanted = values.get("shipping_rate")
    rates = offer.shipping_rates
    chosen = next((r for r in rates if r["id"] == wanted), rates[0])
    radios = "".join(
        f'<label class="method" data-shipping-rate="{escape(rate["id"])}">'
        f'<input type="radio" name="shipping_rate" value="{escape(rate["id"])}"'
        f"{' checked' if chosen is rate else ''}> {escape(str(rate.get('display_name') or ''))}"
        f" — {escape(format_amount(int(rate['fixed_amount']['amount']), offer.currency))}"
        f"{escape(_estimate(rate))}</label>"
        for rate in offer.shipping_rates
    )
    return f"<h2>Shipping</h2>{radios}{field_error(problems, 'shipping_rate')}"


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
        f"{field_error(problems, 'amount')}"
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
        f"{field_error(problems, key)}"
    )


def _methods_html(offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]) -> str:
    chosen = values.get("payment_method", offer.payment_methods[0] if offer.payment_methods else "")
    radios = "".join(
        f'<label class="method"><input type="radio" name="payment_method" value="{escape(m)}"'
        f"{' checked' if m == chosen else ''}> {escape(METHOD_LABELS.get(m, m))}</label>"
        for m in offer.payment_methods
    )
    return f"<h2>Payment method</h2>{radios}{field_error(problems, 'payment_method')}"


def _custom_text(offer: Offer, position: str) -> str:
    entry = (offer.link.get("custom_text") or {}).get(position)
    if not entry or not entry.get("message"):
        return ""
    return f'<div class="note" data-custom-text="{position}">{escape(entry["message"])}</div>'


def render_payment_page(
    order: Order,
    action: str,
    values: Mapping[str, str] | None = None,
    problems: Mapping[str, str] | None = None,
) -> str:
    """The page for an active link, with the totals of `order` (a quote of what was entered);
    `values`/`problems` redisplay a submission."""
    offer = order.offer
    values = values or {}
    problems = problems or {}
    first_name = offer.lines[0].product_name if offer.lines else "Checkout"
    alert = (
        '<div class="alert" role="alert">Please check the highlighted fields.'
        f"{field_error(problems, 'quantity')}</div>"
        if problems
        else ""
    )
    phone = (
        '<label for="phone">Phone</label><input type="tel" id="phone" name="phone" '
        f'value="{escape(values.get("phone", ""))}">{field_error(problems, "phone")}'
        if offer.collects_phone
        else ""
    )
    fields = "".join(_custom_field_html(spec, values, problems) for spec in offer.custom_fields)
    body = (
        f'<form method="post" action="{escape(action)}" id="checkout" class="wrap">'
        # Enter in any field pays: the first submit button is the form's default one.
        '<button type="submit" class="default-action" tabindex="-1" aria-hidden="true">'
        "</button>"
        f"{summary_html(order, values, problems, f'{TEST_BADGE}<h1>{escape(first_name)}</h1>')}"
        f'<section class="pay">{alert}'
        "<h2>Contact information</h2>"
        '<label for="email">Email</label><input type="email" id="email" name="email" '
        f'autocomplete="email" value="{escape(values.get("email", ""))}">'
        f"{field_error(problems, 'email')}"
        '<label for="name">Name (optional)</label><input type="text" id="name" name="name" '
        f'value="{escape(values.get("name", ""))}">{phone}'
        f"{_amount_field(offer, values, problems)}{fields}"
        f"{shipping_address_html(offer, values, problems)}"
        f"{_shipping_html(offer, values, problems)}"
        f"{billing_address_html(offer, values, problems)}"
        f"{_methods_html(offer, values, problems)}{_custom_text(offer, 'submit')}"
        f'<button type="submit" id="submit">{escape(submit_label(offer))}</button>'
        f"{_custom_text(offer, 'after_submit')}"
        '<p class="note">Emulated checkout: no real payment is made.</p>'
        "</section></form>"
    )
    return page(f"{first_name} · Checkout", body)
