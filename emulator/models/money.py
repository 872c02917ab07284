"""Amounts in a currency's smallest unit, as Stripe stores them, shown and read as people write
them (`€14.00`, `¥500`). Zero-decimal currencies have no minor unit (Stripe's list)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["ZERO_DECIMAL_CURRENCIES", "decimals", "format_amount", "parse_amount"]

#: Currencies Stripe charges in whole units (`unit_amount: 500` is ¥500, not ¥5.00).
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
        "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    }
)  # fmt: skip

_SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "inr": "₹", "krw": "₩"}


def decimals(currency: str) -> int:
    """Digits after the decimal point for `currency` (0 or 2)."""
    return 0 if currency.lower() in ZERO_DECIMAL_CURRENCIES else 2


def format_amount(minor: int, currency: str) -> str:
    """`1400, "eur"` → `€14.00`; currencies without a symbol read `14.00 SEK`."""
    places = decimals(currency)
    number = f"{Decimal(minor) / (10**places):,.{places}f}"
    symbol = _SYMBOLS.get(currency.lower())
    return f"{symbol}{number}" if symbol else f"{number} {currency.upper()}"


def parse_amount(text: str, currency: str) -> int:
    """What a customer typed (`12`, `12.5`, `12.50`) in the smallest unit; ValueError with a
    message for the customer when it is not an amount of this currency."""
    cleaned = text.strip().replace(",", "").lstrip("".join(_SYMBOLS.values()))
    places = decimals(currency)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("Enter an amount, such as 12.50.") from None
    if not value.is_finite() or value < 0:
        raise ValueError("Enter a positive amount.")
    minor = value * (10**places)
    if minor != minor.to_integral_value():
        unit = "whole units" if places == 0 else f"at most {places} decimals"
        raise ValueError(f"Enter the amount in {unit}.")
    return int(minor)
