"""Stripe objects as the API returns them (pinned version 2026-08-26.dahlia), for `plan_import`
tests: every field Stripe sends, so the tests see what the importer must drop."""

from __future__ import annotations

from typing import Any

__all__ = ["code", "coupon", "endpoint", "link", "owned", "price", "product", "rate"]


def product(id_: str, name: str, created: int = 1, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "object": "product", "name": name, "active": True, "created": created,
            "metadata": {}, "images": [], "type": "service", "default_price": None, **extra}


def price(id_: str, product_id: str, amount: int = 1000, created: int = 1,
          **extra: Any) -> dict[str, Any]:
    return {"id": id_, "object": "price", "product": product_id, "currency": "eur",
            "unit_amount": amount, "unit_amount_decimal": str(amount), "active": True,
            "billing_scheme": "per_unit", "tax_behavior": "unspecified", "type": "one_time",
            "recurring": None, "custom_unit_amount": None, "lookup_key": None, "nickname": None,
            "metadata": {}, "created": created, **extra}


def link(id_: str, *price_ids: str, created: int = 1, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "object": "payment_link", "active": True, "currency": "eur",
            "created": created, "metadata": {}, "url": f"https://buy.example/{id_}",
            "line_items": [{"id": f"li_{p}", "price": {"id": p}, "quantity": 1}
                           for p in price_ids],
            **extra}


def endpoint(id_: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "object": "webhook_endpoint", "url": url, "status": "enabled",
            "enabled_events": ["checkout.session.completed"], "api_version": None,
            "description": None, "metadata": {}, "secret": "whsec_should_never_leak", **extra}


def owned(scope: str, key: str) -> dict[str, Any]:
    return {"metadata": {"paylinks_scope": scope, "paylinks_key": key}}


def coupon(id_: str, name: str | None = "Welcome", created: int = 1,
           **extra: Any) -> dict[str, Any]:
    """A coupon as Stripe lists it (with ``applies_to`` expanded)."""
    return {"id": id_, "object": "coupon", "amount_off": None, "applies_to": None,
            "created": created, "currency": None, "duration": "once",
            "duration_in_months": None, "livemode": False, "max_redemptions": None,
            "metadata": {}, "name": name, "percent_off": 15.0, "redeem_by": None,
            "times_redeemed": 0, "valid": True, **extra}


def code(id_: str, text: str, coupon_id: str, created: int = 1,
         **extra: Any) -> dict[str, Any]:
    """A promotion code as API 2026-08-26.dahlia returns it."""
    return {"id": id_, "object": "promotion_code", "active": True, "code": text,
            "created": created, "customer": None, "customer_account": None, "expires_at": None,
            "livemode": False, "max_redemptions": None, "metadata": {},
            "promotion": {"type": "coupon", "coupon": coupon_id},
            "restrictions": {"currency_options": {}, "first_time_transaction": False,
                             "minimum_amount": None, "minimum_amount_currency": None},
            "times_redeemed": 0, **extra}


def rate(id_: str, name: str, amount: int = 490, created: int = 1,
         **extra: Any) -> dict[str, Any]:
    """A fixed-amount shipping rate as Stripe returns it."""
    return {"id": id_, "object": "shipping_rate", "active": True, "created": created,
            "delivery_estimate": None, "display_name": name,
            "fixed_amount": {"amount": amount, "currency": "eur"}, "livemode": False,
            "metadata": {}, "tax_behavior": "unspecified", "tax_code": None,
            "type": "fixed_amount", **extra}
