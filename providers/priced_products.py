"""Which products this provider process has seen holding a price: those Stripe won't delete.

Stripe refuses to delete a product that has prices, archived ones included, and prices can
never be deleted: a product that ever had a price can only be archived. Retiring happens
dependents first, in this one process, so by the time ``destroy`` (or an ``up`` removing a
product with its prices) reaches a product, its prices have been retired here and noted; the
product is then archived with the one request Stripe accepts, instead of a refused ``DELETE``
followed by the archive. A product never noted (no price, or prices made outside this run) is
deleted, and archived only if Stripe refuses that.
"""

from __future__ import annotations

import threading

__all__ = ["forget", "has_prices", "note_price_of"]

_lock = threading.Lock()
_priced: set[str] = set()


def note_price_of(product_id: object) -> None:
    """Remember that `product_id` holds a price (ignored unless a non-empty string)."""
    if isinstance(product_id, str) and product_id:
        with _lock:
            _priced.add(product_id)


def has_prices(product_id: str) -> bool:
    """True when a price of `product_id` went through this process."""
    with _lock:
        return product_id in _priced


def forget() -> None:
    """Start over, as a new provider process would (tests)."""
    with _lock:
        _priced.clear()
