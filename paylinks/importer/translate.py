"""What is in a Stripe account, as a catalog: the pure part of `paylinks import` (no HTTP).

Input: an `AccountSnapshot` (the objects of each kind as Stripe returns them). Output: an
`ImportPlan` — the catalog document, the ownership tags that make each object adoptable by the
stack's scope, and notes on what was left out.

Each kind is one `KindImport` subclass in `IMPORTS` (dependency order: what others reference comes
first), run by one shared loop: leave out inactive objects and those another scope manages, pick a
unique readable key, shape the entry (Stripe's defaults dropped, references to other objects
written as their catalog keys), check it against the kind's catalog model, plan its tag. An object
referring to one that isn't imported is skipped (or, for a link's shipping option, loses that
option) with a note saying why, never written with a raw Stripe id.

How adoption is made true (see `providers/`): products are adopted by id with a GET, so a product
whose id isn't the deterministic ``prod_pl_<scope>_<key>`` gets ``id: <its id>`` in the catalog;
every other kind is adopted through its ``paylinks_scope``/``paylinks_key`` metadata, which
`--adopt` writes (`Tag`). An object already owned by *another* scope is never re-tagged: it
belongs to another stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import ValidationError

from paylinks.importer.keys import KeyAllocator, slugify
from paylinks.importer.shaping import DEFAULTS, minimal
from providers import (
    CouponProvider,
    EntitlementFeatureProvider,
    PaymentLinkProvider,
    PriceProvider,
    ProductProvider,
    PromotionCodeProvider,
    ShippingRateProvider,
    WebhookEndpointProvider,
)
from providers.base import StripeResourceProvider
from providers.ownership import (
    IMPORTED_METADATA,
    KEY_METADATA,
    SCOPE_METADATA,
    product_id_for,
)
from providers.stripe_client import StripeObject
from schemas.base import is_logical_key
from schemas.kinds import KINDS
from schemas.numbers import integral_floats_to_int
from schemas.resource import ResourceKind

__all__ = [
    "IMPORTS",
    "AccountSnapshot",
    "ImportPlan",
    "Kind",
    "KindImport",
    "Tag",
    "plan_import",
    "unscoped_lookup_key",
]

Kind = ResourceKind
"""A catalog kind the importer reads (every kind: one `KindImport` each in `IMPORTS`)."""
_PAYLINKS_METADATA = (SCOPE_METADATA, KEY_METADATA, IMPORTED_METADATA)
_NAMED_IN_NOTES = 5
"""How many left-out inactive objects a note names before it says "and N more"."""


@dataclass
class AccountSnapshot:
    """The objects to import, as Stripe's API returns them (plain dicts); one list per section."""

    products: list[StripeObject] = field(default_factory=list)
    """Active products."""
    prices: list[StripeObject] = field(default_factory=list)
    """Active prices."""
    payment_links: list[StripeObject] = field(default_factory=list)
    """Active payment links, each with ``line_items`` (from ``/line_items``) attached."""
    webhook_endpoints: list[StripeObject] = field(default_factory=list)
    """Webhook endpoints (their secrets are never part of an import)."""
    coupons: list[StripeObject] = field(default_factory=list)
    """Every coupon (Stripe has no inactive coupon; deleted ones are not listed), with
    ``applies_to`` (only returned when expanded)."""
    promotion_codes: list[StripeObject] = field(default_factory=list)
    """Every promotion code, active or not (inactive, expired and used-up ones are left out with
    a note)."""
    shipping_rates: list[StripeObject] = field(default_factory=list)
    """Every shipping rate, active or archived (archived ones are left out with a note, and so
    is a link's option offering one)."""
    entitlement_features: list[StripeObject] = field(default_factory=list)
    """Active entitlement features (Stripe lists archived ones only when asked)."""
    read_at: int | None = None
    """When the account was read (Unix time): a promotion code expired by then is left out.
    None: expiry isn't judged."""


@dataclass(frozen=True)
class Tag:
    """Ownership metadata to write on one object so the stack adopts it instead of duplicating."""

    kind: Kind
    """What the object is."""
    stripe_id: str
    """Its Stripe id."""
    key: str
    """Its catalog key (``paylinks_key``)."""

    def metadata(self, scope: str) -> dict[str, str]:
        """The metadata update: owner keys, plus the import marker for webhook endpoints."""
        values = {SCOPE_METADATA: scope, KEY_METADATA: self.key}
        if self.kind == "webhook_endpoint":
            values[IMPORTED_METADATA] = "true"
        return values


