"""Request parameter schemas: the shapes Stripe's API accepts, as Stripe checks them.

Each endpoint declares an `Obj` of fields; `Obj.parse(form)` turns decoded form values
(strings, nested dicts) into typed Python values, or raises a `ParamError` naming the param in
bracket notation (`line_items[0][quantity]`) with Stripe's wording. The empty string `''` means
"unset" and is only allowed where Stripe allows it (`emptyable=True`); it parses to `UNSET`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from emulator.exceptions import ParamError

__all__ = [
    "UNSET",
    "Arr",
    "Bool",
    "Currency",
    "DecimalStr",
    "Enum",
    "Field",
    "Int",
    "IntOrInf",
    "Map",
    "Num",
    "Obj",
    "Str",
    "Unset",
]


class Unset:
    """The parsed value of `''` on a field Stripe lets you unset."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET = Unset()


def _describe(value: Any) -> str:
    return value if isinstance(value, str) else "a hash" if isinstance(value, dict) else "an array"


@dataclass(frozen=True)
class Field:
    """One parameter's shape; subclasses implement `convert` for non-empty values."""

    emptyable: bool = False

    def parse(self, value: Any, path: str) -> Any:
        """Check and convert one value found at `path` (bracket notation, for error messages)."""
        if value == "":
            if self.emptyable:
                return UNSET
            return self.convert_empty(path)
        return self.convert(value, path)

    def convert_empty(self, path: str) -> Any:
        """Stripe's answer to `''` on a field that can't be unset."""
        raise ParamError(
            f"You passed an empty string for '{path}'. We assume empty values are an attempt to "
            f"unset a parameter; however '{path}' cannot be unset. You should remove '{path}' "
            "from your request or supply a non-empty value.",
            param=path,
            code="parameter_invalid_empty",
        )

    def convert(self, value: Any, path: str) -> Any:
        raise NotImplementedError


def _scalar(value: Any, path: str, kind: str) -> str:
    if not isinstance(value, str):
        raise ParamError(f"Invalid {kind}: {_describe(value)}", param=path)
    return value


@dataclass(frozen=True)
class Str(Field):
    """A string, at most `max_length` characters."""

    max_length: int = 5000

    def convert_empty(self, path: str) -> Any:
        return ""

    def convert(self, value: Any, path: str) -> Any:
        text = _scalar(value, path, "string")
        if len(text) > self.max_length:
            raise ParamError(
                f"Invalid string: {text[:20]}...; must be at most {self.max_length} characters",
                param=path,
            )
        return text


