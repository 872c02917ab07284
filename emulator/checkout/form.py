"""Reading the payment form (`application/x-www-form-urlencoded`) into a `Submission`.

Only the shape is checked here (numbers are numbers, an amount is an amount of the link's
currency); every business rule is the model's (`price_order`). Field names:
`email`, `name`, `phone`, `payment_method`, `amount`, `quantity-<line item id>`,
`custom_field-<key>`, `shipping_rate`, `promotion_code`, the address parts
`shipping-<part>` and `billing-<part>` (parts named as Stripe's `address` fields, plus `name`),
`billing-same` (billing address same as shipping) and `action` (`apply`: show the code's discount
without paying).
"""

from __future__ import annotations

from collections.abc import Mapping

from emulator.models.checkout_address import ADDRESS_PARTS
from emulator.models.checkout_order import Offer, Submission
from emulator.models.money import parse_amount

__all__ = ["address_parts", "read_submission"]


def address_parts(form: Mapping[str, str], prefix: str) -> dict[str, str]:
    """The parts of one address form (`shipping` or `billing`) that were sent."""
    return {part: form[f"{prefix}-{part}"] for part in ADDRESS_PARTS if f"{prefix}-{part}" in form}


def read_submission(
    offer: Offer, form: Mapping[str, str]
) -> tuple[Submission | None, dict[str, str]]:
    """The submission, or None with the problems of fields that could not be read."""
    problems: dict[str, str] = {}
    quantities: dict[str, int] = {}
    for line in offer.lines:
        key = f"quantity-{line.item_id}"
        raw = form.get(key)
        if raw is None:
            continue
        try:
            quantities[line.item_id] = int(raw.strip())
        except ValueError:
            problems[key] = "Enter a whole number."
    amount = None
    raw_amount = (form.get("amount") or "").strip()
    if raw_amount:
        try:
            amount = parse_amount(raw_amount, offer.currency)
        except ValueError as error:
            problems["amount"] = str(error)
    custom_fields = {
        str(spec["key"]): form.get(f"custom_field-{spec['key']}", "")
        for spec in offer.custom_fields
    }
    if problems:
        return None, problems
    return (
        Submission(
            email=form.get("email", ""),
            payment_method=form.get("payment_method", ""),
            quantities=quantities,
            custom_amount=amount,
            custom_fields=custom_fields,
            name=form.get("name"),
            phone=form.get("phone"),
            shipping_rate=form.get("shipping_rate") or None,
            promotion_code=form.get("promotion_code") or None,
            shipping_address=address_parts(form, "shipping"),
            billing_address=address_parts(form, "billing"),
            billing_same_as_shipping=form.get("billing-same") == "on",
        ),
        problems,
    )
