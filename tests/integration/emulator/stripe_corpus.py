"""Hypothesis strategies for a corpus of Stripe create/update requests, valid and invalid.

Valid requests follow Stripe's API reference for the four resources; invalid ones are valid
ones with one mutation Stripe's schema refuses: an unknown parameter (top level or nested), a
wrong type (text for an integer or boolean, a scalar for a hash or an array, a hash for a
string) or a missing required parameter. Ids of existing objects come from `World`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

__all__ = ["Request", "World", "corpus"]


@dataclass(frozen=True)
class World:
    """Objects created beforehand on the emulator, referenced by update and link requests."""

    product: str  # sold in links: never archived by the corpus
    spare_product: str  # updated by the corpus
    price: str  # usd one-time, sold in links
    price_b: str  # usd one-time, sold in links
    spare_price: str  # updated by the corpus
    link: str
    link_item: str
    webhook: str


@dataclass(frozen=True)
class Request:
    """One request of the corpus; `mutation` says how it was made invalid (None: valid)."""

    endpoint: str
    method: str
    path: str
    params: dict[str, Any]
    mutation: str | None = None

    def __str__(self) -> str:
        return (
            f"[{self.endpoint} {self.mutation or 'valid'}] {self.method} {self.path} {self.params}"
        )


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_sentence = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_url = _word.map(lambda w: f"https://example.com/{w}")
_metadata = st.dictionaries(_word, _sentence, max_size=3)
_amount = st.integers(min_value=0, max_value=1_000_000)
_events = st.lists(
    st.sampled_from(
        [
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed",
            "payment_link.created",
            "payment_link.updated",
            "product.updated",
            "price.created",
        ]
    ),
    min_size=1,
    max_size=3,
    unique=True,
)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict with any subset of `fields`."""
    return st.fixed_dictionaries({}, optional=fields)


# Field types per endpoint, for wrong-type mutations: str, int, bool, map, obj, arr.
_TYPES: dict[str, dict[str, str]] = {
    "product.create": {
        "name": "str", "active": "bool", "description": "str", "metadata": "map",
        "images": "arr", "shippable": "bool", "package_dimensions": "obj",
        "marketing_features": "arr", "default_price_data": "obj", "url": "str",
    },
    "product.update": {
        "name": "str", "active": "bool", "metadata": "map", "shippable": "bool",
        "package_dimensions": "obj", "images": "arr",
    },
    "price.create": {
        "currency": "str", "unit_amount": "int", "active": "bool", "metadata": "map",
        "recurring": "obj", "product": "str", "nickname": "str", "custom_unit_amount": "obj",
        "transfer_lookup_key": "bool",
    },
    "price.update": {"active": "bool", "nickname": "str", "transfer_lookup_key": "bool"},
    "payment_link.create": {
        "line_items": "arr", "allow_promotion_codes": "bool", "after_completion": "obj",
        "metadata": "map", "phone_number_collection": "obj", "restrictions": "obj",
        "payment_method_types": "arr", "application_fee_amount": "int",
    },
    "payment_link.update": {
        "active": "bool", "allow_promotion_codes": "bool", "after_completion": "obj",
        "line_items": "arr", "phone_number_collection": "obj", "metadata": "map",
        "consent_collection": "obj", "application_fee_amount": "int",
    },
    "webhook_endpoint.create": {
        "url": "str", "enabled_events": "arr", "metadata": "map", "connect": "bool",
    },
    "webhook_endpoint.update": {
        "url": "str", "enabled_events": "arr", "disabled": "bool", "metadata": "map",
    },
}  # fmt: skip

_REQUIRED: dict[str, tuple[str, ...]] = {
    "product.create": ("name",),
    "price.create": ("currency",),
    "payment_link.create": ("line_items",),
    "webhook_endpoint.create": ("url", "enabled_events"),
}

_WRONG: dict[str, st.SearchStrategy[Any]] = {
    "str": st.just({"nested": "hash"}),
    "int": st.sampled_from(["abc", "1.5", "ten", "1e3"]),
    "bool": st.sampled_from(["maybe", "yes", "no", "2"]),
    "map": st.sampled_from(["not-a-hash", "x"]),
    "obj": st.sampled_from(["not-a-hash", "x"]),
    "arr": st.sampled_from(["not-an-array", "x"]),
}

_NESTED_OBJECTS = {"after_completion", "recurring", "package_dimensions", "phone_number_collection"}