@dataclass
class ImportPlan:
    """The catalog to write and what `--adopt` must tag."""

    catalog: dict[str, dict[str, Any]]
    """Catalog section (``products``, ``shipping_rates``...) → key → minimal entry."""
    tags: list[Tag] = field(default_factory=list)
    """Objects to tag (only computed when a scope to adopt into is given)."""
    notes: list[str] = field(default_factory=list)
    """What was left out or needs the user's attention, one line each."""


def _owner(obj: Mapping[str, Any]) -> tuple[str, str] | None:
    metadata = obj.get("metadata") or {}
    scope, key = metadata.get(SCOPE_METADATA), metadata.get(KEY_METADATA)
    if isinstance(scope, str) and isinstance(key, str) and is_logical_key(key):
        return scope, key
    return None


def _user_metadata(obj: Mapping[str, Any]) -> dict[str, Any]:
    metadata = obj.get("metadata") or {}
    return {k: v for k, v in metadata.items() if k not in _PAYLINKS_METADATA}


def unscoped_lookup_key(lookup_key: str, scopes: list[str | None]) -> str:
    """``dev:pro`` → ``pro`` for the first of `scopes` that prefixes it.

    Earlier paylinks versions stored lookup keys as ``<scope>:<key>``; the catalog declares the
    key itself, and the stack's next `pulumi up` moves the price to it (an in-place update)."""
    for scope in scopes:
        if scope and lookup_key.startswith(f"{scope}:"):
            return lookup_key[len(scope) + 1 :]
    return lookup_key


def _id_of(value: Any) -> str | None:
    """A reference as Stripe returns it, an id or an expanded object, as the id."""
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _shaped(kind: Kind, data: Mapping[str, Any]) -> dict[str, Any]:
    """The smallest entry of `kind` meaning the same as Stripe's `data` (see `shaping`)."""
    return minimal(data, KINDS[kind].model, DEFAULTS[kind])


def _label(kind: str) -> str:
    return KINDS[kind].label


