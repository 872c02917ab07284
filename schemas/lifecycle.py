"""Marks a catalog model's fields carry: what Stripe lets happen to each field after creation,
and which fields name another catalog entry.

Every top-level field of a kind's model (`ProductSpec`, `PaymentLinkSpec`...) is annotated with
exactly one lifecycle mark, and reference fields (at any depth) with `Reference`::

    on_behalf_of: Annotated[str | None, UPDATABLE] = None
    price: Annotated[str, Field(min_length=1), Reference("price")]

`schemas.kinds` reads the marks into one description per kind; a test checks them against the
OpenAPI spec of the pinned Stripe API version (create vs update parameters).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["ATTACHED", "FIXED", "UPDATABLE", "UPDATE_ONLY", "Lifecycle", "Reference"]


class Lifecycle(enum.Enum):
    """Which of Stripe's two write calls take the field."""

    UPDATABLE = "updatable"
    """A parameter of create and of update (``POST /v1/<objects>/{id}``): changes in place."""
    FIXED = "fixed"
    """A parameter of create only: Stripe can't change it, so a change means a new object."""
    UPDATE_ONLY = "update_only"
    """A parameter of update only (a link's ``active``): applied by an update right after create."""
    ATTACHED = "attached"
    """Not a parameter of the object at all: each item is a sub-resource of its own,
    ``POST <api_path>/{id}/<field>`` to attach and ``DELETE`` to detach (a product's
    ``features``). The program declares one resource per item; the object's own create and
    update never send it."""


UPDATABLE = Lifecycle.UPDATABLE
FIXED = Lifecycle.FIXED
UPDATE_ONLY = Lifecycle.UPDATE_ONLY
ATTACHED = Lifecycle.ATTACHED


@dataclass(frozen=True)
class Reference:
    """The field holds the catalog key of another entry; Stripe wants that entry's id there."""

    kind: str
    """The referenced kind (``price``, ``product``), as in `schemas.kinds.KINDS`."""