def _product_create() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda name, extra: {"name": name, **extra},
        _sentence,
        _optional(
            active=st.booleans(),
            description=_sentence,
            metadata=_metadata,
            images=st.lists(_url, max_size=2),
            shippable=st.booleans(),
            statement_descriptor=_word,
            unit_label=_word,
            url=_url,
            marketing_features=st.lists(st.fixed_dictionaries({"name": _word}), max_size=2),
            package_dimensions=st.fixed_dictionaries(
                {k: st.floats(0.5, 100) for k in ("height", "length", "weight", "width")}
            ),
            tax_code=st.just("txcd_10000000"),
            default_price_data=st.fixed_dictionaries(
                {"currency": st.just("usd"), "unit_amount": _amount}
            ),
        ),
    )


def _product_update() -> st.SearchStrategy[dict[str, Any]]:
    return _optional(
        name=_sentence,
        active=st.booleans(),
        description=st.one_of(_sentence, st.just("")),
        metadata=_metadata,
        images=st.lists(_url, min_size=1, max_size=2),
        shippable=st.booleans(),
        unit_label=st.one_of(_word, st.just("")),
        url=st.one_of(_url, st.just("")),
    )


def _price_create(world: World) -> st.SearchStrategy[dict[str, Any]]:
    product = st.one_of(
        st.fixed_dictionaries({"product": st.just(world.product)}),
        st.fixed_dictionaries({"product_data": st.fixed_dictionaries({"name": _sentence})}),
    )
    amount = st.one_of(
        st.fixed_dictionaries({"unit_amount": _amount}),
        st.fixed_dictionaries({"unit_amount_decimal": _amount.map(lambda a: f"{a}.5")}),
    )
    recurring = st.fixed_dictionaries(
        {"interval": st.sampled_from(["day", "week", "month", "year"])},
        optional={"interval_count": st.just(1)},
    )
    standard = st.builds(
        lambda p, a, extra: {"currency": "usd", **p, **a, **extra},
        product,
        amount,
        _optional(
            recurring=recurring,
            nickname=_sentence,
            metadata=_metadata,
            tax_behavior=st.sampled_from(["exclusive", "inclusive", "unspecified"]),
            lookup_key=st.uuids().map(str),
            active=st.booleans(),
        ),
    )
    custom = st.builds(
        lambda p, low: {
            "currency": "usd",
            **p,
            "custom_unit_amount": {"enabled": True, "minimum": low, "maximum": low + 1000},
        },
        product,
        st.integers(0, 5000),
    )
    return st.one_of(standard, custom)


def _price_update() -> st.SearchStrategy[dict[str, Any]]:
    return _optional(
        active=st.booleans(),
        nickname=_sentence,
        metadata=_metadata,
        lookup_key=st.uuids().map(str),
        tax_behavior=st.just("exclusive"),
    )


_after_completion = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("hosted_confirmation")},
        optional={"hosted_confirmation": st.fixed_dictionaries({"custom_message": _sentence})},
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("redirect"),
            "redirect": st.fixed_dictionaries(
                {"url": _url.map(lambda u: u + "?s={CHECKOUT_SESSION_ID}")}
            ),
        }
    ),
)
_link_options = {
    "after_completion": _after_completion,
    "allow_promotion_codes": st.booleans(),
    "billing_address_collection": st.sampled_from(["auto", "required"]),
    "customer_creation": st.sampled_from(["always", "if_required"]),
    "metadata": _metadata,
    "payment_method_types": st.lists(
        st.sampled_from(["card", "link", "paypal", "sepa_debit"]), min_size=1, unique=True
    ),
    "phone_number_collection": st.fixed_dictionaries({"enabled": st.booleans()}),
    "submit_type": st.sampled_from(["auto", "book", "donate", "pay"]),
    "tax_id_collection": st.fixed_dictionaries({"enabled": st.booleans()}),
    "custom_text": st.fixed_dictionaries({"submit": st.fixed_dictionaries({"message": _sentence})}),
    "invoice_creation": st.fixed_dictionaries({"enabled": st.booleans()}),
}


def _link_create(world: World) -> st.SearchStrategy[dict[str, Any]]:
    item = st.fixed_dictionaries(
        {"price": st.sampled_from([world.price, world.price_b]), "quantity": st.integers(1, 5)},
        optional={
            "adjustable_quantity": st.fixed_dictionaries(
                {"enabled": st.just(True), "minimum": st.just(1), "maximum": st.just(10)}
            )
        },
    )
    return st.builds(
        lambda items, extra: {"line_items": items, **extra},
        st.lists(item, min_size=1, max_size=3),
        _optional(
            **_link_options,
            restrictions=st.fixed_dictionaries(
                {"completed_sessions": st.fixed_dictionaries({"limit": st.integers(1, 100)})}
            ),
            shipping_address_collection=st.fixed_dictionaries(
                {"allowed_countries": st.lists(st.sampled_from(["US", "GB", "FR"]), min_size=1)}
            ),
            inactive_message=_sentence,
        ),
    )


