"""What a payment link offers a customer, and the rules a submitted order must pass.

`offer_for(backend, link)` turns a link into an `Offer` (lines with product names, unit amounts,
quantity bounds, a customer-chosen amount's bounds, payment methods, custom fields, the active
shipping rates it offers, the addresses it collects, its trial). The payment page renders that
offer; `price_order(offer, submission)` checks what the customer sent against the *same* offer, so
a limit shown on the page is the limit enforced, with or without a browser. Every problem is
reported at once, keyed by form field, for the page to show next to the field. `quote_order` is
the same pricing without refusing: the page shows its totals (e.g. after "Apply" on a code).
Addresses are checked in `checkout_address`, promotion codes in `checkout_discount`, custom
fields in `checkout_custom_fields`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from emulator.models.checkout_address import all_countries, check_address
from emulator.models.checkout_custom_fields import custom_field_value
from emulator.models.checkout_discount import (
    INVALID_CODE,
    DiscountedLine,
    Promotion,
    line_discounts,
)
from emulator.models.money import format_amount
from emulator.models.payment_methods import is_delayed, offered_methods

if TYPE_CHECKING:
    from emulator.models.backend import Backend

__all__ = [
    "CheckoutRejected",
    "CustomAmount",
    "Offer",
    "OfferLine",
    "Order",
    "OrderLine",
    "Promotion",
    "Submission",
    "offer_for",
    "price_order",
    "quote_order",
]

#: Stripe's defaults for `adjustable_quantity` bounds when a link leaves them out.
DEFAULT_MIN_QUANTITY = 0
DEFAULT_MAX_QUANTITY = 99

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CheckoutRejected(Exception):
    """The customer's order breaks a rule; `problems` maps form fields to messages."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems.items()))
        self.problems = dict(problems)


@dataclass(frozen=True)
class CustomAmount:
    """Bounds of a customer-chosen price (`custom_unit_amount`), in the smallest unit."""

    minimum: int
    maximum: int | None
    preset: int | None


@dataclass(frozen=True)
class OfferLine:
    """One line item as the customer sees it."""

    item_id: str
    price: dict[str, Any]
    product_name: str
    product_description: str | None
    quantity: int
    #: `(minimum, maximum)` when the customer may change the quantity, else None.
    adjustable: tuple[int, int] | None
    custom_amount: CustomAmount | None

    @property
    def unit_amount(self) -> int | None:
        """The fixed price per unit (None for a customer-chosen price)."""
        value = self.price.get("unit_amount")
        return int(value) if value is not None else None

    @property
    def recurring(self) -> dict[str, Any] | None:
        """`{interval, interval_count}` for a subscription price."""
        return self.price.get("recurring")


@dataclass(frozen=True)
class Offer:
    """Everything the payment page shows and the order is checked against."""

    link: dict[str, Any]
    lines: list[OfferLine]
    currency: str
    payment_methods: list[str]
    custom_fields: list[dict[str, Any]]
    #: The active shipping rates of the link's `shipping_options`, in its order (first: default).
    shipping_rates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def mode(self) -> str:
        """`subscription` when any price is recurring, as Checkout decides, else `payment`."""
        return "subscription" if any(line.recurring for line in self.lines) else "payment"

    @property
    def takes_promotion_codes(self) -> bool:
        """Whether the link lets customers enter a promotion code (`allow_promotion_codes`)."""
        return bool(self.link.get("allow_promotion_codes"))

    @property
    def collects_phone(self) -> bool:
        """Whether the link asks for a phone number (`phone_number_collection.enabled`)."""
        return bool((self.link.get("phone_number_collection") or {}).get("enabled"))

    @property
    def shipping_countries(self) -> list[str]:
        """Where the link ships (`shipping_address_collection.allowed_countries`); [] when it
        doesn't ask for a shipping address."""
        collection = self.link.get("shipping_address_collection") or {}
        return list(collection.get("allowed_countries") or [])

    @property
    def collects_billing_address(self) -> bool:
        """Whether the link requires a full billing address (`billing_address_collection`)."""
        return self.link.get("billing_address_collection") == "required"

    @property
    def trial_period_days(self) -> int | None:
        """Free days before a subscription's first charge (`subscription_data`)."""
        days = (self.link.get("subscription_data") or {}).get("trial_period_days")
        return int(days) if days and self.mode == "subscription" else None


@dataclass(frozen=True)
class Submission:
    """What the customer entered on the payment page (amounts in the smallest unit)."""

    email: str
    payment_method: str
    #: Quantities by line item id; items not listed keep the link's quantity.
    quantities: Mapping[str, int] = field(default_factory=dict)
    #: The amount typed for a customer-chosen price (None: use the preset).
    custom_amount: int | None = None
    #: Custom field values by field `key`.
    custom_fields: Mapping[str, str] = field(default_factory=dict)
    name: str | None = None
    phone: str | None = None
    #: The chosen shipping rate id (None: the first one offered).
    shipping_rate: str | None = None
    #: The promotion code typed (None or "": none).
    promotion_code: str | None = None
    #: The shipping address parts typed (`name`, `line1`, ... `country`), by Stripe's names.
    shipping_address: Mapping[str, str] = field(default_factory=dict)
    #: The billing address parts typed, when the link requires one.
    billing_address: Mapping[str, str] = field(default_factory=dict)
    #: "Billing address same as shipping" (then `billing_address` is not read).
    billing_same_as_shipping: bool = False


