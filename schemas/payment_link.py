"""Catalog model of a Stripe payment link: a shareable checkout page for some prices."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from schemas.base import (
    COUNTRY_PATTERN,
    HTTP_URL_PATTERN,
    Currency,
    Metadata,
    StripeModel,
)
from schemas.lifecycle import FIXED, UPDATABLE, UPDATE_ONLY, Reference
from schemas.rules import (
    MAX_ADJUSTABLE_QUANTITY,
    MAX_CUSTOM_FIELDS,
    MAX_CUSTOM_MESSAGE_LENGTH,
    MAX_LINE_ITEMS,
    check_payment_link,
)

__all__ = [
    "AdjustableQuantity",
    "AfterCompletion",
    "AutomaticTax",
    "ConsentCollection",
    "CustomField",
    "CustomText",
    "HostedConfirmation",
    "InvoiceCreation",
    "LineItem",
    "ManagedPayments",
    "NameCollection",
    "OptionalItem",
    "PaymentIntentData",
    "PaymentLinkSpec",
    "PaymentMethodOptions",
    "Redirect",
    "Restrictions",
    "ShippingAddressCollection",
    "ShippingOption",
    "SubscriptionData",
    "TaxIdCollection",
    "TransferData",
]


class AdjustableQuantity(StripeModel):
    """Lets the customer change the quantity of a line item on the checkout page."""

    enabled: bool
    """Turn quantity adjustment on."""
    minimum: Annotated[int, Field(ge=0)] | None = None
    """Lowest quantity the customer may pick (default 0)."""
    maximum: (
        Annotated[int, Field(ge=1, json_schema_extra={"maximum": MAX_ADJUSTABLE_QUANTITY})] | None
    ) = None
    """Highest quantity (default 99, at most 999999)."""


class LineItem(StripeModel):
    """One price sold by the link, with its quantity."""

    price: Annotated[str, Field(min_length=1), Reference("price"), FIXED]
    """The price: its key in ``prices`` (a Stripe id in resources). Stripe can't change a line
    item's price: a different set of prices means a new link (new URL)."""
    quantity: Annotated[int, Field(ge=1)]
    """Quantity pre-selected on the checkout page (at least 1)."""
    adjustable_quantity: AdjustableQuantity | None = None
    """Let the customer change the quantity."""


class OptionalItem(StripeModel):
    """A price customers may add to their order at checkout."""

    price: Annotated[str, Field(min_length=1), Reference("price")]
    """The price: its key in ``prices`` (a Stripe id in resources)."""
    quantity: Annotated[int, Field(ge=0)]
    """Quantity added when the customer picks it."""
    adjustable_quantity: AdjustableQuantity | None = None
    """Let the customer change the quantity."""


class Redirect(StripeModel):
    """Where the customer goes after paying."""

    url: Annotated[str, Field(pattern=HTTP_URL_PATTERN, max_length=2048)]
    """Redirect URL; may contain ``{CHECKOUT_SESSION_ID}``, replaced by the session id."""


class HostedConfirmation(StripeModel):
    """The confirmation page Stripe shows after paying."""

    custom_message: Annotated[str, Field(max_length=MAX_CUSTOM_MESSAGE_LENGTH)] | None = None
    """Message shown instead of Stripe's default (≤500 characters)."""


class AfterCompletion(StripeModel):
    """What happens after a successful payment: a redirect or Stripe's confirmation page."""

    type: Literal["redirect", "hosted_confirmation"]
    """``redirect`` (needs ``redirect.url``) or ``hosted_confirmation`` (needs its block)."""
    redirect: Redirect | None = None
    """Used with ``type: redirect``."""
    hosted_confirmation: HostedConfirmation | None = None
    """Used with ``type: hosted_confirmation``."""


class AutomaticTaxLiability(StripeModel):
    """Which account is liable for tax (Connect)."""

    type: Literal["account", "self"]
    """``self`` or a connected ``account``."""
    account: str | None = None
    """The connected account id, with ``type: account``."""


class AutomaticTax(StripeModel):
    """Stripe Tax: compute tax from the customer's location."""

    enabled: bool
    """Turn automatic tax on."""
    liability: AutomaticTaxLiability | None = None
    """Who is liable for the tax (Connect)."""


class PaymentMethodReuseAgreement(StripeModel):
    """Where the reuse agreement text is shown."""

    position: Literal["auto", "hidden"]
    """``auto`` shows Stripe's text, ``hidden`` hides it."""


class ConsentCollection(StripeModel):
    """Consents collected at checkout."""

    payment_method_reuse_agreement: PaymentMethodReuseAgreement | None = None
    """Display of the payment method reuse agreement."""
    promotions: Literal["auto", "none"] | None = None
    """Ask for consent to send promotional emails."""
    terms_of_service: Literal["none", "required"] | None = None
    """Require accepting your terms of service."""