class _Planner:
    """One import: keys, entries, tags and notes, built kind by kind (`IMPORTS` order)."""

    def __init__(self, scope: str | None, adopt: bool) -> None:
        self.scope = scope
        self.adopt = adopt
        self.plan = ImportPlan({description.section: {} for description in KINDS.values()})
        self.imported: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        """Kind → Stripe id → catalog key of each object in the catalog."""
        self.left_out: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        """Kind → Stripe id → why it is not in the catalog (for notes on what refers to it)."""
        self.unlisted: dict[str, str] = {}
        """Kind → why an id the snapshot doesn't hold is missing (``is archived or deleted``)."""

    def note(self, text: str) -> None:
        """One line for the user."""
        self.plan.notes.append(text)

    def key_of(self, kind: Kind, stripe_id: str | None) -> str | None:
        """The catalog key of an imported object, None when it isn't in the catalog."""
        return self.imported[kind].get(stripe_id or "")

    def missing(self, kind: Kind, stripe_id: str | None) -> str:
        """``price X, which is archived``: why a referenced object isn't in the catalog."""
        unlisted = self.unlisted.get(kind, "is not in the account")
        why = self.left_out[kind].get(stripe_id or "", unlisted)
        return f"{_label(kind)} {stripe_id or '?'}, which {why}"

    def leave_out(self, kind: Kind, obj: StripeObject, why: str) -> None:
        """Record why `obj` is not in the catalog (``is archived``)."""
        self.left_out[kind][obj["id"]] = why

    def skip(self, kind: Kind, obj: StripeObject, reason: str) -> None:
        """Leave `obj` out with a note (``skipped price X: <reason>``)."""
        self.leave_out(kind, obj, "is not imported (see the note on it)")
        self.note(f"skipped {_label(kind)} {obj['id']}: {reason}")

    def selected(self, kind: Kind, objects: list[StripeObject]) -> list[StripeObject]:
        """Oldest first (stable keys); without objects another scope's stack manages."""
        chosen = []
        # Stripe lists newest first: reversed, a stable sort keeps creation order within a second.
        for obj in sorted(reversed(objects), key=lambda o: int(o.get("created") or 0)):
            owner = _owner(obj)
            if self.scope is not None and owner is not None and owner[0] != self.scope:
                self.leave_out(kind, obj, f"is managed by the stack with scope '{owner[0]}'")
                self.note(
                    f"skipped {_label(kind)} {obj['id']}: managed by the stack with "
                    f"scope '{owner[0]}'"
                )
                continue
            chosen.append(obj)
        return chosen

    @staticmethod
    def keys(objects: list[StripeObject]) -> KeyAllocator:
        """An allocator with every owned key of `objects` already reserved."""
        allocator = KeyAllocator()
        for obj in objects:
            owner = _owner(obj)
            if owner is not None:
                allocator.reserve(owner[1])
        return allocator

    @staticmethod
    def key_for(obj: StripeObject, allocator: KeyAllocator, used: set[str], wanted: str) -> str:
        """The owner's key when paylinks made `obj` (first come), else a derived unique key."""
        owner = _owner(obj)
        key = owner[1] if owner is not None and owner[1] not in used else None
        if key is None:
            key = allocator.allocate(owner[1] if owner is not None else wanted)
        used.add(key)
        return key

    def declared_lookup_key(self, obj: StripeObject) -> str | None:
        """The lookup key the catalog declares for `obj` (a price or a feature).

        With ``--scope S``, a key ``S:<key>`` of an object S's stack made is imported as
        ``<key>``: the ``S:`` is the prefix the stack's ``paylinks:lookupKeyPrefix`` adds again (or
        an earlier version's scoped key, which the next `up` moves to ``<key>``). Without a
        scope the key is kept as Stripe holds it: stripping each owner's scope would make
        ``staging:pro`` and dev's ``pro`` one key in one catalog."""
        lookup_key = obj.get("lookup_key")
        if not isinstance(lookup_key, str) or not lookup_key:
            return None
        owner = _owner(obj)
        if self.scope is None or owner is None or owner[0] != self.scope:
            return lookup_key
        return unscoped_lookup_key(lookup_key, [self.scope])

    def target_scope(self, obj: StripeObject) -> str | None:
        """The scope whose stack will manage `obj`: ``--scope``, else the object's own owner's."""
        owner = _owner(obj)
        return self.scope or (owner[0] if owner is not None else None)

    def owned_after_import(self, obj: StripeObject, key: str) -> bool:
        """True when a stack will own `obj` under `key`: already owned, or tagged now."""
        owner = _owner(obj)
        scope = self.target_scope(obj)
        return scope is not None and (owner == (scope, key) or (self.adopt and owner is None))

    def tag(self, kind: Kind, obj: StripeObject, key: str) -> None:
        """Plan the ownership tag `--adopt` writes, only on objects no stack manages yet.

        An object the stack already owns is never written to: its metadata is the stack's
        declared state, and an extra key would show as drift at the next refresh. Webhook
        endpoints made outside paylinks also get the import marker, so the provider adopts the
        endpoint (whose secret is in use) instead of creating a new one.
        """
        if not self.adopt or self.scope is None:
            return
        if _owner(obj) is None:
            self.plan.tags.append(Tag(kind, obj["id"], key))

    def add(self, kind: Kind, obj: StripeObject, key: str, entry: dict[str, Any]) -> bool:
        """Keep `entry` if its kind's model accepts it; otherwise note why it was left out."""
        description = KINDS[kind]
        try:
            description.model.model_validate(entry)
        except ValidationError as error:
            reason = error.errors()[0]
            where = ".".join(str(p) for p in reason["loc"])
            self.leave_out(kind, obj, "is not imported (see the note on it)")
            self.note(f"skipped {description.label} {key}: {where}: {reason['msg']}")
            return False
        self.plan.catalog[description.section][key] = entry
        self.imported[kind][obj["id"]] = key
        return True


