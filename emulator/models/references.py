"""Ids of objects the emulator doesn't serve, checked the way Stripe checks them.

A request naming another object must name one that exists. The emulator models:

- **tax codes** (``txcd_`` + 8 digits) as accepted external ids: Stripe's catalog of tax codes
  is fixed and shared by every account, so any well-formed code is taken (the few listed in
  `TAX_CODE_NAMES` also have their names when expanded); anything else is ``resource_missing``;
- **connected accounts** as objects the emulated account holds only once a test registers them
  (``POST /_emulator/objects``, as Connect onboarding makes them); any other ``acct_`` id is
  refused with ``resource_missing``, as Stripe refuses an id of no object. Shipping rates are
  served (``/v1/shipping_rates``), so a link may only name one made through the API.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from emulator.exceptions import InvalidRequestError, ResourceMissing

if TYPE_CHECKING:
    from emulator.store import Store

__all__ = [
    "EXTERNAL_KINDS",
    "TAX_CODE_NAMES",
    "check_known",
    "check_tax_code",
    "register",
    "tax_code",
]

TAX_CODE_NAMES = {
    "txcd_00000000": "Nontaxable",
    "txcd_10000000": "General - Electronically Supplied Services",
    "txcd_20030000": "General - Services",
    "txcd_99999999": "General - Tangible Goods",
}
"""A few of Stripe's tax codes by name (the rest are accepted by shape)."""

EXTERNAL_KINDS = {"account": "acct_"}
"""Objects a test registers for the emulated account to know, with their id prefixes."""

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


def check_known(store: Store, kind: str, value: Any, param: str) -> None:
    """Refuse an id of an account or shipping rate the emulated account doesn't hold."""
    if isinstance(value, str) and value and store.get(kind, value) is None:
        raise _missing(kind, value, param)


def register(store: Store, kind: str, object_id: str) -> dict[str, Any]:
    """Make the emulated account hold a connected account (idempotent)."""
    prefix = EXTERNAL_KINDS.get(kind)
    if prefix is None or not re.fullmatch(re.escape(prefix) + r"[A-Za-z0-9]+", object_id):
        raise InvalidRequestError(
            f"Invalid {kind} id {object_id!r}: expected one of {sorted(EXTERNAL_KINDS)} with "
            f"its prefix ({', '.join(EXTERNAL_KINDS.values())}) and letters or digits."
        )
    found = store.get(kind, object_id)
    if found is None:
        found = {"id": object_id, "object": kind}
        store.insert(kind, found)
    return found