class CustomFieldLabel(StripeModel):
    """Label shown next to a custom field."""

    type: Literal["custom"]
    """Always ``custom``."""
    custom: Annotated[str, Field(max_length=50)]
    """The label text (≤50 characters)."""


class DropdownOption(StripeModel):
    """One choice of a dropdown custom field."""

    label: Annotated[str, Field(max_length=100)]
    """Text shown to the customer."""
    value: Annotated[str, Field(pattern=r"^[A-Za-z0-9]+$", max_length=100)]
    """Value stored on the session (alphanumeric)."""


class CustomFieldDropdown(StripeModel):
    """Choices of a dropdown custom field."""

    options: Annotated[list[DropdownOption], Field(min_length=1, max_length=200)]
    """The choices."""
    default_value: str | None = None
    """Value pre-selected."""


class CustomFieldText(StripeModel):
    """Length bounds of a text or numeric custom field."""

    minimum_length: Annotated[int, Field(ge=0, le=255)] | None = None
    """Fewest characters accepted."""
    maximum_length: Annotated[int, Field(ge=1, le=255)] | None = None
    """Most characters accepted."""
    default_value: str | None = None
    """Value pre-filled."""


class CustomField(StripeModel):
    """An extra question on the checkout page (at most three per link)."""

    key: Annotated[str, Field(pattern=r"^[A-Za-z0-9]+$", max_length=200)]
    """Alphanumeric key of the answer on the session."""
    label: CustomFieldLabel
    """The label."""
    type: Literal["dropdown", "numeric", "text"]
    """Kind of input."""
    optional: bool | None = None
    """Whether the customer may leave it empty."""
    dropdown: CustomFieldDropdown | None = None
    """Choices, with ``type: dropdown``."""
    numeric: CustomFieldText | None = None
    """Bounds, with ``type: numeric``."""
    text: CustomFieldText | None = None
    """Bounds, with ``type: text``."""


class CustomTextMessage(StripeModel):
    """A custom text block."""

    message: Annotated[str, Field(max_length=1200)]
    """The text (≤1200 characters)."""


class CustomText(StripeModel):
    """Your own text at fixed places of the checkout page."""

    after_submit: CustomTextMessage | None = None
    """Below the pay button."""
    shipping_address: CustomTextMessage | None = None
    """Next to the shipping address."""
    submit: CustomTextMessage | None = None
    """Next to the pay button."""
    terms_of_service_acceptance: CustomTextMessage | None = None
    """Replaces the terms of service checkbox text."""


class InvoiceCustomField(StripeModel):
    """A name/value pair printed on invoices."""

    name: Annotated[str, Field(max_length=40)]
    """Field name."""
    value: Annotated[str, Field(max_length=140)]
    """Field value."""


class InvoiceRenderingOptions(StripeModel):
    """How invoices are rendered."""

    amount_tax_display: Literal["", "exclude_tax", "include_inclusive_tax"] | None = None
    """Whether amounts show tax."""


class InvoiceData(StripeModel):
    """What post-purchase invoices contain."""

    account_tax_ids: list[str] | None = None
    """Your tax ids printed on the invoice."""
    custom_fields: Annotated[list[InvoiceCustomField], Field(max_length=4)] | None = None
    """Up to 4 extra fields."""
    description: str | None = None
    """Invoice description."""
    footer: str | None = None
    """Invoice footer."""
    metadata: Metadata | None = None
    """Metadata copied to the invoices."""
    rendering_options: InvoiceRenderingOptions | None = None
    """Rendering choices."""


class InvoiceCreation(StripeModel):
    """Send an invoice after a one-time payment (not for subscriptions)."""

    enabled: bool
    """Turn post-purchase invoices on."""
    invoice_data: InvoiceData | None = None
    """What the invoices contain."""


class ManagedPayments(StripeModel):
    """Stripe Managed Payments: Stripe sells as the merchant of record."""

    enabled: bool | None = None
    """Turn Managed Payments on for the link's checkouts."""


class NameCollectionOption(StripeModel):
    """Whether to ask for one kind of name."""

    enabled: bool
    """Ask for this name."""
    optional: bool | None = None
    """Let the customer leave it empty."""


class NameCollection(StripeModel):
    """Ask for a business and/or individual name."""

    business: NameCollectionOption | None = None
    """The business name."""
    individual: NameCollectionOption | None = None
    """The individual's name."""