class KindImport:
    """How one kind is read and becomes catalog entries; `run` is the loop every kind shares.

    A subclass sets `kind`, its `provider` and `listing` (how `account` reads it), and says how
    to name an object (`wanted_key`), what makes it unusable in a catalog (`unusable`) and what
    its entry is (`entry`); kinds with an inactive state say what it is called (`inactive_word`)
    and how a note names an object (`label`).
    """

    kind: ClassVar[Kind]
    """The kind in `schemas.kinds.KINDS` (its section is the snapshot's list and the catalog's)."""
    provider: ClassVar[type[StripeResourceProvider]]
    """The kind's provider: `account` lists and `tagging` updates through its stripe-python
    service, as `pulumi up` does."""
    listing: ClassVar[Mapping[str, Any]] = {}
    """Filters of the kind's listing (``{"active": True}``); none lists every object."""
    inactive_word: ClassVar[str] = "inactive"
    """How Stripe calls an object of this kind that is switched off (``archived``)."""
    unlisted: ClassVar[str] = "no longer exists (deleted)"
    """Why an object the snapshot doesn't hold is missing: deleted, unless only active objects
    of the kind are read."""

    def is_inactive(self, obj: StripeObject, read_at: int | None) -> bool:
        """Whether `obj` is switched off at `read_at` (left out: a catalog lists what is on
        offer)."""
        return obj.get("active") is False

    def label(self, obj: StripeObject) -> str:
        """How a note names `obj`: its id, plus what a user recognises it by."""
        return str(obj["id"])

    def unusable(self, obj: StripeObject, planner: _Planner) -> str | None:
        """Why `obj` can't be a catalog entry (then it is skipped with a note), or None."""
        return None

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        """The readable key `obj` would like (made unique by the planner)."""
        raise NotImplementedError

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        """The minimal catalog entry for `obj`, references written as catalog keys."""
        raise NotImplementedError

    def run(self, snapshot: AccountSnapshot, planner: _Planner) -> None:
        """Import every object of this kind in `snapshot` into `planner`'s plan."""
        kind = self.kind
        planner.unlisted[kind] = self.unlisted
        objects = planner.selected(kind, getattr(snapshot, KINDS[kind].section))
        allocator, used = planner.keys(objects), set[str]()
        inactive: list[str] = []
        for obj in objects:
            if self.is_inactive(obj, snapshot.read_at):
                planner.leave_out(kind, obj, f"is {self.inactive_word}")
                inactive.append(self.label(obj))
                continue
            reason = self.unusable(obj, planner)
            if reason is not None:
                planner.skip(kind, obj, reason)
                continue
            key = planner.key_for(obj, allocator, used, self.wanted_key(obj, planner))
            if planner.add(kind, obj, key, self.entry(obj, key, planner)):
                planner.tag(kind, obj, key)
        if inactive:
            planner.note(self._inactive_note(inactive))

    def _inactive_note(self, labels: list[str]) -> str:
        count = len(labels)
        plural = _label(self.kind) + ("s that are" if count > 1 else " that is")
        named = ", ".join(labels[:_NAMED_IN_NOTES])
        if count > _NAMED_IN_NOTES:
            named += f" and {count - _NAMED_IN_NOTES} more"
        return (
            f"left out {count} {plural} {self.inactive_word} ({named}): a catalog declares "
            "what is on offer; Stripe keeps them as they are"
        )


class EntitlementFeatureImport(KindImport):
    """Entitlement features: named by lookup key; products grant them by key (`ProductImport`)."""

    kind = "entitlement_feature"
    provider = EntitlementFeatureProvider
    inactive_word = "archived"
    unlisted = "is archived (only active features are read)"

    def label(self, obj: StripeObject) -> str:
        return f"{obj['id']} {obj.get('lookup_key', '')}".strip()

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        return slugify(str(planner.declared_lookup_key(obj) or obj.get("name") or ""), "feature")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        data = {**obj, "metadata": _user_metadata(obj)}
        if planner.declared_lookup_key(obj) is not None:
            data["lookup_key"] = planner.declared_lookup_key(obj)
        return _shaped("entitlement_feature", data)


class ProductImport(KindImport):
    """Products: the key from the name; a non-deterministic id is pinned when it will be owned;
    the entitlement features attached to it (``features``: ids, from `account`) as keys."""

    kind = "product"
    provider = ProductProvider
    listing: ClassVar[Mapping[str, Any]] = {"active": True}
    unlisted = "is archived or deleted (only active products are read)"

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        return slugify(str(obj.get("name", "")), "product")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        # `features` holds feature ids (see `account`): written as keys below.
        entry = _shaped("product", {**obj, "metadata": _user_metadata(obj), "features": None})
        entry.pop("id", None)
        scope = planner.target_scope(obj)
        deterministic = scope is not None and obj["id"] == product_id_for(scope, key)
        if planner.owned_after_import(obj, key) and not deterministic:
            entry = {"id": obj["id"], **entry}
        granted = self._features(obj, planner)
        if granted:
            entry["features"] = granted
        return entry

    @staticmethod
    def _features(obj: StripeObject, planner: _Planner) -> list[str]:
        """The keys of the features attached to the product, sorted (a product's features are a
        set, and the engine attaches them in any order); one not imported is left out, with a
        note."""
        keys = []
        for feature in obj.get("features") or []:
            feature_key = planner.key_of("entitlement_feature", feature)
            if feature_key is not None:
                keys.append(feature_key)
                continue
            planner.note(
                f"product {obj['id']}: left out of its `features`: "
                f"{planner.missing('entitlement_feature', feature)}"
            )
        return sorted(keys)


