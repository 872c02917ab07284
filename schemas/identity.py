"""The Stripe ids paylinks derives from catalog keys, written once for the providers and the rules.

Products get the custom id ``prod_pl_<scope>_<key>``; Stripe ids take letters, digits and ``_``,
so a key's ``-`` becomes ``_``. Two keys that differ only there (``brew-kit``, ``brew_kit``) would
get one id: `schemas.catalog_rules` reports that as a key collision before anything is sent.
"""

from __future__ import annotations

import re

__all__ = ["id_safe", "product_id_for"]

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_]+")
_MAX_ID_LENGTH = 200


def id_safe(text: str) -> str:
    """`text` as Stripe id characters: every run of other characters becomes one ``_``."""
    return _UNSAFE_ID_CHARS.sub("_", text)


def product_id_for(scope: str, key: str) -> str:
    """The deterministic custom product id ``prod_pl_<scope>_<key>``, sanitised for Stripe ids.

    Deterministic ids make product adoption one GET, and make a crashed run's product impossible
    to duplicate (Stripe refuses a second product with the same id).
    """
    return id_safe(f"prod_pl_{scope}_{key}")[:_MAX_ID_LENGTH]
