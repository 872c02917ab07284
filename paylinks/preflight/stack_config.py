"""A stack's config as the program and providers see it, for `paylinks preflight`.

`make deploy` / `make preview` pass what ``pulumi config --json --show-secrets`` prints (the
stack's values with secrets decrypted, on a pipe, never on screen): the same values the
providers' ``configure()`` receives. Run by hand without it, the plain values of the tracked
``stacks/Pulumi.<stack>.yaml`` are read, and an encrypted value (``secure:``) that matters is
refused with one line, since only pulumi can decrypt it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from providers.errors import ConfigurationError
from schemas.yaml_source import read_yaml

__all__ = ["from_pulumi_json", "from_stack_file", "lookup_key_prefix", "stack_scope"]

SCOPE = "paylinks:scope"
LOOKUP_KEY_PREFIX = "paylinks:lookupKeyPrefix"


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def from_pulumi_json(text: str) -> dict[str, str]:
    """The string values of ``pulumi config --json [--show-secrets]``: ``{name: {value, ...}}``."""
    if not text.strip():
        raise ConfigurationError(
            "no stack config given to --config-json (did `pulumi config --json --show-secrets` "
            "fail? its message is above)."
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = None
    if not isinstance(document, Mapping):
        raise ConfigurationError(
            "--config-json must be what `pulumi config --json --show-secrets` prints (a JSON "
            "object of the stack's config)."
        )
    values = {}
    for name, entry in document.items():
        value = _scalar(entry.get("value")) if isinstance(entry, Mapping) else None
        if value is not None:
            values[str(name)] = value
    return values


def from_stack_file(stack_file: Path) -> dict[str, str]:
    """The plain scalar values under ``config:`` of the tracked stack file."""
    data = read_yaml(stack_file).data
    config = data.get("config") if isinstance(data, Mapping) else None
    values = {}
    for name, value in (config or {}).items():
        if isinstance(value, Mapping) and "secure" in value:
            if str(name).startswith("paylinks:stripe"):
                raise ConfigurationError(
                    f"{name} is encrypted in {stack_file}: only pulumi can decrypt it. Run "
                    "`make preview STACK=<stack>` or `make deploy STACK=<stack>`, which give the "
                    "pre-flight pulumi's config (`pulumi config --json --show-secrets | paylinks "
                    "preflight --stack <stack> --config-json -`)."
                )
            continue
        scalar = _scalar(value)
        if scalar is not None:
            values[str(name)] = scalar
    return values


def stack_scope(config: Mapping[str, str], stack: str) -> str:
    """``paylinks:scope``, else the stack name (as the program does)."""
    return config.get(SCOPE) or stack


def lookup_key_prefix(config: Mapping[str, str]) -> str:
    """``paylinks:lookupKeyPrefix``; empty sends lookup keys as declared (as the program does)."""
    return config.get(LOOKUP_KEY_PREFIX) or ""
