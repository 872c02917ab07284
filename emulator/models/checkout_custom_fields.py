"""A link's custom fields (`custom_fields`: text, numeric, dropdown) as the customer filled them:
Stripe's checks (required unless `optional`, digits only, length bounds, one of the options) and
the field as a completed Checkout Session shows it."""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_FIELD_LENGTH", "custom_field_value"]

#: Stripe's default `maximum_length` of a text or numeric custom field.
DEFAULT_FIELD_LENGTH = 255


def custom_field_value(spec: dict[str, Any], raw: str, problems: dict[str, str]) -> dict[str, Any]:
    """Check one custom field's value; returns the field as a Checkout Session shows it."""
    key, kind = spec["key"], spec["type"]
    label = (spec.get("label") or {}).get("custom") or key
    form_key = f"custom_field-{key}"
    value: str | None = raw.strip() or None
    options = dict(spec.get(kind) or {})
    if value is None:
        if not spec.get("optional"):
            problems[form_key] = f"{label} is required."
    elif kind == "dropdown":
        allowed = [option["value"] for option in options.get("options", [])]
        if value not in allowed:
            problems[form_key] = f"Choose one of the options for {label}."
    else:
        low = options.get("minimum_length") or 0
        high = options.get("maximum_length") or DEFAULT_FIELD_LENGTH
        if kind == "numeric" and not value.isdigit():
            problems[form_key] = f"{label} can only contain digits."
        elif not low <= len(value) <= high:
            problems[form_key] = f"{label} must be {low} to {high} characters long."
    shown = {
        "default_value": options.get("default_value"),
        "value": value,
    }
    if kind == "dropdown":
        shown["options"] = options.get("options", [])
    else:
        shown["maximum_length"] = options.get("maximum_length")
        shown["minimum_length"] = options.get("minimum_length")
    return {
        "dropdown": None,
        "numeric": None,
        "text": None,
        "key": key,
        "label": spec.get("label"),
        "optional": bool(spec.get("optional")),
        "type": kind,
        kind: shown,
    }
