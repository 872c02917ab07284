"""The address sections of the payment page: where to ship (when the link has
`shipping_address_collection`) and the billing address (`billing_address_collection: required`).

Without JavaScript the labels can't follow the chosen country, so a part is labelled the way all
the link's countries name it (`ZIP code` for a US-only link), and a generic name otherwise. The
rules themselves (which parts a country requires, valid postal codes) are the model's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from emulator.checkout.fields import field_error, text_input
from emulator.models.checkout_address import address_rules, all_countries, country_name
from emulator.models.checkout_order import Offer

__all__ = ["billing_address_html", "shipping_address_html"]


def _country_select(
    key: str,
    countries: Iterable[str],
    values: Mapping[str, str],
    problems: Mapping[str, str],
    default: str,
) -> str:
    chosen = values.get(key, default)
    options = "".join(
        f'<option value="{escape(code)}"{" selected" if code == chosen else ""}>'
        f"{escape(country_name(code))}</option>"
        for code in sorted(countries, key=country_name)
    )
    placeholder = "" if default else '<option value="">Choose…</option>'
    return (
        f'<label for="{key}">Country</label>'
        f'<select id="{key}" name="{key}" autocomplete="country">{placeholder}{options}</select>'
        f"{field_error(problems, key)}"
    )


def _parts_html(
    prefix: str,
    countries: list[str],
    values: Mapping[str, str],
    problems: Mapping[str, str],
) -> str:
    """Street, city, postal code and (where any of `countries` has one) state."""
    rules = [address_rules(code) for code in countries]
    postal_labels = {rule.postal_label for rule in rules}
    state_labels = {rule.state_label for rule in rules if rule.has_state}
    postal = postal_labels.pop() if len(postal_labels) == 1 else "Postal code"
    optional_postal = not all("postal_code" in rule.required for rule in rules)
    html = (
        text_input(f"{prefix}-line1", "Address line 1", values, problems,
                   autocomplete=f"{prefix} address-line1")
        + text_input(f"{prefix}-line2", "Address line 2 (optional)", values, problems,
                     autocomplete=f"{prefix} address-line2")
        + text_input(f"{prefix}-city", "City", values, problems,
                     autocomplete=f"{prefix} address-level2")
        + text_input(f"{prefix}-postal_code", postal + (" (if any)" if optional_postal else ""),
                     values, problems, autocomplete=f"{prefix} postal-code")
    )  # fmt: skip
    if state_labels:
        state = state_labels.pop() if len(state_labels) == 1 else "State / province"
        if not all(rule.has_state for rule in rules):
            state += " (if any)"
        html += text_input(
            f"{prefix}-state", state, values, problems, autocomplete=f"{prefix} address-level1"
        )
    return html


def shipping_address_html(
    offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]
) -> str:
    """Name and address to ship to, the country limited to the link's allowed countries."""
    countries = offer.shipping_countries
    if not countries:
        return ""
    return (
        '<h2>Shipping address</h2><div id="shipping-address">'
        + text_input("shipping-name", "Full name", values, problems, autocomplete="shipping name")
        + _country_select("shipping-country", countries, values, problems, countries[0])
        + _parts_html("shipping", countries, values, problems)
        + "</div>"
    )


def billing_address_html(
    offer: Offer, values: Mapping[str, str], problems: Mapping[str, str]
) -> str:
    """The billing address a link with `billing_address_collection: required` asks for; with a
    shipping address too, "same as shipping" (ticked at first) spares typing it twice."""
    if not offer.collects_billing_address:
        return ""
    same = ""
    if offer.shipping_countries:
        ticked = not values or values.get("billing-same") == "on"
        same = (
            '<label class="method"><input type="checkbox" id="billing-same" name="billing-same"'
            f'{" checked" if ticked else ""}> Billing address is same as shipping</label>'
        )
    countries = list(all_countries())
    default = offer.shipping_countries[0] if offer.shipping_countries else ""
    return (
        f'<h2>Billing address</h2>{same}<div id="billing-address">'
        + _country_select("billing-country", countries, values, problems, default)
        + _parts_html("billing", countries, values, problems)
        + "</div>"
    )
