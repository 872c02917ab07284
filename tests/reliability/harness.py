"""Machinery shared by the reliability scenarios (pytest short mode and `run.py` long mode).

A `Lab` is one emulator process plus catalog projects on private file backends, driven by the
real `pulumi` CLI. What the scenarios judge is *Stripe's* side, read back over the API by
logical key (`Inventory`), because that is what a customer sees: a duplicate link, a lost one, a
deactivated one. `CatalogProject.start` runs the CLI in its own process group so a scenario can
SIGKILL the whole tree (CLI, language host, program, provider) the way a killed CI runner would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from schemas.kinds import KINDS
from tests.support import pulumi
from tests.support.emulator import EmulatorProcess, start_emulator
from tests.support.paths import REPO_ROOT
from tests.support.pulumi import CatalogProject, Run, descendants

__all__ = [
    "CATALOG_SECTIONS",
    "EXAMPLE_CATALOG",
    "KIND_PATHS",
    "Inventory",
    "Lab",
    "Run",
    "descendants",
    "is_long_mode",
    "lab",
]


EXAMPLE_CATALOG = REPO_ROOT / "stacks" / "catalog.yaml"
MODE_VARIABLE = "PAYLINKS_RELIABILITY"
"""`long` runs the documented long mode (`make reliability`); anything else is the CI mode."""

KIND_PATHS = {kind: fields.api_path for kind, fields in KINDS.items() if "{" not in fields.api_path}
"""Stripe list endpoints, by the catalog section's resource kind (every top-level kind)."""

HIDDEN_UNLESS_ASKED: Mapping[str, Mapping[str, str]] = {"entitlement_feature": {"archived": "true"}}
"""Kinds whose list leaves some objects out unless asked (archived features): listed again with
these filters, so the inventory holds every object, active or not."""

CATALOG_SECTIONS = {KINDS[kind].section: kind for kind in KIND_PATHS}
"""Catalog section → kind, for the kinds read back by `Lab.inventory`."""


def is_long_mode() -> bool:
    """True under `PAYLINKS_RELIABILITY=long` (more trials, more fuzz cases)."""
    return os.environ.get(MODE_VARIABLE, "").strip().lower() == "long"


@dataclass(frozen=True)
class Inventory:
    """Every paylinks-owned object of one scope in the account, by (kind, logical key)."""

    objects: Mapping[tuple[str, str], list[dict[str, Any]]]

    def of(self, kind: str, key: str) -> list[dict[str, Any]]:
        """All objects (active or not) for one catalog entry."""
        return list(self.objects.get((kind, key), []))

    def active(self, kind: str, key: str) -> list[dict[str, Any]]:
        """The active ones (webhook endpoints: not disabled)."""
        return [obj for obj in self.of(kind, key) if _is_active(obj)]

    def counts(self) -> dict[tuple[str, str], int]:
        """Number of objects per entry (replaced objects included)."""
        return {entry: len(found) for entry, found in self.objects.items()}

    def total(self) -> int:
        """Number of objects this scope owns."""
        return sum(len(found) for found in self.objects.values())


def _is_active(obj: Mapping[str, Any]) -> bool:
    if obj.get("object") == "webhook_endpoint":
        return obj.get("status") != "disabled"
    return bool(obj.get("active", True))


def catalog_entries(catalog: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(kind, key) of every entry of a parsed catalog document."""
    return [
        (kind, str(key))
        for section, kind in CATALOG_SECTIONS.items()
        for key in (catalog.get(section) or {})
    ]


@dataclass
class Lab:
    """One emulator and the catalog projects a scenario runs against it."""

    root: Path
    emulator: EmulatorProcess
    projects: list[CatalogProject] = field(default_factory=list)

    def project(
        self,
        catalog_text: str,
        *,
        stack: str = "ci",
        scope: str = "reliability",
        env: Mapping[str, str] | None = None,
        api_key: str | None = None,
    ) -> CatalogProject:
        """A new project dir with its own file backend, its stack initialised and configured."""
        extra = {**({"STRIPE_API_KEY": api_key} if api_key else {}), **(env or {})}
        project = pulumi.catalog_project(
            self.root / f"project-{len(self.projects)}",
            catalog_text,
            self.emulator,
            stack=stack,
            env=extra,
            config={"paylinks:scope": scope},
        )
        self.projects.append(project)
        return project

    def inventory(self, scope: str = "reliability") -> Inventory:
        """Read every object of `scope` back from Stripe (all pages, active and inactive)."""
        found: dict[tuple[str, str], list[dict[str, Any]]] = {}
        headers = {"Authorization": f"Bearer {self.emulator.api_key}"}
        with httpx.Client(base_url=self.emulator.base_url, headers=headers, timeout=30) as http:
            for kind, path in KIND_PATHS.items():
                hidden = HIDDEN_UNLESS_ASKED.get(kind)
                listings = [{}, hidden] if hidden else [{}]
                for obj in (o for extra in listings for o in _list_all(http, path, extra)):
                    metadata = obj.get("metadata") or {}
                    if metadata.get("paylinks_scope") == scope:
                        found.setdefault((kind, metadata.get("paylinks_key", "")), []).append(obj)
        return Inventory(found)


def _list_all(
    http: httpx.Client, path: str, filters: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    params: dict[str, Any] = {"limit": 100, **filters}
    while True:
        response = http.get(path, params=params)
        response.raise_for_status()
        page = response.json()
        yield from page["data"]
        if not page.get("has_more") or not page["data"]:
            return
        params["starting_after"] = page["data"][-1]["id"]


@contextmanager
def lab(root: Path, *emulator_args: str) -> Iterator[Lab]:
    """A fresh emulator (extra CLI flags allowed) for the scenario; stopped afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    emulator = start_emulator(*emulator_args, tmp=root)
    try:
        yield Lab(root, emulator)
    finally:
        emulator.stop()
