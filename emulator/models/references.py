"""Ids of objects the emulator doesn't serve, checked the way Stripe checks them.

A request naming another object must name one that exists. The emulator models:

- **tax codes** (``txcd_`` + 8 digits) as accepted external ids: Stripe's catalog of tax codes
  is fixed and shared by every account, so any well-formed code is taken (the few listed in
  `TAX_CODE_NAMES` also have their names when expanded); anything else is ``resource_missing``;
- **shipping rates** and **connected accounts** as absent: the emulated account has none (it
  serves no shipping rate or Connect endpoint), so every ``shr_``/``acct_`` id is refused with
  ``resource_missing``, as Stripe refuses an id of no object.
"""

from __future__ import annotations

import re
from typing import Any

from emulator.exceptions import ResourceMissing

__all__ = ["TAX_CODE_NAMES", "check_account", "check_shipping_rate", "check_tax_code", "tax_code"]

TAX_CODE_NAMES = {
    "txcd_00000000": "Nontaxable",
    "txcd_10000000": "General - Electronically Supplied Services",
    "txcd_20030000": "General - Services",
    "txcd_99999999": "General - Tangible Goods",
}
"""A few of Stripe's tax codes by name (the rest are accepted by shape)."""

_TAX_CODE = re.compile(r"txcd_\d{8}")


def _missing(kind: str, object_id: str, param: str) -> ResourceMissing:
    error = ResourceMissing(kind, object_id, param=param)
    error.status = 400
    return error


def check_tax_code(value: Any, param: str) -> None:
    """Refuse a tax code that isn't one (``''`` and None unset it)."""
    if isinstance(value, str) and value and not _TAX_CODE.fullmatch(value):
        raise _missing("tax code", value, param)


def tax_code(code_id: str) -> dict[str, Any]:
    """The tax code object `expand[]=tax_code` shows."""
    return {
        "id": code_id,
        "object": "tax_code",
        "description": None,
        "name": TAX_CODE_NAMES.get(code_id),
    }


def check_shipping_rate(value: Any, param: str) -> None:
    """The emulated account has no shipping rates: any id is of no object."""
    if isinstance(value, str) and value:
        raise _missing("shipping_rate", value, param)


def check_account(value: Any, param: str) -> None:
    """The emulated account has no connected accounts: any id is of no object."""
    if isinstance(value, str) and value:
        raise _missing("account", value, param)
