"""Engine settings the benchmark compares, by name (``PAYLINKS_BENCH_VARIANTS``).

``default`` is Pulumi's own default (a checkpoint after every step), set explicitly because
`scripts/env.sh` exports ``PULUMI_SKIP_CHECKPOINTS=true``; ``skip-checkpoints`` is what
`scripts/env.sh` and the workflows use since the measurements of issue 14 (docs/performance.md).

``skip-checkpoints``: the file backend rewrites the whole state file after every resource
step, so an ``up`` or ``destroy`` of R resources serialises O(R²) bytes. Pulumi's
``PULUMI_SKIP_CHECKPOINTS`` (gated by ``PULUMI_EXPERIMENTAL``) saves the state once, at the end.
paylinks can afford it: an interrupted ``up`` loses the state of objects it created, and the
next ``up`` adopts them (products by deterministic id, prices and links by owner metadata)
instead of duplicating them.
"""

from __future__ import annotations

__all__ = ["VARIANTS"]

VARIANTS: dict[str, dict[str, str]] = {
    "default": {"PULUMI_SKIP_CHECKPOINTS": "false"},
    "skip-checkpoints": {"PULUMI_SKIP_CHECKPOINTS": "true", "PULUMI_EXPERIMENTAL": "true"},
}
"""Variant name → environment added to every pulumi command of the stack."""
