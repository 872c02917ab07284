"""One description per Stripe object kind, read from the marks on its catalog model.

For each kind: its catalog section, its API path, every field with its `Lifecycle` (updatable in
place, fixed at creation, or update-only), and where it references other catalog entries. The
description is *derived* from the pydantic model (see `schemas.lifecycle`), so the validation
layer and the description cannot drift: a model field without a lifecycle mark fails the import.

Everything that depends on a field's lifecycle uses this: the providers (what an update sends,
what forces a replacement, what is applied right after create), the program and `validate`
(reference resolution), and the review (whether a change gets a new URL).
``tests/unit/schemas/test_stripe_spec_fields.py`` checks every kind against the OpenAPI spec of the
pinned Stripe API version: a field is `UPDATABLE` exactly when ``POST <api_path>/{id}`` takes it.

Adding a Stripe field: one annotated field on the model. Adding a kind: its model, and one
`describe` line in `KINDS`.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from schemas.base import StripeModel
from schemas.coupon import CouponSpec
from schemas.entitlement_feature import EntitlementFeatureSpec
from schemas.lifecycle import Lifecycle, Reference
from schemas.payment_link import PaymentLinkSpec
from schemas.price import PriceSpec
from schemas.product import ProductSpec
from schemas.promotion_code import PromotionCodeSpec
from schemas.shipping_rate import ShippingRateSpec
from schemas.webhook_endpoint import WebhookEndpointSpec

__all__ = [
    "EVERY_ITEM",
    "KINDS",
    "KindFields",
    "ReferencePath",
    "ReferenceSite",
    "kind_fields",
    "reference_sites",
    "resolve_references",
]

EVERY_ITEM = "[]"
"""Path step meaning "each element of this list" (or each value of this mapping)."""

ReferencePath = tuple[str, ...]
"""A place in an entry: field names and `EVERY_ITEM` (``("line_items", "[]", "price")``)."""


@dataclass(frozen=True)
class ReferenceSite:
    """One reference found in an entry's data."""

    path: tuple[str | int, ...]
    """Concrete path inside the entry (``("optional_items", 0, "price")``)."""
    kind: str
    """The kind it points at."""
    value: Any
    """What the catalog wrote there (normally a catalog key)."""


@dataclass(frozen=True)
class KindFields:
    """What paylinks knows about one Stripe object kind's fields."""

    kind: str
    """Name used across the layers (``payment_link``): `validate_resource`, adoption, review."""
    section: str
    """Catalog section holding entries of this kind (``payment_links``)."""
    label: str
    """How users call it (``payment link``)."""
    model: type[StripeModel]
    """The pydantic model validating one entry (its `rules` are the kind's own rules)."""
    api_path: str
    """Stripe's collection path (``/v1/payment_links``); update is ``<api_path>/{id}``."""
    fields: Mapping[str, Lifecycle]
    """Every catalog field with its lifecycle."""
    references: Mapping[ReferencePath, str] = field(default_factory=dict)
    """Where the entry names other catalog entries, and their kind."""
    fixed_inside: frozenset[ReferencePath] = frozenset()
    """Nested fields of an updatable field that the update can't change (a line item's
    ``price``): a different value there still means a new object."""
    not_offered: Mapping[str, str] = field(default_factory=dict)
    """Stripe parameters the catalog deliberately leaves out, with the reason."""

    def _with(self, *lifecycles: Lifecycle) -> frozenset[str]:
        return frozenset(name for name, mode in self.fields.items() if mode in lifecycles)

    @property
    def updatable(self) -> frozenset[str]:
        """Fields Stripe changes in place (``POST <api_path>/{id}`` takes them)."""
        return self._with(Lifecycle.UPDATABLE, Lifecycle.UPDATE_ONLY)

    @property
    def fixed(self) -> frozenset[str]:
        """Fields only create takes: a change means a new object."""
        return self._with(Lifecycle.FIXED)

    @property
    def update_only(self) -> frozenset[str]:
        """Fields create does not take: applied by an update right after create."""
        return self._with(Lifecycle.UPDATE_ONLY)

    @property
    def attached(self) -> frozenset[str]:
        """Fields that are sub-resources (``<api_path>/{id}/<field>``), never sent with the
        object itself: a product's ``features``."""
        return self._with(Lifecycle.ATTACHED)

    def reference_fields(self) -> frozenset[str]:
        """Top-level fields holding references, directly or nested."""
        return frozenset(path[0] for path in self.references)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """``Annotated[T, *marks]`` → ``(T, marks)``; anything else → ``(annotation, [])``."""
    if get_origin(annotation) is Annotated:
        base, *marks = get_args(annotation)
        inner, more = _unwrap(base)
        return inner, [*marks, *more]
    return annotation, []


def _marks_in(
    annotation: Any, marks: list[Any], at: ReferencePath
) -> list[tuple[ReferencePath, Any]]:
    """Every mark (`Reference`, `Lifecycle`) on `annotation` and inside it, with its path."""
    annotation, more = _unwrap(annotation)
    found = [(at, mark) for mark in [*marks, *more] if isinstance(mark, Reference | Lifecycle)]
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            found += _marks_in(arg, [], at)
    elif origin in (list, tuple, typing.Sequence):
        found += _marks_in(get_args(annotation)[0], [], (*at, EVERY_ITEM))
    elif origin in (dict, typing.Mapping):
        found += _marks_in(get_args(annotation)[1], [], (*at, EVERY_ITEM))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            found += _marks_in(info.annotation, list(info.metadata), (*at, name))
    return found


