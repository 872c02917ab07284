"""Coupons and promotion codes: Stripe's shapes and rules, no HTTP.

Coupons: exactly one of `percent_off` (0 < p ≤ 100) or `amount_off` + `currency`; `duration`
`repeating` needs `duration_in_months`, which no other duration takes; only `name`, `metadata` and
`currency_options` change; delete exists (discounts already given keep working). `applies_to` and
`currency_options` are includable: the API shows them only when `expand[]` asks (the spec lists
them in `x-expandableFields` and not in `required`), so they are kept but not rendered.
Promotion codes (API 2026-08-26.dahlia): `promotion: {type: coupon, coupon}` names a coupon that
exists; `code` is letters, digits and dashes, and unique regardless of case among *active* codes
(also when one is reactivated); `restrictions.minimum_amount` needs `minimum_amount_currency`;
no delete: `active=false` deactivates.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from emulator.models.common import (
    CREATED,
    EXPAND,
    LIST_PARAMS,
    Paginated,
    check_metadata,
    filter_created,
    new_id,
    now,
)
from emulator.models.stored import StoredModel
from emulator.params import Arr, Bool, Currency, CurrencyOptions, Enum, Int, Map, Num, Obj, Str
from emulator.rules import rule

__all__ = [
    "CODE_CREATE",
    "CODE_LIST",
    "CODE_UPDATE",
    "COUPON_CREATE",
    "COUPON_LIST",
    "COUPON_UPDATE",
    "CouponModel",
    "PromotionCodeModel",
]

ONE_DISCOUNT = rule("coupon.one_discount", "`percent_off` or `amount_off`, exactly one")
PERCENT_RANGE = rule("coupon.percent_range", "0 < percent_off ≤ 100")
CURRENCY_MISSING = rule("coupon.currency_missing", "`amount_off` needs `currency`")
MONTHS_MISSING = rule("coupon.months_missing", "`duration=repeating` needs `duration_in_months`")
MONTHS_NOT_REPEATING = rule(
    "coupon.months_not_repeating", "`duration_in_months` only with `duration=repeating`"
)
COUPON_ID_TAKEN = rule("coupon.id_taken", "custom coupon ids are unique")
CODE_COUPON_MISSING = rule("promotion_code.coupon_missing", "a code names its coupon")
CODE_CHARACTERS = rule("promotion_code.code_characters", "codes are letters, digits and dashes")
MINIMUM_CURRENCY = rule(
    "promotion_code.minimum_currency", "`minimum_amount` comes with its currency"
)
CODE_TAKEN = rule("promotion_code.code_taken", "active codes are unique regardless of case")

_CODE = re.compile(r"^[A-Za-z0-9-]+$")
INCLUDABLE = frozenset({"applies_to", "currency_options"})
"""Coupon fields the API shows only when expanded (``expand[]=applies_to``)."""
_AMOUNT_OPTION = Obj(fields={"amount_off": Int()}, required=("amount_off",))


#: `POST /v1/coupons`.
COUPON_CREATE = Obj(
    fields={
        "amount_off": Int(),
        "applies_to": Obj(fields={"products": Arr(item=Str())}),
        "currency": Currency(),
        "currency_options": CurrencyOptions(option=_AMOUNT_OPTION),
        "duration": Enum(values=("forever", "once", "repeating")),
        "duration_in_months": Int(),
        "id": Str(),
        "max_redemptions": Int(),
        "metadata": Map(emptyable=True),
        "name": Str(max_length=40),
        "percent_off": Num(),
        "redeem_by": Int(),
        **EXPAND,
    }
)
#: `POST /v1/coupons/{id}`.
COUPON_UPDATE = Obj(
    fields={
        "currency_options": CurrencyOptions(option=_AMOUNT_OPTION),
        "metadata": Map(emptyable=True),
        "name": Str(max_length=40),
        **EXPAND,
    }
)
COUPON_LIST = LIST_PARAMS.with_fields(CREATED)

_MINIMUM_OPTIONS = CurrencyOptions(option=Obj(fields={"minimum_amount": Int()}))
_RESTRICTIONS = Obj(
    fields={
        "currency_options": _MINIMUM_OPTIONS,
        "first_time_transaction": Bool(),
        "minimum_amount": Int(),
        "minimum_amount_currency": Currency(),
    }
)
#: `POST /v1/promotion_codes`.
CODE_CREATE = Obj(
    fields={
        "active": Bool(),
        "code": Str(max_length=500),
        "customer": Str(),
        "customer_account": Str(),
        "expires_at": Int(),
        "max_redemptions": Int(),
        "metadata": Map(),
        "promotion": Obj(
            fields={"coupon": Str(), "type": Enum(values=("coupon",))}, required=("type",)
        ),
        "restrictions": _RESTRICTIONS,
        **EXPAND,
    },
    required=("promotion",),
)
#: `POST /v1/promotion_codes/{id}`.
CODE_UPDATE = Obj(
    fields={
        "active": Bool(),
        "metadata": Map(emptyable=True),
        "restrictions": Obj(fields={"currency_options": _MINIMUM_OPTIONS}),
        **EXPAND,
    }
)
CODE_LIST = LIST_PARAMS.with_fields(
    {
        "active": Bool(),
        "code": Str(),
        "coupon": Str(),
        "customer": Str(),
        "customer_account": Str(),
        **CREATED,
    }
)


class CouponModel(StoredModel):
    """Create, read, update, delete and list coupons."""

    kind = "coupon"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """A coupon after Stripe's discount and duration checks."""
        check_metadata(params.get("metadata"))
        percent, amount = params.get("percent_off"), params.get("amount_off")
        if (percent is None) == (amount is None):
            raise ONE_DISCOUNT.error(
                "You must pass exactly one of `percent_off` or `amount_off`.",
                param="percent_off" if percent is None else "amount_off",
            )
        if percent is not None and not 0 < percent <= 100:
            raise PERCENT_RANGE.error(
                "Invalid percent_off: must be greater than 0 and at most 100.",
                param="percent_off",
            )
        if amount is not None and "currency" not in params:
            raise CURRENCY_MISSING.error(
                "You must pass currency when passing amount_off.", param="currency"
            )
        duration = params.get("duration", "once")
        months = params.get("duration_in_months")
        if duration == "repeating" and months is None:
            raise MONTHS_MISSING.error(
                "You must pass duration_in_months when duration is repeating.",
                param="duration_in_months",
            )
        if duration != "repeating" and months is not None:
            raise MONTHS_NOT_REPEATING.error(
                "duration_in_months can only be used when duration is repeating.",
                param="duration_in_months",
            )
        coupon_id = params.get("id") or secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")
        with self.store.transaction():
            if self.store.exists(coupon_id):
                raise COUPON_ID_TAKEN.error(
                    "Coupon already exists.", param="id", code="resource_already_exists"
                )
            coupon = {
                "id": coupon_id,
                "object": "coupon",
                "amount_off": amount,
                "applies_to": params.get("applies_to"),
                "created": now(),
                "currency": params.get("currency"),
                "currency_options": _currency_options({}, params.get("currency_options")),
                "duration": duration,
                "duration_in_months": months,
                "livemode": False,
                "max_redemptions": params.get("max_redemptions"),
                "metadata": params.get("metadata") or {},
                "name": params.get("name"),
                "percent_off": percent,
                "redeem_by": params.get("redeem_by"),
                "times_redeemed": 0,
                "valid": True,
            }
            self.store.insert(self.kind, coupon)
        return coupon

    def update(self, coupon_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Rename, change metadata or other currencies' amounts; nothing else changes."""
        with self.changing(coupon_id, params) as coupon:
            if "name" in params:
                coupon["name"] = params["name"] or None
            if "currency_options" in params:
                coupon["currency_options"] = _currency_options(
                    coupon.get("currency_options") or {}, params["currency_options"]
                )
        return coupon

    def render(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The coupon as the API shows it: without what only `expand[]` includes."""
        return {k: v for k, v in super().render(stored).items() if k not in INCLUDABLE}

    def includable(self, coupon_id: str, field: str) -> Any:
        """What `expand[]=<field>` shows of a coupon (`applies_to`, `currency_options`)."""
        value = self.get(coupon_id).get(field)
        return value if value is not None or field != "currency_options" else {}

    def delete(self, coupon_id: str) -> dict[str, Any]:
        """Delete for good (discounts already applied are not touched)."""
        return self.delete_stored(coupon_id)

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first."""
        return self.list_page(filter_created(self.store.all(self.kind), params), params, url)


def _currency_options(current: dict[str, Any], given: Any) -> dict[str, Any]:
    """`current` with the given `{currency: {amount_off}}` merged in (lower-cased currencies)."""
    merged = dict(current)
    for currency, option in (given or {}).items():
        merged[str(currency).lower()] = {"amount_off": option["amount_off"]}
    return merged


class PromotionCodeModel(StoredModel):
    """Create, read, update (activate/deactivate) and list promotion codes; no delete."""

    kind = "promotion_code"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """A code for an existing coupon, unique among active codes."""
        check_metadata(params.get("metadata"))
        promotion = params["promotion"]
        if "coupon" not in promotion:
            raise CODE_COUPON_MISSING.error(
                "Missing required param: promotion[coupon].", param="promotion[coupon]"
            )
        coupon = self.backend.coupons.get(promotion["coupon"], param="promotion[coupon]")
        code = params.get("code") or secrets.token_hex(4).upper()
        if not _CODE.match(code):
            raise CODE_CHARACTERS.error(
                "Invalid code: use only letters (a-z, A-Z), digits (0-9) and dashes (-).",
                param="code",
            )
        restrictions = params.get("restrictions") or {}
        if ("minimum_amount" in restrictions) != ("minimum_amount_currency" in restrictions):
            raise MINIMUM_CURRENCY.error(
                "restrictions[minimum_amount] and restrictions[minimum_amount_currency] must be "
                "passed together.",
                param="restrictions[minimum_amount_currency]",
            )
        active = params.get("active", True)
        with self.store.transaction():
            if active:
                self._refuse_duplicate(code, None)
            promotion_code = {
                "id": new_id("promo_"),
                "object": "promotion_code",
                "active": active,
                "code": code,
                "created": now(),
                "customer": params.get("customer"),
                "customer_account": params.get("customer_account"),
                "expires_at": params.get("expires_at"),
                "livemode": False,
                "max_redemptions": params.get("max_redemptions"),
                "metadata": params.get("metadata") or {},
                "promotion": {"coupon": coupon["id"], "type": "coupon"},
                "restrictions": {
                    "currency_options": restrictions.get("currency_options") or {},
                    "first_time_transaction": bool(restrictions.get("first_time_transaction")),
                    "minimum_amount": restrictions.get("minimum_amount"),
                    "minimum_amount_currency": restrictions.get("minimum_amount_currency"),
                },
                "times_redeemed": 0,
            }
            self.store.insert(self.kind, promotion_code)
        return promotion_code

    def _refuse_duplicate(self, code: str, own_id: str | None) -> None:
        for other in self.store.all(self.kind):
            if other["active"] and other["id"] != own_id and other["code"].upper() == code.upper():
                raise CODE_TAKEN.error(
                    f"An active promotion code with `code: {code}` already exists.",
                    param="code",
                )

    def update(self, code_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Activate, deactivate, change metadata or minimum amounts in other currencies."""
        with self.changing(code_id, params) as promotion_code:
            if params.get("active") and not promotion_code["active"]:
                self._refuse_duplicate(promotion_code["code"], code_id)
            if "active" in params:
                promotion_code["active"] = params["active"]
            options = (params.get("restrictions") or {}).get("currency_options")
            if options:
                restrictions = promotion_code["restrictions"]
                restrictions["currency_options"] = {
                    **(restrictions.get("currency_options") or {}),
                    **{currency.lower(): option for currency, option in options.items()},
                }
        return promotion_code

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first, filtered by `active`, `code` and `coupon`."""
        codes = filter_created(self.store.all(self.kind), params)
        if "code" in params:
            codes = [c for c in codes if c["code"].upper() == params["code"].upper()]
        if "coupon" in params:
            codes = [c for c in codes if c["promotion"]["coupon"] == params["coupon"]]
        return self.list_page(codes, params, url, equal=("active",))

    def find(self, code: str) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
        """The code a customer typed (regardless of case; an active one first, else the newest
        inactive one, so the page can say why it doesn't work) and its coupon (None: deleted)."""
        wanted = code.strip().upper()
        matches = [c for c in self.store.all(self.kind) if c["code"].upper() == wanted]
        if not matches:
            return None
        found = max(matches, key=lambda c: (c["active"], c["created"]))
        return found, self.store.get("coupon", found["promotion"]["coupon"])

    def redeem(self, code_id: str) -> None:
        """Count one use of the code and of its coupon (`times_redeemed`); a coupon used up to
        its `max_redemptions` is no longer `valid`. Call inside a store transaction."""
        promotion_code = self.get(code_id)
        promotion_code["times_redeemed"] = int(promotion_code["times_redeemed"]) + 1
        self.store.save(promotion_code)
        coupon = self.store.get("coupon", promotion_code["promotion"]["coupon"])
        if coupon is not None:
            coupon["times_redeemed"] = int(coupon["times_redeemed"]) + 1
            limit = coupon.get("max_redemptions")
            if limit is not None and coupon["times_redeemed"] >= limit:
                coupon["valid"] = False
            self.store.save(coupon)