@dataclass(frozen=True)
class Int(Field):
    """A (form-encoded) integer."""

    def convert(self, value: Any, path: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = _scalar(value, path, "integer")
        if not re.fullmatch(r"-?\d{1,18}", text):
            raise ParamError(
                f"Invalid integer: {text}", param=path, code="parameter_invalid_integer"
            )
        return int(text)


@dataclass(frozen=True)
class IntOrInf(Int):
    """An integer or the word `inf` (tier bounds)."""

    def convert(self, value: Any, path: str) -> Any:
        return "inf" if value == "inf" else super().convert(value, path)


@dataclass(frozen=True)
class Num(Field):
    """A decimal number sent as a float (package dimensions, fee percent)."""

    def convert(self, value: Any, path: str) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = _scalar(value, path, "number")
        try:
            number = float(text)
        except ValueError:
            raise ParamError(f"Invalid decimal: {text}", param=path) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ParamError(f"Invalid decimal: {text}", param=path)
        return number


_DECIMAL = re.compile(r"-?\d{1,19}(\.\d{1,12})?")
"""A decimal as Stripe takes it: up to 19 integer digits and 12 decimal places."""


@dataclass(frozen=True)
class DecimalStr(Field):
    """A decimal sent as a string (`unit_amount_decimal`), echoed as a string."""

    def convert(self, value: Any, path: str) -> Any:
        text = _scalar(value, path, "decimal")
        if not _DECIMAL.fullmatch(text):  # also keeps `1e999999999` from being written out
            raise ParamError(f"Invalid decimal: {text[:40]}", param=path)
        return format(Decimal(text).normalize(), "f")


_TRUE = frozenset({"true", "True", "TRUE", "t", "T", "1"})
_FALSE = frozenset({"false", "False", "FALSE", "f", "F", "0"})


@dataclass(frozen=True)
class Bool(Field):
    """`true` or `false` (and the spellings Stripe's form decoder also takes: `1`, `t`...)."""

    def convert(self, value: Any, path: str) -> Any:
        if isinstance(value, bool):
            return value
        text = _scalar(value, path, "boolean")
        if text not in _TRUE and text not in _FALSE:
            raise ParamError(f"Invalid boolean: {text}", param=path)
        return text in _TRUE


@dataclass(frozen=True)
class Enum(Field):
    """One of a fixed set of strings (or, with `pattern`, any string matching it)."""

    values: tuple[str, ...] = ()
    pattern: str | None = None

    def convert_empty(self, path: str) -> Any:
        return "" if "" in self.values else super().convert_empty(path)

    def convert(self, value: Any, path: str) -> Any:
        text = _scalar(value, path, "string")
        if text in self.values or (self.pattern and re.fullmatch(self.pattern, text)):
            return text
        if self.pattern:
            raise ParamError(f"Invalid {path}: {text}", param=path)
        choices = ", ".join(self.values[:-1]) + f", or {self.values[-1]}"
        raise ParamError(f"Invalid {path}: must be one of {choices}", param=path)


@dataclass(frozen=True)
class Currency(Field):
    """A three-letter ISO currency code; Stripe lower-cases it."""

    def convert(self, value: Any, path: str) -> Any:
        text = _scalar(value, path, "currency")
        if not re.fullmatch(r"[A-Za-z]{3}", text):
            raise ParamError(f"Invalid currency: {text}", param=path)
        return text.lower()


@dataclass(frozen=True)
class Map(Field):
    """A free-form string map such as `metadata` (limits are a business rule, in models)."""

    def convert(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise ParamError(f"Invalid object: {path} must be a hash", param=path)
        out: dict[str, str] = {}
        for key, item in value.items():
            if not isinstance(item, str):
                raise ParamError(
                    f"Invalid string: {path}[{key}] must be a string", param=f"{path}[{key}]"
                )
            out[key] = item
        return out


def _as_list(value: Any, path: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and all(key.isdigit() for key in value):
        return [value[key] for key in sorted(value, key=int)]
    raise ParamError(f"Invalid array: {path} must be an array", param=path)


@dataclass(frozen=True)
class Arr(Field):
    """An array (`a[0]=..`, `a[1]=..` or `a[]=..`) of `item`."""

    item: Field = field(default_factory=Str)
    max_items: int | None = None

    def convert(self, value: Any, path: str) -> Any:
        items = _as_list(value, path)
        if self.max_items is not None and len(items) > self.max_items:
            raise ParamError(
                f"Invalid array: {path} must have at most {self.max_items} elements", param=path
            )
        return [self.item.parse(item, f"{path}[{index}]") for index, item in enumerate(items)]


@dataclass(frozen=True)
class Obj(Field):
    """A hash with known `fields`; anything else is an unknown parameter."""

    fields: Mapping[str, Field] = field(default_factory=dict)
    required: tuple[str, ...] = ()

    def convert(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise ParamError(f"Invalid object: {path} must be a hash", param=path)
        return self.parse_fields(value, path)

    def parse_fields(self, value: Mapping[str, Any], path: str = "") -> dict[str, Any]:
        """Parse every key of `value`; unknown keys first, then types, then missing ones."""
        for key in value:
            if key not in self.fields:
                name = f"{path}[{key}]" if path else key
                raise ParamError(
                    f"Received unknown parameter: {name}", param=name, code="parameter_unknown"
                )
        out: dict[str, Any] = {}
        for key, item in value.items():
            out[key] = self.fields[key].parse(item, f"{path}[{key}]" if path else key)
        for key in self.required:
            if key not in value:
                name = f"{path}[{key}]" if path else key
                raise ParamError(
                    f"Missing required param: {name}.", param=name, code="parameter_missing"
                )
        return out

    def only(self, *names: str, **replaced: Field) -> Obj:
        """This schema cut to the fields `names` (and `replaced`, with another shape), keeping
        their required ones: the hash Stripe takes inside another create, such as a product's
        `default_price_data` (a part of `POST /v1/prices`)."""
        kept = {name: self.fields[name] for name in names}
        kept.update(replaced)
        return Obj(
            emptyable=self.emptyable,
            fields=dict(sorted(kept.items())),
            required=tuple(name for name in self.required if name in kept),
        )

    def with_fields(self, extra: Mapping[str, Field], required: Iterable[str] = ()) -> Obj:
        """This schema plus more fields (e.g. `expand`, shared by every endpoint)."""
        return Obj(
            emptyable=self.emptyable,
            fields={**self.fields, **extra},
            required=(*self.required, *required),
        )


@dataclass(frozen=True)
class CurrencyOptions(Map):
    """`currency_options[eur][...]=...`: a map of currency → `option` hash, the per-currency
    amounts of prices, coupons and shipping rates."""

    option: Obj = field(default_factory=Obj)

    def convert(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            return super().convert(value, path)
        return {
            currency: self.option.parse(option, f"{path}[{currency}]")
            for currency, option in value.items()
        }