def _link_update(world: World) -> st.SearchStrategy[dict[str, Any]]:
    return _optional(
        **_link_options,
        active=st.booleans(),
        inactive_message=st.one_of(_sentence, st.just("")),
        line_items=st.lists(
            st.fixed_dictionaries({"id": st.just(world.link_item), "quantity": st.integers(1, 5)}),
            min_size=1,
            max_size=1,
        ),
        restrictions=st.just(""),
        on_behalf_of=st.one_of(st.just("acct_1"), st.just("")),
        transfer_data=st.one_of(
            st.fixed_dictionaries({"destination": st.just("acct_1")}, optional={"amount": _amount}),
            st.just(""),
        ),
        application_fee_amount=st.one_of(_amount, st.just("")),
        consent_collection=_optional(
            promotions=st.sampled_from(["auto", "none"]),
            terms_of_service=st.sampled_from(["none", "required"]),
        ),
        shipping_options=st.one_of(
            st.just([{"shipping_rate": "shr_1"}]),
            st.just(""),
        ),
        optional_items=st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {"price": st.just(world.price_b), "quantity": st.integers(1, 5)}
                ),
                min_size=1,
                max_size=2,
            ),
            st.just(""),
        ),
    )


def _webhook_create() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda url, events, extra: {"url": url, "enabled_events": events, **extra},
        _url,
        _events,
        _optional(
            description=_sentence,
            metadata=_metadata,
            api_version=st.sampled_from(["2024-06-20", "2025-09-30.clover"]),
            connect=st.booleans(),
        ),
    )


def _webhook_update() -> st.SearchStrategy[dict[str, Any]]:
    return _optional(
        url=_url,
        enabled_events=_events,
        disabled=st.booleans(),
        description=st.one_of(_sentence, st.just("")),
        metadata=_metadata,
    )


def _valid(world: World) -> st.SearchStrategy[Request]:
    def req(endpoint: str, path: str, params: st.SearchStrategy[dict[str, Any]]) -> Any:
        return params.map(lambda p: Request(endpoint, "POST", path, p))

    return st.one_of(
        req("product.create", "/v1/products", _product_create()),
        req("product.update", f"/v1/products/{world.spare_product}", _product_update()),
        req("price.create", "/v1/prices", _price_create(world)),
        req("price.update", f"/v1/prices/{world.spare_price}", _price_update()),
        req("payment_link.create", "/v1/payment_links", _link_create(world)),
        req("payment_link.update", f"/v1/payment_links/{world.link}", _link_update(world)),
        req("webhook_endpoint.create", "/v1/webhook_endpoints", _webhook_create()),
        req("webhook_endpoint.update", f"/v1/webhook_endpoints/{world.webhook}", _webhook_update()),
    )


@st.composite
def _mutated(draw: st.DrawFn, world: World) -> Request:
    base = draw(_valid(world))
    params = dict(base.params)
    choices = ["unknown", "wrong_type"]
    if base.endpoint in _REQUIRED:
        choices.append("missing_required")
    nested = [k for k in params if k in _NESTED_OBJECTS and isinstance(params[k], dict)]
    if nested:
        choices.append("unknown_nested")
    mutation = draw(st.sampled_from(choices))
    if mutation == "unknown":
        params[draw(st.sampled_from(["zz_unknown", "unit_amount_x", "prices", "secret"]))] = "1"
    elif mutation == "unknown_nested":
        key = draw(st.sampled_from(nested))
        params[key] = {**params[key], "bogus_field": "1"}
    elif mutation == "missing_required":
        del params[draw(st.sampled_from(_REQUIRED[base.endpoint]))]
    else:
        field = draw(st.sampled_from(sorted(_TYPES[base.endpoint])))
        params[field] = draw(_WRONG[_TYPES[base.endpoint][field]])
        mutation = f"wrong_type:{field}"
    return Request(base.endpoint, base.method, base.path, params, mutation)


def corpus(world: World) -> st.SearchStrategy[Request]:
    """About half valid, half invalid requests over the four resources."""
    return st.sampled_from(["valid", "invalid", "invalid"]).flatmap(
        lambda kind: _valid(world) if kind == "valid" else _mutated(world)
    )