_INTERVAL_WORDS = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}


class PriceImport(KindImport):
    """Prices: named by lookup key, nickname or interval; what links can't sell is skipped."""

    kind = "price"
    provider = PriceProvider
    listing: ClassVar[Mapping[str, Any]] = {"active": True}
    unlisted = "is archived or deleted (only active prices are read)"

    def unusable(self, obj: StripeObject, planner: _Planner) -> str | None:
        if obj.get("billing_scheme") == "tiered" or obj.get("transform_quantity"):
            return "tiered, volume or package prices can't be sold through payment links"
        if (obj.get("recurring") or {}).get("usage_type") == "metered":
            return "metered prices can't be sold through payment links"
        product = _id_of(obj.get("product"))
        if planner.key_of("product", product) is None:
            return f"it belongs to {planner.missing('product', product)}"
        return None

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        product_key = str(planner.key_of("product", _id_of(obj.get("product"))))
        lookup_key = planner.declared_lookup_key(obj)
        if lookup_key is not None:
            return slugify(lookup_key, product_key)
        if obj.get("nickname"):
            return slugify(str(obj["nickname"]), product_key)
        recurring = obj.get("recurring") or {}
        if recurring:
            count = int(recurring.get("interval_count") or 1)
            interval = str(recurring.get("interval"))
            word = _INTERVAL_WORDS.get(interval, interval)
            if count != 1:
                word = f"every-{count}-{interval}s"
            return slugify(f"{product_key}-{word}", product_key)
        return product_key

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        product_key = planner.key_of("product", _id_of(obj.get("product")))
        data: dict[str, Any] = {**obj, "product": product_key, "metadata": _user_metadata(obj)}
        if data.get("unit_amount") is not None:
            data.pop("unit_amount_decimal", None)
        custom = data.get("custom_unit_amount")
        if isinstance(custom, Mapping):
            data["custom_unit_amount"] = {"enabled": True, **custom}
        if planner.declared_lookup_key(obj) is not None:
            data["lookup_key"] = planner.declared_lookup_key(obj)
        data.pop("currency_options", None)  # only listed when expanded; not part of an import
        return _shaped("price", data)


def _other_currencies_note(kind: Kind, obj: StripeObject, options: Any) -> str | None:
    """A note when `obj` has amounts in other currencies, which the catalog doesn't offer."""
    if not options:
        return None
    return (
        f"{_label(kind)} {obj['id']}: its amounts in other currencies (currency_options: "
        f"{', '.join(sorted(options))}) are not imported; the catalog doesn't offer them yet"
    )


class CouponImport(KindImport):
    """Coupons: named by name (else id); ``applies_to.products`` as product keys."""

    kind = "coupon"
    provider = CouponProvider
    # Stripe returns a coupon's `applies_to` only when asked for it.
    listing: ClassVar[Mapping[str, Any]] = {"expand": ["data.applies_to"]}
    inactive_word = "no longer valid (expired or fully redeemed)"

    def is_inactive(self, obj: StripeObject, read_at: int | None) -> bool:
        return obj.get("valid") is False

    def label(self, obj: StripeObject) -> str:
        return f"{obj['id']} {obj['name']}" if obj.get("name") else str(obj["id"])

    def unusable(self, obj: StripeObject, planner: _Planner) -> str | None:
        for product in (obj.get("applies_to") or {}).get("products") or []:
            if planner.key_of("product", _id_of(product)) is None:
                return (
                    f"it applies to {planner.missing('product', _id_of(product))}; without it "
                    "the coupon would discount other products"
                )
        return None

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        return slugify(str(obj.get("name") or obj["id"]), "coupon")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        data: dict[str, Any] = {**obj, "metadata": _user_metadata(obj)}
        products = (obj.get("applies_to") or {}).get("products")
        if products:
            data["applies_to"] = {
                "products": [planner.key_of("product", _id_of(p)) for p in products]
            }
        note = _other_currencies_note("coupon", obj, obj.get("currency_options"))
        if note is not None:
            planner.note(note)
        return integral_floats_to_int(_shaped("coupon", data))


