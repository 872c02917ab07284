"""Stripe's form encoding with bracket notation, both ways.

`line_items[0][price]=p&metadata[k]=v&expand[]=x` decodes to nested dicts; numeric keys stay
dict keys (`{"0": ...}`) because only the parameter schema knows whether `metadata[0]` is a map
key or an array index. `[]` appends to a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from emulator.exceptions import ParamError

__all__ = ["FormValue", "decode_form", "encode_form"]

FormValue = str | dict[str, "FormValue"] | list["FormValue"]

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


def _split_key(raw: str) -> list[str]:
    match = _KEY.match(raw)
    if not match:
        raise ParamError(f"Invalid parameter name: {raw}", param=raw)
    return [match.group(1), *_PART.findall(match.group(2))]


def decode_form(pairs: Iterable[tuple[str, str]]) -> dict[str, FormValue]:
    """Nest `a[b][c]=v` pairs into dicts; `a[]=v` appends to a list; a repeated key keeps the
    last value, as Stripe does."""
    root: dict[str, Any] = {}
    for raw_key, value in pairs:
        parts = _split_key(raw_key)
        node: Any = root
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if isinstance(node, list):
                if part != "":
                    raise ParamError(f"Invalid array: {raw_key}", param=parts[0])
                if last:
                    node.append(value)
                    break
                child: Any = {}
                node.append(child)
                node = child
                continue
            if not isinstance(node, dict):
                raise ParamError(f"Invalid parameter name: {raw_key}", param=parts[0])
            if part == "":
                raise ParamError(f"Invalid parameter name: {raw_key}", param=parts[0])
            next_is_append = not last and parts[depth + 1] == ""
            if last:
                node[part] = value
            else:
                existing = node.get(part)
                if next_is_append:
                    if not isinstance(existing, list):
                        existing = []
                        node[part] = existing
                elif not isinstance(existing, dict):
                    existing = {}
                    node[part] = existing
                node = existing
    return root


def _flatten(prefix: str, value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, child in value.items():
            yield from _flatten(f"{prefix}[{key}]" if prefix else str(key), child)
    elif isinstance(value, list | tuple):
        for index, child in enumerate(value):
            yield from _flatten(f"{prefix}[{index}]", child)
    elif isinstance(value, bool):
        yield prefix, "true" if value else "false"
    elif value is None:
        yield prefix, ""
    else:
        yield prefix, str(value)


def encode_form(params: Mapping[str, Any]) -> str:
    """Encode nested params the way stripe-python does (`a[0][b]=v`), for replaying requests."""
    return "&".join(
        f"{quote(key, safe='[]')}={quote(value, safe='')}" for key, value in _flatten("", params)
    )