class PaymentIntentData(StripeModel):
    """Settings of the payments made through the link (one-time payments only)."""

    capture_method: Literal["automatic", "automatic_async", "manual"] | None = None
    """When funds are captured."""
    description: str | None = None
    """Description of the payments."""
    metadata: Metadata | None = None
    """Metadata copied to the payments."""
    setup_future_usage: Literal["off_session", "on_session"] | None = None
    """Save the payment method for later use."""
    statement_descriptor: Annotated[str, Field(max_length=22)] | None = None
    """Text on the customer's statement."""
    statement_descriptor_suffix: Annotated[str, Field(max_length=22)] | None = None
    """Suffix added to your account's statement descriptor."""
    transfer_group: str | None = None
    """Groups related transfers (Connect)."""


class CardRestrictions(StripeModel):
    """Cards the link refuses."""

    brands_blocked: (
        list[Literal["american_express", "discover_global_network", "mastercard", "visa"]] | None
    ) = None
    """Card brands customers can't pay with."""


class CardOptions(StripeModel):
    """Settings of card payments."""

    restrictions: CardRestrictions | None = None
    """Cards refused at checkout."""


class PaymentMethodOptions(StripeModel):
    """Settings of one payment method at a time."""

    card: CardOptions | None = None
    """Card payments."""


class PhoneNumberCollection(StripeModel):
    """Ask for the customer's phone number."""

    enabled: bool
    """Turn phone number collection on."""


class CompletedSessions(StripeModel):
    """Stop selling after some number of purchases."""

    limit: Annotated[int, Field(ge=1)]
    """Number of completed checkouts after which the link deactivates."""


class Restrictions(StripeModel):
    """Limits on the link's use."""

    completed_sessions: CompletedSessions
    """Deactivate after a number of purchases."""


class ShippingAddressCollection(StripeModel):
    """Ask for a shipping address, restricted to some countries."""

    allowed_countries: Annotated[
        list[Annotated[str, Field(pattern=COUNTRY_PATTERN)]], Field(min_length=1)
    ]
    """Two-letter country codes (uppercase) the link ships to."""


class ShippingOption(StripeModel):
    """A shipping rate offered at checkout."""

    shipping_rate: Annotated[str, Field(min_length=1), Reference("shipping_rate")]
    """The shipping rate: its key in ``shipping_rates`` (a Stripe id in resources). A rate
    replaced by a new amount moves the link to the new rate in place (same URL)."""


class TrialEndBehavior(StripeModel):
    """What happens when a trial ends without a payment method."""

    missing_payment_method: Literal["cancel", "create_invoice", "pause"]
    """Cancel, invoice or pause the subscription."""


class TrialSettings(StripeModel):
    """Trial settings of subscriptions created by the link."""

    end_behavior: TrialEndBehavior
    """Behaviour at the end of the trial."""


class SubscriptionInvoiceSettings(StripeModel):
    """Invoice settings of subscriptions created by the link."""

    issuer: dict[str, str] | None = None
    """Connected account issuing the invoices (``{type, account}``)."""


class SubscriptionData(StripeModel):
    """Settings of subscriptions started by the link (needs a recurring price)."""

    description: Annotated[str, Field(max_length=500)] | None = None
    """Subscription description shown to the customer."""
    invoice_settings: SubscriptionInvoiceSettings | None = None
    """Invoice settings."""
    metadata: Metadata | None = None
    """Metadata copied to the subscriptions."""
    trial_period_days: Annotated[int, Field(ge=1, le=730)] | None = None
    """Free trial length in days."""
    trial_settings: TrialSettings | None = None
    """Trial end behaviour."""


class TaxIdCollection(StripeModel):
    """Ask business customers for their tax id."""

    enabled: bool
    """Turn tax id collection on."""
    required: Literal["if_supported", "never"] | None = None
    """Whether the tax id is mandatory where supported."""


class TransferData(StripeModel):
    """Send funds to a connected account (Connect destination charges)."""

    destination: str
    """Connected account id (``acct_...``)."""
    amount: Annotated[int, Field(ge=0)] | None = None
    """Amount transferred, in the smallest currency unit."""