@dataclass(frozen=True)
class OrderLine:
    """A line item bought: its price, quantity and amounts."""

    line: OfferLine
    quantity: int
    unit_amount: int
    #: A recurring line in its free trial: nothing is charged for it today.
    trial: bool = False

    @property
    def amount_subtotal(self) -> int:
        """What the line costs today: unit amount times quantity, 0 during a trial (no
        discounts or taxes)."""
        return 0 if self.trial else self.amount_after_trial

    @property
    def amount_after_trial(self) -> int:
        """Unit amount times quantity: what each period costs once any trial is over."""
        return self.unit_amount * self.quantity


@dataclass(frozen=True)
class Order:
    """An order that passed every rule: ready to become a completed Checkout Session."""

    offer: Offer
    lines: list[OrderLine]
    submission: Submission
    custom_fields: list[dict[str, Any]]
    #: The shipping rate charged (None when the link doesn't ship).
    shipping_rate: dict[str, Any] | None = None
    #: The promotion code applied, if any.
    promotion: Promotion | None = None
    #: What the promotion takes off each line, aligned with `lines`.
    line_discounts: tuple[int, ...] = ()
    #: `{"name", "address"}` where the order ships (None when the link doesn't ship).
    shipping_details: dict[str, Any] | None = None
    #: The billing `address` (None when the link doesn't require one).
    billing_address: dict[str, Any] | None = None

    @property
    def amount_discount(self) -> int:
        """What the promotion code takes off the items (never off shipping)."""
        return sum(self.line_discounts)

    @property
    def amount_subtotal(self) -> int:
        """Sum of the lines."""
        return sum(line.amount_subtotal for line in self.lines)

    @property
    def amount_shipping(self) -> int:
        """The chosen shipping rate's fixed amount (0 without shipping)."""
        return int(self.shipping_rate["fixed_amount"]["amount"]) if self.shipping_rate else 0

    @property
    def amount_total(self) -> int:
        """What the customer pays: the lines, less the discount, plus shipping (no taxes)."""
        return self.amount_subtotal - self.amount_discount + self.amount_shipping

    @property
    def delayed(self) -> bool:
        """Whether the payment settles later (the session completes `unpaid`)."""
        return is_delayed(self.submission.payment_method)


def offer_for(backend: Backend, link: dict[str, Any]) -> Offer:
    """The offer behind a payment link, with prices and product names looked up."""
    items = link["_line_items"]
    lines = []
    for item in items:
        price = backend.store.get("price", item["price"]) or {}
        product = backend.store.get("product", price.get("product", "")) or {}
        custom = price.get("custom_unit_amount")
        adjustable = item.get("adjustable_quantity") or {}
        bounds = None
        if adjustable.get("enabled"):
            low = adjustable.get("minimum")
            low = DEFAULT_MIN_QUANTITY if low is None else low
            if len(items) == 1:
                low = max(low, 1)  # Stripe: a lone item can't go down to 0
            high = adjustable.get("maximum")
            bounds = (low, DEFAULT_MAX_QUANTITY if high is None else high)
        lines.append(
            OfferLine(
                item_id=item["id"],
                price=price,
                product_name=str(product.get("name") or price.get("nickname") or "Item"),
                product_description=product.get("description"),
                quantity=int(item["quantity"]),
                adjustable=bounds,
                custom_amount=(
                    CustomAmount(
                        minimum=custom.get("minimum") or 1,
                        maximum=custom.get("maximum"),
                        preset=custom.get("preset"),
                    )
                    if custom
                    else None
                ),
            )
        )
    rates = [
        backend.store.get("shipping_rate", option["shipping_rate"])
        for option in link.get("shipping_options") or []
    ]
    return Offer(
        link=link,
        lines=lines,
        currency=str(link.get("currency") or (lines[0].price.get("currency") if lines else "usd")),
        payment_methods=offered_methods(link),
        custom_fields=list(link.get("custom_fields") or []),
        shipping_rates=[rate for rate in rates if rate is not None and rate["active"]],
    )


def price_order(
    offer: Offer, submission: Submission, promotion: Promotion | None = None
) -> Order:
    """Check a submission against the offer; raises `CheckoutRejected` listing every problem.

    `promotion` is the code found for `submission.promotion_code` (None: not found)."""
    order, problems = quote_order(offer, submission, promotion)
    if problems:
        raise CheckoutRejected(problems)
    return order