def describe(
    kind: str,
    model: type[StripeModel],
    *,
    section: str,
    api_path: str,
    not_offered: Mapping[str, str] | None = None,
) -> KindFields:
    """Read a model's marks; a top-level field without exactly one lifecycle mark is a bug."""
    lifecycles: dict[str, Lifecycle] = {}
    references: dict[ReferencePath, str] = {}
    fixed_inside: set[ReferencePath] = set()
    for name, info in model.model_fields.items():
        marks = [m for m in info.metadata if isinstance(m, Lifecycle)]
        if len(marks) != 1:
            raise TypeError(
                f"{model.__name__}.{name} needs exactly one lifecycle mark (UPDATABLE, FIXED or "
                "UPDATE_ONLY from schemas.lifecycle): check Stripe's create and update parameters"
            )
        lifecycles[name] = marks[0]
        for path, mark in _marks_in(info.annotation, list(info.metadata), (name,)):
            if isinstance(mark, Reference):
                references[path] = mark.kind
            elif mark is Lifecycle.FIXED and len(path) > 1:
                fixed_inside.add(path)
    return KindFields(
        kind=kind,
        section=section,
        label=kind.replace("_", " "),
        model=model,
        api_path=api_path,
        fields=lifecycles,
        references=references,
        fixed_inside=frozenset(fixed_inside),
        not_offered=dict(not_offered or {}),
    )


KINDS: Mapping[str, KindFields] = {
    description.kind: description
    for description in (
        describe(
            "entitlement_feature",
            EntitlementFeatureSpec,
            section="entitlement_features",
            api_path="/v1/entitlements/features",
            not_offered={
                "active": "archiving a feature is permanent in Stripe (it can't be reactivated): "
                "remove the feature from the catalog to archive it",
            },
        ),
        describe(
            "product",
            ProductSpec,
            section="products",
            api_path="/v1/products",
            not_offered={
                "default_price": "a product's default price would reference a price of its own "
                "(a cycle); links name their prices directly",
                "default_price_data": "prices are catalog entries of their own",
            },
        ),
        describe(
            "price",
            PriceSpec,
            section="prices",
            api_path="/v1/prices",
            not_offered={
                "product_data": "products are catalog entries of their own",
                "transfer_lookup_key": "sent by the provider whenever a lookup key moves",
            },
        ),
        describe(
            "coupon",
            CouponSpec,
            section="coupons",
            api_path="/v1/coupons",
            not_offered={
                "id": "paylinks names coupons by catalog key and finds its own by metadata; "
                "customers type promotion codes, never coupon ids",
                "currency_options": "multi-currency amount-off coupons are not offered yet",
            },
        ),
        describe(
            "promotion_code",
            PromotionCodeSpec,
            section="promotion_codes",
            api_path="/v1/promotion_codes",
            not_offered={
                "customer": "codes for one customer are per-customer data, not catalog",
                "customer_account": "codes for one customer are per-customer data, not catalog",
            },
        ),
        describe(
            "shipping_rate",
            ShippingRateSpec,
            section="shipping_rates",
            api_path="/v1/shipping_rates",
        ),
        describe(
            "payment_link",
            PaymentLinkSpec,
            section="payment_links",
            api_path="/v1/payment_links",
        ),
        describe(
            "webhook_endpoint",
            WebhookEndpointSpec,
            section="webhook_endpoints",
            api_path="/v1/webhook_endpoints",
            not_offered={"connect": "endpoints for connected accounts are out of scope"},
        ),
    )
}
"""Every kind, in dependency order (what others reference comes first)."""

for _description in KINDS.values():
    for _path, _target in _description.references.items():
        if _target not in KINDS:
            raise TypeError(
                f"{_description.kind} {'.'.join(_path)} references unknown kind {_target!r}"
            )


def kind_fields(kind: str) -> KindFields:
    """The description of `kind`; ValueError names the known kinds."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}") from None


def _sites(
    value: Any, path: ReferencePath, at: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if not path:
        yield at, value
        return
    step, rest = path[0], path[1:]
    if step == EVERY_ITEM:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _sites(item, rest, (*at, index))
        elif isinstance(value, Mapping):
            for name, item in value.items():
                yield from _sites(item, rest, (*at, name))
    elif isinstance(value, Mapping) and step in value:
        yield from _sites(value[step], rest, (*at, step))


def reference_sites(kind: str, entry: Any) -> list[ReferenceSite]:
    """Every reference in one entry's (possibly ill-typed) data, in field order."""
    sites = []
    for path, target in kind_fields(kind).references.items():
        for where, value in _sites(entry, path, ()):
            if value is not None:
                sites.append(ReferenceSite(where, target, value))
    return sites


def resolve_references(
    kind: str, entry: Mapping[str, Any], resolve: Callable[[str, str], Any]
) -> dict[str, Any]:
    """A copy of `entry` with each reference replaced by ``resolve(kind, key)`` (a Stripe id)."""
    resolved: dict[str, Any] = copy.deepcopy(dict(entry))
    for site in reference_sites(kind, entry):
        if not isinstance(site.value, str):
            continue
        holder: Any = resolved
        for step in site.path[:-1]:
            holder = holder[step]
        holder[site.path[-1]] = resolve(site.kind, site.value)
    return resolved
