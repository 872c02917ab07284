"""Turn a Stripe API object into the minimal catalog entry that means the same thing.

Stripe answers with every field: nulls, empty lists, switched-off features
(``phone_number_collection: {enabled: false}``) and its own defaults (``submit_type: auto``).
Declaring those would make an imported catalog long and would pin Stripe's defaults as if the
user had chosen them. So: keep only fields the catalog model knows (recursively), drop what is
empty or off, then drop values equal to Stripe's documented defaults.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel

__all__ = [
    "COUPON_DEFAULTS",
    "DEFAULTS",
    "FEATURE_DEFAULTS",
    "LINK_DEFAULTS",
    "PRICE_DEFAULTS",
    "PRODUCT_DEFAULTS",
    "PROMOTION_CODE_DEFAULTS",
    "SHIPPING_RATE_DEFAULTS",
    "WEBHOOK_DEFAULTS",
    "fit_to_model",
    "minimal",
    "without_defaults",
    "without_empty",
]

PRODUCT_DEFAULTS: Mapping[str, Any] = {"active": True}
"""What Stripe assumes for a product when a field is not sent."""
PRICE_DEFAULTS: Mapping[str, Any] = {
    "active": True,
    "billing_scheme": "per_unit",
    "tax_behavior": "unspecified",
    "recurring": {"interval_count": 1, "usage_type": "licensed"},
}
"""What Stripe assumes for a price when a field is not sent."""
LINK_DEFAULTS: Mapping[str, Any] = {
    "active": True,
    "after_completion": {"type": "hosted_confirmation"},
    "allow_promotion_codes": False,
    "billing_address_collection": "auto",
    "consent_collection": {"promotions": "none", "terms_of_service": "none"},
    "customer_creation": "if_required",
    "payment_intent_data": {"capture_method": "automatic"},
    "payment_method_collection": "always",
    "submit_type": "auto",
    "subscription_data": {"invoice_settings": {"issuer": {"type": "self"}}},
    "tax_id_collection": {"required": "never"},
}
"""What Stripe assumes for a payment link when a field is not sent (after `without_empty`)."""
WEBHOOK_DEFAULTS: Mapping[str, Any] = {"disabled": False}
"""What Stripe assumes for a webhook endpoint when a field is not sent."""
COUPON_DEFAULTS: Mapping[str, Any] = {"duration": "once"}
"""What Stripe assumes for a coupon when a field is not sent."""
PROMOTION_CODE_DEFAULTS: Mapping[str, Any] = {
    "active": True,
    "restrictions": {"first_time_transaction": False},
}
"""What Stripe assumes for a promotion code when a field is not sent."""
SHIPPING_RATE_DEFAULTS: Mapping[str, Any] = {"active": True, "tax_behavior": "unspecified"}
"""What Stripe assumes for a shipping rate when a field is not sent (its only ``type``,
``fixed_amount``, is dropped before shaping: a top-level ``type`` is otherwise always kept)."""
FEATURE_DEFAULTS: Mapping[str, Any] = {"active": True}
"""What Stripe assumes for an entitlement feature when a field is not sent."""
DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "entitlement_feature": FEATURE_DEFAULTS,
    "product": PRODUCT_DEFAULTS,
    "price": PRICE_DEFAULTS,
    "coupon": COUPON_DEFAULTS,
    "promotion_code": PROMOTION_CODE_DEFAULTS,
    "shipping_rate": SHIPPING_RATE_DEFAULTS,
    "payment_link": LINK_DEFAULTS,
    "webhook_endpoint": WEBHOOK_DEFAULTS,
}
"""Stripe's defaults of each kind (`schemas.kinds.KINDS` names), as `minimal` takes them."""

_DROP = object()


def without_empty(value: Any) -> Any:
    """`value` without nulls, empty lists/objects and switched-off features (``enabled: false``).

    A feature object whose ``enabled`` is false means the same as not declaring it.
    """
    if isinstance(value, Mapping):
        if value.get("enabled") is False:
            return _DROP
        result = {}
        for key, item in value.items():
            cleaned = without_empty(item)
            if cleaned is not _DROP:
                result[key] = cleaned
        return result or _DROP
    if isinstance(value, list):
        items = [cleaned for item in value if (cleaned := without_empty(item)) is not _DROP]
        return items or _DROP
    return _DROP if value is None else value


def without_defaults(value: Any, default: Any) -> Any:
    """`value` minus what equals `default` (key by key for objects); `_DROP` if nothing is left.

    A ``type`` key says how to read its siblings (``after_completion.type``), so it goes only
    with the whole object: ``{type: hosted_confirmation, hosted_confirmation: {...}}`` keeps it.
    """
    if value == default:
        return _DROP
    if isinstance(value, Mapping) and isinstance(default, Mapping):
        result = {}
        for key, item in value.items():
            if key == "type":
                result[key] = item
                continue
            kept = without_defaults(item, default[key]) if key in default else item
            if kept is not _DROP:
                result[key] = kept
        return result or _DROP
    return value


def _model_in(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """How a field annotation nests a model: ``("model"|"list"|"dict"|"plain", model)``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            shape = _model_in(arg)
            if shape[1] is not None:
                return shape
        return "plain", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    if origin is list:
        inner = _model_in(typing.get_args(annotation)[0])
        return ("list", inner[1]) if inner[0] == "model" else ("plain", None)
    if origin is dict:
        inner = _model_in(typing.get_args(annotation)[1])
        return ("dict", inner[1]) if inner[0] == "model" else ("plain", None)
    return "plain", None


def fit_to_model(data: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """`data` restricted to the fields `model` declares, recursively (Stripe sends many more)."""
    result: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        shape, inner = _model_in(field.annotation)
        if inner is not None and shape == "model" and isinstance(value, Mapping):
            value = fit_to_model(value, inner)
        elif inner is not None and shape == "list" and isinstance(value, list):
            value = [fit_to_model(v, inner) if isinstance(v, Mapping) else v for v in value]
        elif inner is not None and shape == "dict" and isinstance(value, Mapping):
            value = {k: fit_to_model(v, inner) if isinstance(v, Mapping) else v
                     for k, v in value.items()}
        result[name] = value
    return result


def minimal(
    data: Mapping[str, Any], model: type[BaseModel], defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """The smallest catalog entry equivalent to Stripe object `data` (see module docstring)."""
    fitted = without_empty(fit_to_model(data, model))
    if fitted is _DROP:
        return {}
    stripped = without_defaults(fitted, defaults)
    return {} if stripped is _DROP else dict(stripped)