def quote_order(
    offer: Offer, submission: Submission, promotion: Promotion | None = None
) -> tuple[Order, dict[str, str]]:
    """The order as far as it can be priced, and every problem with the submission (the page
    shows the totals of a quote, and only the problems of the fields the customer acted on)."""
    problems: dict[str, str] = {}
    if not _EMAIL.match(submission.email.strip()):
        problems["email"] = "Enter a valid email address."
    if submission.payment_method not in offer.payment_methods:
        problems["payment_method"] = "Choose one of the payment methods offered."
    if offer.collects_phone and not (submission.phone or "").strip():
        problems["phone"] = "Enter your phone number."
    lines = [
        line
        for line in (
            _order_line(offer, offer_line, submission, problems) for offer_line in offer.lines
        )
        if line is not None
    ]
    if not problems and not any(line.quantity for line in lines):
        problems["quantity"] = "Choose at least one item."
    custom_fields = [
        custom_field_value(spec, submission.custom_fields.get(spec["key"], ""), problems)
        for spec in offer.custom_fields
    ]
    shipping = _shipping_rate(offer, submission, problems)
    shipping_details, billing_address = _addresses(offer, submission, problems)
    bought = [line for line in lines if line.quantity > 0]
    discounts = _discounts(offer, submission, promotion, bought, problems)
    order = Order(
        offer=offer,
        lines=bought,
        submission=submission,
        custom_fields=custom_fields,
        shipping_rate=shipping,
        promotion=promotion if discounts else None,
        line_discounts=tuple(discounts),
        shipping_details=shipping_details,
        billing_address=billing_address,
    )
    return order, problems


def _addresses(
    offer: Offer, submission: Submission, problems: dict[str, str]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The shipping details and billing address the link collects, checked."""
    shipping = (
        check_address("shipping", submission.shipping_address, offer.shipping_countries, problems)
        if offer.shipping_countries
        else None
    )
    if not offer.collects_billing_address:
        return shipping, None
    if shipping is not None and submission.billing_same_as_shipping:
        return shipping, dict(shipping["address"])
    billing = check_address(
        "billing", submission.billing_address, all_countries(), problems, with_name=False
    )
    return shipping, dict(billing["address"])


def _discounts(
    offer: Offer,
    submission: Submission,
    promotion: Promotion | None,
    lines: list[OrderLine],
    problems: dict[str, str],
) -> list[int]:
    """What the typed promotion code takes off each line ([] without a code, or when it is
    refused: the reason goes to the `promotion_code` field)."""
    typed = (submission.promotion_code or "").strip()
    if not typed:
        return []
    if not offer.takes_promotion_codes:
        problems["promotion_code"] = "This link doesn't take promotion codes."
        return []
    if promotion is None:
        problems["promotion_code"] = INVALID_CODE
        return []
    if promotion.refusal is not None:
        problems["promotion_code"] = promotion.refusal
        return []
    discounted = [
        DiscountedLine(line.line.price.get("product"), line.amount_subtotal) for line in lines
    ]
    taken, refusal = line_discounts(promotion, offer.currency, discounted)
    if refusal is not None:
        problems["promotion_code"] = refusal
    return taken


def _shipping_rate(
    offer: Offer, submission: Submission, problems: dict[str, str]
) -> dict[str, Any] | None:
    """The rate the customer chose among those offered (the first one by default)."""
    if not offer.shipping_rates:
        return None
    wanted = submission.shipping_rate or offer.shipping_rates[0]["id"]
    chosen = next((rate for rate in offer.shipping_rates if rate["id"] == wanted), None)
    if chosen is None:
        problems["shipping_rate"] = "Choose one of the shipping options."
    return chosen


def _order_line(
    offer: Offer, line: OfferLine, submission: Submission, problems: dict[str, str]
) -> OrderLine | None:
    quantity = submission.quantities.get(line.item_id, line.quantity)
    key = f"quantity-{line.item_id}"
    if line.adjustable is None and quantity != line.quantity:
        problems[key] = f"The quantity of {line.product_name} is fixed at {line.quantity}."
        return None
    if line.adjustable is not None and not line.adjustable[0] <= quantity <= line.adjustable[1]:
        low, high = line.adjustable
        problems[key] = f"Choose a quantity of {line.product_name} from {low} to {high}."
        return None
    if line.custom_amount is None:
        trial = offer.trial_period_days is not None and line.recurring is not None
        return OrderLine(line, quantity, line.unit_amount or 0, trial=trial)
    amount = submission.custom_amount
    if amount is None:
        amount = line.custom_amount.preset
    if amount is None:
        problems["amount"] = "Enter an amount."
        return None
    bounds = line.custom_amount
    if amount < bounds.minimum:
        problems["amount"] = f"Enter at least {format_amount(bounds.minimum, offer.currency)}."
        return None
    if bounds.maximum is not None and amount > bounds.maximum:
        problems["amount"] = f"Enter at most {format_amount(bounds.maximum, offer.currency)}."
        return None
    return OrderLine(line, quantity, amount)
