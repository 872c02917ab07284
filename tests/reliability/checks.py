"""Judging Stripe against a catalog: duplicates, missing objects, lost links.

Counted by logical key (`paylinks_key` metadata) through the API, never from Pulumi's state:
the state can be wrong after a crash, Stripe is what customers see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

from ruamel.yaml import YAML

from schemas.kinds import KINDS
from tests.reliability.harness import Inventory, catalog_entries

__all__ = ["Verdict", "judge", "parse_catalog"]


def parse_catalog(text: str) -> dict[str, Any]:
    """The catalog YAML as plain data."""
    return dict(YAML(typ="safe").load(StringIO(text)) or {})


@dataclass
class Verdict:
    """What a customer would find wrong in Stripe after a run."""

    duplicates: list[str] = field(default_factory=list)
    """Entries with more objects than a clean run leaves (one per entry, plus retired ones)."""
    missing: list[str] = field(default_factory=list)
    """Entries with no object at all."""
    lost: list[str] = field(default_factory=list)
    """Entries declared active without exactly one active object, or whose link URL in the
    stack outputs is not the active link's URL (a customer would land on a dead page)."""

    def problems(self) -> list[str]:
        """Every finding, one line each (empty when Stripe matches the catalog)."""
        return (
            [f"duplicate: {entry}" for entry in self.duplicates]
            + [f"missing: {entry}" for entry in self.missing]
            + [f"lost: {entry}" for entry in self.lost]
        )


def judge(
    inventory: Inventory,
    catalog: Mapping[str, Any],
    link_outputs: Mapping[str, Any] | None = None,
    expected_counts: Mapping[tuple[str, str], int] | None = None,
) -> Verdict:
    """Compare Stripe with the catalog; `expected_counts` come from a clean reference run."""
    verdict = Verdict()
    for kind, key in catalog_entries(catalog):
        name = f"{kind} {key}"
        found = inventory.of(kind, key)
        expected = (expected_counts or {}).get((kind, key), 1)
        if not found:
            verdict.missing.append(name)
            continue
        if len(found) > expected:
            verdict.duplicates.append(f"{name} ({len(found)} objects, {expected} expected)")
        spec = (catalog.get(KINDS[kind].section) or {}).get(key) or {}
        declared_active = spec.get("active", True) and not spec.get("disabled", False)
        active = inventory.active(kind, key)
        if declared_active and len(active) != 1:
            verdict.lost.append(f"{name} ({len(active)} active objects)")
            continue
        if kind == "payment_link" and link_outputs is not None:
            shown = (link_outputs.get(key) or {}).get("url")
            if not active or shown != active[0].get("url"):
                verdict.lost.append(f"{name} (stack output URL {shown!r} is not the live link)")
    return verdict
