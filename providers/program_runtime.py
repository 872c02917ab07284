"""The one place the paylinks *program* relies on Pulumi SDK internals (the provider server's are
in `dynamic_server`): the SDK's routine per-resource debug lines.

Each ``pulumi.log.debug`` call of the SDK is a blocking ``Engine.Log`` gRPC call made from the
program's event-loop thread, and the SDK makes four for every resource: ``registering
resource``, ``beginning rpc register_resource`` and ``resource registration prepared`` before the
resource's ``RegisterResource`` call, ``resource registration successful`` after it. At 300 links
(900 resources) that is 3,600 round trips to the engine in the start-up before the first Stripe
request (figures: docs/performance.md), on top of the CPU the engine spends on them. Pulumi itself
already keeps its other per-resource and per-property lines behind
``settings.excessive_debug_output`` (pulumi/pulumi#7295, #17489); `quiet_routine_debug_lines`
puts these there too.

What it relies on, checked by ``tests/unit/providers/test_pulumi_compat.py`` so an SDK upgrade
that moves it fails a test by name instead of silently bringing the round trips back:

1. each module of `ROUTINE_DEBUG_LINES` looks ``log`` up in its globals at each call, and that
   ``log`` is the ``pulumi.log`` module;
2. those modules still log lines starting with the prefixes listed there;
3. ``pulumi.runtime.settings.excessive_debug_output`` exists (Pulumi's switch for such lines).

Only those lines are held back: the program's own ``pulumi.log.debug`` calls, the SDK's other
debug lines (a failed registration's traceback) and every info, warning and error line still reach
the engine. The held-back lines were shown only by ``pulumi up --debug``; setting
``excessive_debug_output`` to True brings them back.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pulumi.log
from pulumi.runtime import settings

__all__ = ["ROUTINE_DEBUG_LINES", "quiet_routine_debug_lines"]

ROUTINE_DEBUG_LINES: dict[str, tuple[str, ...]] = {
    "pulumi.runtime.resource": (
        "registering resource: ",
        "resource registration prepared: ",
        "resource registration successful: ",
    ),
    "pulumi.runtime.rpc_manager": ("beginning rpc ",),
}
"""SDK module → how the routine debug lines it sends for every resource start."""


class _QuietLog:
    """``pulumi.log`` as one SDK module sees it: its routine debug lines held back."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        self.prefixes = prefixes

    def __getattr__(self, name: str) -> Any:
        return getattr(pulumi.log, name)

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        """Send `msg` unless it is a routine line and excessive debug output is off."""
        if settings.excessive_debug_output or not msg.startswith(self.prefixes):
            pulumi.log.debug(msg, *args, **kwargs)


def quiet_routine_debug_lines(modules: dict[str, ModuleType] | None = None) -> list[str]:
    """Hold back the `ROUTINE_DEBUG_LINES`; return the modules patched now.

    `modules` (name → module) defaults to the SDK's own. A module that no longer logs through
    ``pulumi.log`` (an SDK that changed, or one already patched) is left alone.
    """
    patched = []
    for name, prefixes in ROUTINE_DEBUG_LINES.items():
        module = (modules or {}).get(name) or importlib.import_module(name)
        if getattr(module, "log", None) is pulumi.log:
            module.log = _QuietLog(prefixes)  # type: ignore[attr-defined]
            patched.append(name)
    return patched
