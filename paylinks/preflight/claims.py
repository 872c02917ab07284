"""What a stack's catalog claims on its Stripe account: the values Stripe keeps unique per account.

A price's ``lookup_key``, an active promotion code's ``code`` (regardless of case) and an
entitlement feature's ``lookup_key`` can each be held by one object of the account only. A stack
that shares its account with another declaring the same values finds out in the middle of its
``pulumi up``, after other objects were made; `paylinks preflight` looks them up first. Pure: the
catalog in, the claims out, each with where its value is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from schemas import Catalog
from schemas.yaml_source import SourceMap

__all__ = ["Claim", "ClaimKind", "declared_claims"]

ClaimKind = Literal["price", "promotion_code", "entitlement_feature"]


@dataclass(frozen=True)
class Claim:
    """One value the stack will hold on its account, and where the catalog declares it."""

    kind: ClaimKind
    key: str
    """The catalog entry's key (``coffee-club-monthly``)."""
    value: str
    """The value as Stripe will hold it (a lookup key with the stack's prefix)."""
    file: str
    line: int
    path: str
    """The catalog path of the field (``prices.coffee-club-monthly.lookup_key``)."""

    @property
    def where(self) -> str:
        """``file:line: path``, as every catalog problem starts."""
        return f"{self.file}:{self.line}: {self.path}"


def _claim(
    kind: ClaimKind, section: str, key: str, field: str, value: str, source: SourceMap
) -> Claim:
    path = (section, key, field)
    file, line = source.locate(path)
    return Claim(kind, key, value, file, line, ".".join(path))


def declared_claims(catalog: Catalog, source: SourceMap, lookup_key_prefix: str) -> list[Claim]:
    """Every unique value the catalog will hold, in the order they are written (file, line).

    Lookup keys get the stack's ``paylinks:lookupKeyPrefix`` as the program sends them; a code
    declared ``active: false`` claims nothing (only active codes must differ).
    """
    claims = [
        _claim("price", "prices", key, "lookup_key", lookup_key_prefix + spec.lookup_key, source)
        for key, spec in catalog.prices.items()
        if spec.lookup_key is not None
    ]
    claims += [
        _claim("promotion_code", "promotion_codes", key, "code", spec.code, source)
        for key, spec in catalog.promotion_codes.items()
        if spec.active is not False
    ]
    claims += [
        _claim(
            "entitlement_feature",
            "entitlement_features",
            key,
            "lookup_key",
            lookup_key_prefix + spec.lookup_key,
            source,
        )
        for key, spec in catalog.entitlement_features.items()
    ]
    return sorted(claims, key=lambda claim: (claim.file, claim.line))