class PaymentLinkSpec(StripeModel):
    """A Stripe payment link (``POST /v1/payment_links``): a URL to share that opens a checkout.

    Links can't be deleted (only deactivated) and their prices can't change: a new set of prices
    means a new link and a new URL.
    """

    line_items: Annotated[
        list[LineItem],
        Field(json_schema_extra={"minItems": 1, "maxItems": MAX_LINE_ITEMS}),
        UPDATABLE,
    ]
    """What the link sells: 1 to 20 items with standard prices, or exactly one customer-chosen
    price."""
    after_completion: Annotated[AfterCompletion | None, UPDATABLE] = None
    """After paying: redirect to your site or show a confirmation message."""
    active: Annotated[bool | None, UPDATE_ONLY] = None
    """``false`` deactivates the link (customers see an expiry page); ``true`` reuses it."""
    inactive_message: Annotated[Annotated[str, Field(max_length=500)] | None, UPDATABLE] = None
    """Message shown on the link while it is inactive."""
    allow_promotion_codes: Annotated[bool | None, UPDATABLE] = None
    """Let customers enter promotion codes."""
    automatic_tax: Annotated[AutomaticTax | None, UPDATABLE] = None
    """Compute tax with Stripe Tax."""
    billing_address_collection: Annotated[Literal["auto", "required"] | None, UPDATABLE] = None
    """Always ask for a billing address (``required``) or only when needed (``auto``)."""
    consent_collection: Annotated[ConsentCollection | None, UPDATABLE] = None
    """Consents to collect (terms of service, promotions)."""
    currency: Annotated[Currency | None, FIXED] = None
    """Currency to present when prices have several (``currency_options``)."""
    custom_fields: Annotated[
        Annotated[list[CustomField], Field(json_schema_extra={"maxItems": MAX_CUSTOM_FIELDS})]
        | None,
        UPDATABLE,
    ] = None
    """Up to 3 extra questions on the checkout page."""
    custom_text: Annotated[CustomText | None, UPDATABLE] = None
    """Your own text on the checkout page."""
    customer_creation: Annotated[Literal["always", "if_required"] | None, UPDATABLE] = None
    """Whether one-time payments create a Stripe customer."""
    invoice_creation: Annotated[InvoiceCreation | None, UPDATABLE] = None
    """Post-purchase invoices for one-time payments."""
    managed_payments: Annotated[ManagedPayments | None, FIXED] = None
    """Managed Payments settings; fixed when the link is created (a change means a new URL)."""
    metadata: Annotated[Metadata | None, UPDATABLE] = None
    """Your own key/value data, stored on the link."""
    name_collection: Annotated[NameCollection | None, UPDATABLE] = None
    """Ask for a business or individual name."""
    optional_items: Annotated[list[OptionalItem] | None, UPDATABLE] = None
    """Items customers may add (keys in ``prices``, Stripe ids in resources)."""
    payment_intent_data: Annotated[PaymentIntentData | None, UPDATABLE] = None
    """Settings of the payments (one-time payments only)."""
    payment_method_types: Annotated[
        list[Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]] | None, UPDATABLE
    ] = None
    """Pin the payment methods offered (``card``, ``sepa_debit``...); default: the Dashboard's."""
    payment_method_options: Annotated[PaymentMethodOptions | None, UPDATABLE] = None
    """Payment-method-specific settings (block card brands)."""
    payment_method_collection: Annotated[Literal["always", "if_required"] | None, UPDATABLE] = None
    """Whether to collect a payment method when the amount due is zero."""
    phone_number_collection: Annotated[PhoneNumberCollection | None, UPDATABLE] = None
    """Ask for a phone number."""
    restrictions: Annotated[Restrictions | None, UPDATABLE] = None
    """Deactivate after a number of completed purchases."""
    shipping_address_collection: Annotated[ShippingAddressCollection | None, UPDATABLE] = None
    """Ask for a shipping address."""
    shipping_options: Annotated[list[ShippingOption] | None, UPDATABLE] = None
    """Shipping rates offered (keys in ``shipping_rates``); needs
    ``shipping_address_collection`` and one-time prices."""
    submit_type: Annotated[
        Literal["auto", "book", "donate", "pay", "subscribe"] | None, UPDATABLE
    ] = None
    """Wording of the pay button (``donate`` also changes the link's host)."""
    subscription_data: Annotated[SubscriptionData | None, UPDATABLE] = None
    """Settings of the subscription the link starts (needs a recurring price)."""
    tax_id_collection: Annotated[TaxIdCollection | None, UPDATABLE] = None
    """Ask business customers for their tax id."""
    on_behalf_of: Annotated[str | None, UPDATABLE] = None
    """Connected account the payments are made for (Connect)."""
    transfer_data: Annotated[TransferData | None, UPDATABLE] = None
    """Transfer funds to a connected account (Connect)."""
    application_fee_amount: Annotated[Annotated[int, Field(ge=0)] | None, UPDATABLE] = None
    """Platform fee in the smallest currency unit (Connect, one-time payments)."""
    application_fee_percent: Annotated[Annotated[float, Field(ge=0, le=100)] | None, UPDATABLE] = (
        None
    )
    """Platform fee percentage (Connect, subscriptions)."""

    rules = check_payment_link
