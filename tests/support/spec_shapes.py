"""Whether an object the emulator answers has the shape the pinned spec gives its type.

The spec's component schemas are OpenAPI 3.0: ``$ref``, ``anyOf``, ``nullable``, ``enum``,
``required``. An object conforms when every required field is there, no field is one the spec
doesn't list, and every value has an allowed type (nested objects and list items checked the
same way). Expandable ids (``anyOf: [string, <object>]``) pass as a string or as the object.

    assert shape_problems(subscription, "subscription") == []
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.stripe_spec import stripe_spec

__all__ = ["shape_problems"]

Schema = Mapping[str, Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def shape_problems(obj: Any, component: str) -> list[str]:
    """Every way `obj` differs from the spec's schema `component` (empty: it conforms)."""
    return _problems(obj, {"$ref": f"#/components/schemas/{component}"}, component)


def _resolve(schema: Schema) -> Schema:
    if "$ref" in schema:
        return stripe_spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _problems(value: Any, schema: Schema, path: str) -> list[str]:
    schema = _resolve(schema)
    if value is None:
        return [] if schema.get("nullable") else [f"{path}: null, but not nullable"]
    if "anyOf" in schema:
        branches = [_problems(value, branch, path) for branch in schema["anyOf"]]
        return [] if any(not found for found in branches) else min(branches, key=len)
    kind = schema.get("type")
    if kind is not None and not isinstance(value, _TYPES[kind]):
        return [f"{path}: {type(value).__name__}, the spec says {kind}"]
    if kind in ("integer", "number") and isinstance(value, bool):
        return [f"{path}: bool, the spec says {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} not one of {schema['enum']}"]
    if kind == "array":
        item = schema.get("items", {})
        return [p for i, v in enumerate(value) for p in _problems(v, item, f"{path}[{i}]")]
    if kind == "object" and "properties" in schema:
        fields = schema["properties"]
        found = [
            f"{path}.{name}: missing" for name in schema.get("required", ()) if name not in value
        ]
        found += [f"{path}.{name}: not in the spec" for name in value if name not in fields]
        for name, field in fields.items():
            if name in value:
                found += _problems(value[name], field, f"{path}.{name}")
        return found
    return []
