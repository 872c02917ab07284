"""The base every catalog model shares: strict keys, Stripe names, rule errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from schemas.problems import Violation, format_path
from schemas.rules import (
    MAX_METADATA_KEY_LENGTH,
    MAX_METADATA_KEYS,
    MAX_METADATA_VALUE_LENGTH,
    PROMOTION_CODE_PATTERN,
)

__all__ = [
    "COUNTRY_PATTERN",
    "CURRENCY_PATTERN",
    "DECIMAL_PATTERN",
    "EVENT_PATTERN",
    "HTTP_URL_PATTERN",
    "LOGICAL_KEY_PATTERN",
    "MAX_KEY_LENGTH",
    "PATTERN_HINTS",
    "RULES_RUN_BY_CALLER",
    "STRIPE_RULE_ERROR",
    "Currency",
    "LogicalKey",
    "Metadata",
    "StripeModel",
    "is_logical_key",
    "raise_violations",
]

STRIPE_RULE_ERROR = "stripe_rule"
"""pydantic error type of a broken `schemas.rules` rule, in a model built directly."""

CURRENCY_PATTERN = r"^[a-z]{3}$"
"""ISO 4217 currency code, lowercase as Stripe writes it."""
LOGICAL_KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
"""Catalog keys: lowercase kebab- or snake-case."""
EVENT_PATTERN = r"^(\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$"
"""A Stripe event type (dotted, lowercase) or ``*``."""
DECIMAL_PATTERN = r"^\d+(\.\d{1,12})?$"
"""A decimal amount written as a string, up to 12 decimals."""
COUNTRY_PATTERN = r"^[A-Z]{2}$"
"""ISO 3166-1 alpha-2 country code, uppercase."""
HTTP_URL_PATTERN = r"^https?://"
"""An absolute http(s) URL."""

PATTERN_HINTS = {
    CURRENCY_PATTERN: "use a lowercase three-letter ISO currency code such as 'eur' or 'usd'",
    LOGICAL_KEY_PATTERN: "use lowercase letters, digits, '-' and '_'",
    EVENT_PATTERN: "an event type looks like 'checkout.session.completed' (or '*' for all)",
    DECIMAL_PATTERN: "write the amount as a string of digits with up to 12 decimals, e.g. '1500.5'",
    COUNTRY_PATTERN: "use an uppercase two-letter country code such as 'DE' or 'US'",
    HTTP_URL_PATTERN: "use an absolute URL starting with https://",
    PROMOTION_CODE_PATTERN: "a promotion code has only letters, digits and dashes, e.g. SUMMER-20",
}
"""What to tell a user whose value doesn't match one of these patterns."""

Currency = Annotated[
    str,
    StringConstraints(pattern=CURRENCY_PATTERN),
    Field(description="Three-letter ISO currency code, lowercase (eur, usd, gbp...)."),
]
"""ISO 4217 code in Stripe's lowercase spelling."""

MAX_KEY_LENGTH = 60
"""The longest logical key (Stripe ids and lookup keys are built from it)."""

LogicalKey = Annotated[
    str, StringConstraints(pattern=LOGICAL_KEY_PATTERN, max_length=MAX_KEY_LENGTH)
]
"""Name of a catalog entry: lowercase kebab- or snake-case, stable across environments."""

_LOGICAL_KEY = re.compile(LOGICAL_KEY_PATTERN)


def is_logical_key(text: object) -> bool:
    """True when `text` is a valid catalog key as it is (the `LogicalKey` rules)."""
    return isinstance(text, str) and len(text) <= MAX_KEY_LENGTH and bool(_LOGICAL_KEY.match(text))

Metadata = Annotated[
    dict[str, str],
    Field(
        description=(
            f"Stripe metadata: at most {MAX_METADATA_KEYS} keys, keys up to "
            f"{MAX_METADATA_KEY_LENGTH} characters, string values up to "
            f"{MAX_METADATA_VALUE_LENGTH} characters."
        ),
        json_schema_extra={"maxProperties": MAX_METADATA_KEYS},
    ),
]
"""Free-form key/value strings stored on the Stripe object."""


RULES_RUN_BY_CALLER: dict[str, Any] = {"rules_run_by_caller": True}
"""Validation context of `load_catalog` and `validate_resource`: they run every rule themselves,
once, on the raw data (so each problem gets its exact path, even where a field's type is wrong
and pydantic would never reach a model validator), and the models' rule validator stands aside."""


class StripeModel(BaseModel):
    """A Stripe object or sub-object: unknown keys are refused, field names are Stripe's.

    A model with `rules` applies them when built directly (``PriceSpec(...)``), so a model is
    never valid while breaking a Stripe rule, whoever builds it.
    """

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        hide_input_in_errors=True,
    )

    rules: ClassVar[Callable[[Mapping[str, Any]], list[Violation]] | None] = None
    """The `schemas.rules` (or `catalog_rules`) check of this object, if it has one."""

    @model_validator(mode="after")
    def _stripe_rules(self, info: ValidationInfo) -> Self:
        check = type(self).rules
        if check is not None and not (info.context or {}).get("rules_run_by_caller"):
            raise_violations(check(self.model_dump(exclude_none=True)))
        return self


def raise_violations(violations: list[Violation]) -> None:
    """Turn rule violations into one pydantic error (for models built outside `load_catalog`)."""
    if violations:
        text = "; ".join(
            f"{format_path(v.path) or '<object>'}: {v.message}" for v in violations
        )
        raise PydanticCustomError(STRIPE_RULE_ERROR, "{rules}", {"rules": text})

