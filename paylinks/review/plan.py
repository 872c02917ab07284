"""A typed view of `pulumi preview --json`.

The engine prints one document (Pulumi's ``display.PreviewDigest``): ``steps`` (each ``op``,
``urn``, ``oldState``, ``newState``, ``diffReasons``, ``replaceReasons``, ``detailedDiff``),
``diagnostics`` and ``changeSummary``. Secrets are already replaced by the string ``[secret]`` and
values unknown until apply by Pulumi's unknown sentinel. This module only parses: it decides nothing
about what a step means for Stripe (see ``resources`` and ``changes``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Diagnostic",
    "Plan",
    "PlanError",
    "PlanStep",
    "ResourceState",
    "parse_plan",
    "read_plan",
]


class PlanError(ValueError):
    """The input is not the JSON document that `pulumi preview --json` prints."""


@dataclass(frozen=True)
class ResourceState:
    """One side (old or new) of a step, as the engine serialised it (``apitype.ResourceV3``)."""

    type: str
    """Type token, e.g. ``pulumi-python:dynamic:Resource``."""
    id: str | None
    """Provider id (the Stripe id for our resources); ``None`` before creation."""
    inputs: Mapping[str, Any] = field(default_factory=dict)
    """Inputs as the program gave them (after the provider's ``check``)."""
    outputs: Mapping[str, Any] = field(default_factory=dict)
    """Outputs stored after the last apply; empty or stale for a new state during preview."""
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """URNs of the resources each input came from (a code's ``promotion``: its coupon), which
    tell what an input the preview can't know yet will be."""


@dataclass(frozen=True)
class PlanStep:
    """One step of the plan: what the engine intends to do to one resource."""

    op: str
    """Engine operation: create, update, delete, replace, create-replacement, same, read, ..."""
    urn: str
    old: ResourceState | None
    new: ResourceState | None
    diff_reasons: tuple[str, ...] = ()
    """Top-level properties that differ (``diffReasons``)."""
    replace_reasons: tuple[str, ...] = ()
    """Properties that force a replacement (``replaceReasons``)."""
    detailed_diff: Mapping[str, str] = field(default_factory=dict)
    """Property path → diff kind (``add``, ``update-replace``...) when the provider returned one."""

    @property
    def name(self) -> str:
        """The resource's logical name: the last part of the URN."""
        parts = self.urn.split("::", 3)
        return parts[3] if len(parts) == 4 else self.urn

    @property
    def type(self) -> str:
        """The resource's type token, from its state or else from the URN."""
        for state in (self.new, self.old):
            if state is not None and state.type:
                return state.type
        parts = self.urn.split("::", 3)
        return parts[2].rsplit("$", 1)[-1] if len(parts) == 4 else ""

    @property
    def stack(self) -> str:
        """The stack named in the URN (``urn:pulumi:<stack>::<project>::...``)."""
        head = self.urn.split("::", 1)[0]
        return head.split(":", 2)[2] if head.count(":") >= 2 else ""


@dataclass(frozen=True)
class Diagnostic:
    """A message the engine or the program printed during preview."""

    severity: str
    message: str
    urn: str = ""


@dataclass(frozen=True)
class Plan:
    """The whole preview: steps in engine order, diagnostics, and the engine's own counts."""

    steps: tuple[PlanStep, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    change_summary: Mapping[str, int] = field(default_factory=dict)

    @property
    def stack(self) -> str:
        """The stack the plan is for, read from the first URN ("" when there is none)."""
        return next((s.stack for s in self.steps if s.stack), "")


def _state(raw: Any) -> ResourceState | None:
    if not isinstance(raw, Mapping):
        return None
    return ResourceState(
        type=str(raw.get("type") or ""),
        id=str(raw["id"]) if raw.get("id") else None,
        inputs=dict(raw.get("inputs") or {}),
        outputs=dict(raw.get("outputs") or {}),
        property_dependencies={
            str(name): tuple(str(urn) for urn in urns)
            for name, urns in (raw.get("propertyDependencies") or {}).items()
            if isinstance(urns, list)
        },
    )


def _step(raw: Any) -> PlanStep:
    if not isinstance(raw, Mapping) or "op" not in raw or "urn" not in raw:
        raise PlanError("every entry of `steps` needs an `op` and a `urn`")
    detailed = raw.get("detailedDiff") or {}
    return PlanStep(
        op=str(raw["op"]),
        urn=str(raw["urn"]),
        old=_state(raw.get("oldState")),
        new=_state(raw.get("newState")),
        diff_reasons=tuple(str(r) for r in raw.get("diffReasons") or ()),
        replace_reasons=tuple(str(r) for r in raw.get("replaceReasons") or ()),
        detailed_diff={
            str(path): str(diff.get("kind", "")) if isinstance(diff, Mapping) else str(diff)
            for path, diff in detailed.items()
        },
    )


def parse_plan(data: Any) -> Plan:
    """Build a :class:`Plan` from the decoded JSON document."""
    if not isinstance(data, Mapping):
        raise PlanError(
            "expected a JSON object with `steps` (the output of `pulumi preview --json`)"
        )
    diagnostics = tuple(
        Diagnostic(
            severity=str(d.get("severity", "")),
            message=str(d.get("message", "")),
            urn=str(d.get("urn", "")),
        )
        for d in data.get("diagnostics") or ()
        if isinstance(d, Mapping)
    )
    summary = {
        str(op): int(count)
        for op, count in (data.get("changeSummary") or {}).items()
        if isinstance(count, int)
    }
    return Plan(
        steps=tuple(_step(s) for s in data.get("steps") or ()),
        diagnostics=diagnostics,
        change_summary=summary,
    )


def read_plan(text: str) -> Plan:
    """Parse the text that `pulumi preview --json` printed.

    The CLI may print stray lines before the document (e.g. a language host warning on stdout), so
    parsing starts at the first line that opens a JSON object.
    """
    opening = re.search(r"^\{", text, re.MULTILINE)
    if opening is None:
        raise PlanError("no JSON object found: pass the output of `pulumi preview --json`")
    try:
        data = json.loads(text[opening.start() :])
    except json.JSONDecodeError as exc:
        raise PlanError(f"not valid JSON at line {exc.lineno}: {exc.msg}") from exc
    return parse_plan(data)
