"""Pieces every resource shares: ids, timestamps, metadata rules, list pagination."""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable
from typing import Any

from emulator.exceptions import ResourceMissing
from emulator.params import UNSET, Arr, Field, Int, Obj, Str
from emulator.rules import rule

__all__ = [
    "CREATED",
    "EXPAND",
    "LIST_PARAMS",
    "TIMESTAMP_FILTER",
    "Paginated",
    "check_metadata",
    "filter_created",
    "merge_metadata",
    "new_id",
    "now",
    "paginate",
]

_ALPHABET = string.ascii_letters + string.digits

#: `expand[]`, accepted by every endpoint.
EXPAND = {"expand": Arr(item=Str())}

#: Cursor pagination parameters shared by every list endpoint.
LIST_PARAMS = Obj(
    fields={
        "limit": Int(),
        "starting_after": Str(),
        "ending_before": Str(),
        **EXPAND,
    }
)

_RANGE = Obj(fields={bound: Int() for bound in ("gt", "gte", "lt", "lte")})


class _CreatedFilter(Field):
    """`created=<unix>` (exact) or `created[gte]=<unix>`... (a range), as list endpoints take."""

    def convert(self, value: Any, path: str) -> Any:
        if isinstance(value, dict):
            return _RANGE.convert(value, path)
        return {"eq": Int().convert(value, path)}


#: A timestamp filter: exact, or a range (`created`, `current_period_end`...).
TIMESTAMP_FILTER: Field = _CreatedFilter()

#: The `created` filter of list endpoints that take one (products, prices).
CREATED = {"created": TIMESTAMP_FILTER}

_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "eq": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def filter_created(
    objects: list[dict[str, Any]], params: dict[str, Any], name: str = "created"
) -> list[dict[str, Any]]:
    """The objects whose timestamp `name` passes every bound of the param of that name, if
    given (`created`, or a subscription's `current_period_end`)."""
    bounds = params.get(name) or {}
    return [
        obj
        for obj in objects
        if all(_COMPARE[op](obj[name], bound) for op, bound in bounds.items())
    ]


Paginated = dict[str, Any]

METADATA_KEYS = rule("metadata.keys", "metadata holds at most 50 keys")
METADATA_KEY_LENGTH = rule("metadata.key_length", "metadata keys are at most 40 characters")
METADATA_VALUE_LENGTH = rule("metadata.value_length", "metadata values are at most 500 characters")
LIST_LIMIT = rule("list.limit", "a list page holds 1 to 100 objects")


def new_id(prefix: str, length: int = 24) -> str:
    """A Stripe-looking id: `prod_` + random letters and digits."""
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def now() -> int:
    """Unix seconds, as Stripe's `created`."""
    return int(time.time())


def check_metadata(metadata: Any, param: str = "metadata") -> None:
    """Stripe's metadata limits: at most 50 keys, keys ≤ 40 characters, values ≤ 500."""
    if metadata is UNSET or metadata is None:
        return
    if len(metadata) > 50:
        raise METADATA_KEYS.error(
            f"Invalid {param}: metadata can have at most 50 keys, but {len(metadata)} were given.",
            param=param,
        )
    for key, value in metadata.items():
        if len(key) > 40:
            raise METADATA_KEY_LENGTH.error(
                f"Invalid {param}: keys can be at most 40 characters long ('{key[:40]}...').",
                param=f"{param}[{key}]",
            )
        if len(value) > 500:
            raise METADATA_VALUE_LENGTH.error(
                f"Invalid {param}: values can be at most 500 characters long (key '{key}').",
                param=f"{param}[{key}]",
            )


def merge_metadata(current: dict[str, str], update: Any, param: str = "metadata") -> dict[str, str]:
    """Stripe's update semantics: keys merge, `''` removes a key, `metadata=''` clears all."""
    if update is UNSET:
        return {}
    merged = dict(current)
    for key, value in update.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    check_metadata(merged, param)
    return merged


def paginate(
    objects: list[dict[str, Any]],
    params: dict[str, Any],
    url: str,
    *,
    kind: str,
    render: Callable[[dict[str, Any]], dict[str, Any]] = lambda obj: obj,
) -> Paginated:
    """Cut a newest-first list with `limit`/`starting_after`/`ending_before` into a list object."""
    limit = params.get("limit", 10)
    if not 1 <= limit <= 100:
        raise LIST_LIMIT.error("Invalid limit: must be between 1 and 100", param="limit")
    ids = [obj["id"] for obj in objects]
    start, end = 0, len(objects)
    if "starting_after" in params:
        cursor = params["starting_after"]
        if cursor not in ids:
            raise _missing_cursor(kind, cursor, "starting_after")
        start = ids.index(cursor) + 1
        end = min(len(objects), start + limit)
        has_more = end < len(objects)
    elif "ending_before" in params:
        cursor = params["ending_before"]
        if cursor not in ids:
            raise _missing_cursor(kind, cursor, "ending_before")
        end = ids.index(cursor)
        start = max(0, end - limit)
        has_more = start > 0
    else:
        end = min(len(objects), limit)
        has_more = end < len(objects)
    return {
        "object": "list",
        "data": [render(obj) for obj in objects[start:end]],
        "has_more": has_more,
        "url": url,
    }


def _missing_cursor(kind: str, cursor: str, param: str) -> ResourceMissing:
    error = ResourceMissing(kind, cursor, param=param)
    error.status = 400
    return error