def _coupon_id(code: StripeObject) -> str | None:
    """The coupon a promotion code grants (``promotion.coupon`` in API 2026-08-26.dahlia)."""
    promotion = code.get("promotion")
    if isinstance(promotion, Mapping) and promotion.get("type", "coupon") == "coupon":
        return _id_of(promotion.get("coupon"))
    return None


class PromotionCodeImport(KindImport):
    """Promotion codes: named by their code; the coupon as its key; inactive ones left out."""

    kind = "promotion_code"
    provider = PromotionCodeProvider
    inactive_word = "inactive, expired or used up"

    def is_inactive(self, obj: StripeObject, read_at: int | None) -> bool:
        """Deactivated, past `expires_at`, or redeemed `max_redemptions` times: no customer
        can use it, so declaring it would only carry a dead code into other environments."""
        expires_at, limit = obj.get("expires_at"), obj.get("max_redemptions")
        return (
            obj.get("active") is False
            or (expires_at is not None and read_at is not None and expires_at <= read_at)
            or (limit is not None and int(obj.get("times_redeemed") or 0) >= limit)
        )

    def label(self, obj: StripeObject) -> str:
        return f"{obj['id']} {obj.get('code', '')}".strip()

    def unusable(self, obj: StripeObject, planner: _Planner) -> str | None:
        if obj.get("customer") or obj.get("customer_account"):
            return "it is for one customer only; per-customer codes are not catalog entries"
        coupon = _coupon_id(obj)
        if planner.key_of("coupon", coupon) is None:
            return f"it grants {planner.missing('coupon', coupon)}"
        return None

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        return slugify(str(obj.get("code", "")), "code")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        coupon_key = planner.key_of("coupon", _coupon_id(obj))
        data: dict[str, Any] = {
            **obj,
            "promotion": {"type": "coupon", "coupon": coupon_key},
            "metadata": _user_metadata(obj),
        }
        restrictions = obj.get("restrictions") or {}
        note = _other_currencies_note(
            "promotion_code", obj, restrictions.get("currency_options")
        )
        if note is not None:
            planner.note(note)
        return _shaped("promotion_code", data)


class ShippingRateImport(KindImport):
    """Shipping rates: named by display name; archived ones left out (links can't offer them)."""

    kind = "shipping_rate"
    provider = ShippingRateProvider
    inactive_word = "archived"

    def label(self, obj: StripeObject) -> str:
        return f"{obj['id']} {obj.get('display_name', '')}".strip()

    def unusable(self, obj: StripeObject, planner: _Planner) -> str | None:
        if obj.get("type", "fixed_amount") != "fixed_amount":
            return f"its type {obj.get('type')} isn't offered (only fixed_amount)"
        return None

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        return slugify(str(obj.get("display_name", "")), "shipping")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        data: dict[str, Any] = {**obj, "metadata": _user_metadata(obj)}
        data.pop("type", None)  # `fixed_amount`, Stripe's default and only type
        if obj.get("tax_code") is not None:
            data["tax_code"] = _id_of(obj["tax_code"])
        fixed = obj.get("fixed_amount") or {}
        note = _other_currencies_note("shipping_rate", obj, fixed.get("currency_options"))
        if note is not None:
            planner.note(note)
        return _shaped("shipping_rate", data)


def _link_items(
    items: list[Any], planner: _Planner
) -> tuple[list[dict[str, Any]], str | None]:
    """Line items with price keys, or the id of a price that wasn't imported."""
    result = []
    for item in items:
        price = _id_of(item.get("price"))
        key = planner.key_of("price", price)
        if key is None:
            return [], price or "?"
        entry: dict[str, Any] = {"price": key, "quantity": item.get("quantity", 1)}
        adjustable = item.get("adjustable_quantity")
        if isinstance(adjustable, Mapping) and adjustable.get("enabled"):
            entry["adjustable_quantity"] = {k: v for k, v in adjustable.items() if v is not None}
        result.append(entry)
    return result, None


