"""Turn pydantic's validation errors into user-facing `Violation`s (located, with hints)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from schemas.base import PATTERN_HINTS
from schemas.problems import FieldPath, Violation
from schemas.suggestions import did_you_mean
from schemas.unknown import contains_unknown

__all__ = ["violations_from_validation_error"]

_KEY_MARKER = "[key]"


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _resolve(node: Any, root: Mapping[str, Any]) -> Any:
    while isinstance(node, Mapping) and "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _children(node: Any, part: str | int, root: Mapping[str, Any]) -> Any:
    node = _resolve(node, root)
    if not isinstance(node, Mapping):
        return None
    for option in node.get("anyOf", []):
        found = _children(option, part, root)
        if found is not None:
            return found
    if isinstance(part, int):
        return node.get("items")
    properties = node.get("properties")
    if isinstance(properties, Mapping) and part in properties:
        return properties[part]
    extra = node.get("additionalProperties")
    if isinstance(extra, Mapping):
        return extra
    patterns = node.get("patternProperties")
    if isinstance(patterns, Mapping) and patterns:
        return next(iter(patterns.values()))
    return None


def _field_names(model: type[BaseModel], parent: FieldPath) -> list[str]:
    root = _schema(model)
    node: Any = root
    for part in parent:
        node = _children(node, part, root)
    names: list[str] = []
    candidates = [_resolve(node, root)]
    while candidates:
        current = candidates.pop()
        if isinstance(current, Mapping):
            names += list(current.get("properties", {}))
            candidates += [_resolve(option, root) for option in current.get("anyOf", [])]
    return names


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, Mapping):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _clean_location(loc: Sequence[str | int], data: Any) -> FieldPath:
    """Drop pydantic's union tags (``int``, ``literal['inf']``) that are not document keys."""
    path: list[str | int] = []
    node = data
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if part == _KEY_MARKER:
            continue
        if _has(node, part):
            node = node[part]
        elif not last:
            continue
        path.append(part)
    return tuple(path)


def _value_at(data: Any, path: FieldPath) -> tuple[bool, Any]:
    node = data
    for part in path:
        if _has(node, part):
            node = node[part]
        else:
            return False, None
    return True, node


def _message(error: ErrorDetails, model: type[BaseModel], path: FieldPath) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        hint = did_you_mean(str(path[-1]), _field_names(model, path[:-1]))
        return f"unknown field '{path[-1]}'; {hint}"
    if kind == "missing":
        return "required field is missing"
    if error["loc"] and error["loc"][-1] == _KEY_MARKER:
        return f"'{path[-1]}' is not a valid key: use lowercase letters, digits, '-' and '_'"
    message = str(error["msg"])
    pattern = (error.get("ctx") or {}).get("pattern")
    if kind == "string_pattern_mismatch" and pattern in PATTERN_HINTS:
        message = PATTERN_HINTS[pattern]
    value = error.get("input")
    if isinstance(value, str | int | float | bool) and len(repr(value)) <= 60:
        message += f" (got {value!r})"
    return message


def violations_from_validation_error(
    error: ValidationError, model: type[BaseModel], data: Any, *, ignore_unknown: bool = False
) -> list[Violation]:
    """Located, explained problems for `error` raised validating `data` against `model`.

    Callers validate with `schemas.base.RULES_RUN_BY_CALLER` and run the rules themselves, so
    `error` holds no rule errors. With `ignore_unknown`, errors about a value that is or holds
    Pulumi's unknown sentinel are dropped.
    """
    violations = []
    for details in error.errors():
        path = _clean_location(details["loc"], data)
        if ignore_unknown:
            found, value = _value_at(data, path)
            if found and contains_unknown(value):
                continue
        violations.append(Violation(path, _message(details, model, path)))
    return violations