class PaymentLinkImport(KindImport):
    """Payment links: prices and shipping rates as keys; named by the prices they sell."""

    kind = "payment_link"
    provider = PaymentLinkProvider
    listing: ClassVar[Mapping[str, Any]] = {"active": True}

    def unusable(self, obj: StripeObject, planner: _Planner) -> str | None:
        items, missing = _link_items(list(obj.get("line_items") or []), planner)
        _, missing_optional = _link_items(list(obj.get("optional_items") or []), planner)
        if missing or missing_optional:
            return f"it sells {planner.missing('price', missing or missing_optional)}"
        if not items:
            return "it sells no price"
        return None

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        items, _ = _link_items(list(obj.get("line_items") or []), planner)
        return slugify("-".join(dict.fromkeys(item["price"] for item in items)), "link")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        items, _ = _link_items(list(obj.get("line_items") or []), planner)
        optional, _ = _link_items(list(obj.get("optional_items") or []), planner)
        data: dict[str, Any] = {
            k: v
            for k, v in obj.items()
            if k not in ("line_items", "optional_items", "shipping_options")
        }
        data["metadata"] = _user_metadata(obj)
        prices = planner.plan.catalog[KINDS["price"].section]
        currencies = {prices[item["price"]]["currency"] for item in items}
        if currencies == {data.get("currency")}:
            data.pop("currency")  # implied by the prices; only needed with currency_options
        entry = {"line_items": items, **_shaped("payment_link", data)}
        if optional:
            entry["optional_items"] = optional
        options = self._shipping_options(obj, planner)
        if options:
            entry["shipping_options"] = options
        return entry

    @staticmethod
    def _shipping_options(obj: StripeObject, planner: _Planner) -> list[dict[str, str]]:
        """The link's shipping rates as keys; one not imported is left out, with a note."""
        options = []
        for option in obj.get("shipping_options") or []:
            rate = _id_of(option.get("shipping_rate"))
            rate_key = planner.key_of("shipping_rate", rate)
            if rate_key is not None:
                options.append({"shipping_rate": rate_key})
                continue
            planner.note(
                f"payment link {obj['id']}: left out of its `shipping_options`: "
                f"{planner.missing('shipping_rate', rate)}; once a stack manages the link, it "
                "stops offering that rate"
            )
        return options


class WebhookEndpointImport(KindImport):
    """Webhook endpoints: never their secret; named by description or URL."""

    kind = "webhook_endpoint"
    provider = WebhookEndpointProvider

    def wanted_key(self, obj: StripeObject, planner: _Planner) -> str:
        host_and_path = str(obj.get("url", "")).split("://", 1)[-1]
        return slugify(str(obj.get("description") or host_and_path), "webhook")

    def entry(self, obj: StripeObject, key: str, planner: _Planner) -> dict[str, Any]:
        data = {k: v for k, v in obj.items() if k != "secret"}  # never written anywhere
        data["metadata"] = _user_metadata(obj)
        data["disabled"] = obj.get("status") == "disabled"
        return _shaped("webhook_endpoint", data)


IMPORTS: tuple[KindImport, ...] = (
    EntitlementFeatureImport(),
    ProductImport(),
    PriceImport(),
    CouponImport(),
    PromotionCodeImport(),
    ShippingRateImport(),
    PaymentLinkImport(),
    WebhookEndpointImport(),
)
"""Every imported kind, in dependency order (an object's references are imported before it).
Adding a kind: its `KindImport` here, its list in `AccountSnapshot`, its `shaping.DEFAULTS`."""


def plan_import(
    snapshot: AccountSnapshot, scope: str | None = None, adopt: bool = False
) -> ImportPlan:
    """The minimal catalog for `snapshot`; with `adopt`, the tags that let `scope` adopt it.

    Keys come from ``paylinks_key`` metadata when present, else from names (slugified, made
    unique). References name keys, legacy ``<scope>:`` lookup key prefixes are dropped,
    Stripe's defaults and webhook secrets are left out. With `scope`, objects another scope's
    stack manages are left out. Promotion codes no customer can use (inactive, expired, used up),
    archived shipping rates and coupons no longer valid are left out (one note per kind); entries
    the catalog can't express are skipped with a note, and so is whatever depends on them.
    """
    if adopt and not scope:
        raise ValueError("adopting needs the scope of the stack that will manage the objects")
    planner = _Planner(scope, adopt)
    for kind_import in IMPORTS:
        kind_import.run(snapshot, planner)
    return planner.plan
