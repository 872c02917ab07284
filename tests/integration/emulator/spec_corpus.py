"""A corpus of requests drawn from the pinned OpenAPI spec, for every route the emulator serves.

Each case is one base request (the smallest request Stripe accepts for the route, using objects
of a `World` created beforehand) plus one change to one parameter, at any depth the spec
describes:

- ``present``: the parameter with a valid value drawn from its schema (nested hashes filled in);
- ``absent``: a required parameter left out;
- ``wrong_type``: a value of another shape (text for an integer, boolean or hash; a hash for
  a string);
- ``empty``: ``''``, which Stripe reads as "unset" where the spec allows it;
- ``unknown`` / ``nested_unknown``: a key the spec doesn't have, at the top or inside a hash;
- ``too_long``: a string one character over the spec's ``maxLength``.

Values come from hypothesis strategies (draw them with ``data.draw``), so a seeded run is
reproducible. `Case.spec_verdict` says what the spec itself decides, for the two things
stripe-mock doesn't check (unknown keys inside hashes and lengths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

__all__ = ["Case", "Route", "World", "cases", "distinct", "served_routes"]

Schema = Mapping[str, Any]
Strategy = st.SearchStrategy[Any]

UNKNOWN_KEY = "zz_not_a_stripe_param"
MAX_DEPTH = 4


@dataclass(frozen=True)
class World:
    """Ids of objects created on the emulator before the corpus runs."""

    product: str
    price: str
    recurring_price: str
    link: str
    link_item: str
    webhook: str
    spare_product: str
    spare_price: str
    spare_link: str
    spare_webhook: str
    shipping_rate: str
    spare_shipping_rate: str
    coupon: str
    spare_coupon: str
    promotion_code: str
    spare_promotion_code: str
    feature: str
    spare_feature: str
    product_feature: str
    customer: str
    subscription: str


@dataclass(frozen=True)
class Route:
    """One Stripe route the emulator serves, with its parameters as the spec gives them."""

    method: str
    spec_path: str
    path: str
    params: Mapping[str, Schema]
    required: frozenset[str]
    base: Mapping[str, Any]
    expandable: tuple[str, ...]
    """What `expand[]` may name on the answer, per the spec's ``x-expandableFields``."""

    @property
    def name(self) -> str:
        return f"{self.method} {self.spec_path}"


@dataclass(frozen=True)
class Case:
    """One request to send: the route, the change made, and how to draw its params."""

    route: Route
    kind: str
    param: str
    params: Strategy = field(compare=False)
    spec_verdict: bool | None = None
    """True/False when the spec alone decides (stripe-mock is blind there); None: ask it."""

    def __str__(self) -> str:
        return f"{self.route.name} {self.kind} {self.param}"


# --- the routes ---------------------------------------------------------------------------

_SERVED: list[tuple[str, str, Callable[[World], str]]] = [
    ("POST", "/v1/products", lambda w: "/v1/products"),
    ("GET", "/v1/products", lambda w: "/v1/products"),
    ("GET", "/v1/products/{id}", lambda w: f"/v1/products/{w.product}"),
    ("POST", "/v1/products/{id}", lambda w: f"/v1/products/{w.spare_product}"),
    ("POST", "/v1/prices", lambda w: "/v1/prices"),
    ("GET", "/v1/prices", lambda w: "/v1/prices"),
    ("GET", "/v1/prices/{price}", lambda w: f"/v1/prices/{w.price}"),
    ("POST", "/v1/prices/{price}", lambda w: f"/v1/prices/{w.spare_price}"),
    ("POST", "/v1/payment_links", lambda w: "/v1/payment_links"),
    ("GET", "/v1/payment_links", lambda w: "/v1/payment_links"),
    ("GET", "/v1/payment_links/{payment_link}", lambda w: f"/v1/payment_links/{w.link}"),
    (
        "POST",
        "/v1/payment_links/{payment_link}",
        lambda w: f"/v1/payment_links/{w.spare_link}",
    ),
    (
        "GET",
        "/v1/payment_links/{payment_link}/line_items",
        lambda w: f"/v1/payment_links/{w.link}/line_items",
    ),
    ("POST", "/v1/webhook_endpoints", lambda w: "/v1/webhook_endpoints"),
    ("GET", "/v1/webhook_endpoints", lambda w: "/v1/webhook_endpoints"),
    (
        "GET",
        "/v1/webhook_endpoints/{webhook_endpoint}",
        lambda w: f"/v1/webhook_endpoints/{w.webhook}",
    ),
    (
        "POST",
        "/v1/webhook_endpoints/{webhook_endpoint}",
        lambda w: f"/v1/webhook_endpoints/{w.spare_webhook}",
    ),
    ("POST", "/v1/shipping_rates", lambda w: "/v1/shipping_rates"),
    ("GET", "/v1/shipping_rates", lambda w: "/v1/shipping_rates"),
    (
        "GET",
        "/v1/shipping_rates/{shipping_rate_token}",
        lambda w: f"/v1/shipping_rates/{w.shipping_rate}",
    ),
    (
        "POST",
        "/v1/shipping_rates/{shipping_rate_token}",
        lambda w: f"/v1/shipping_rates/{w.spare_shipping_rate}",
    ),
    ("POST", "/v1/coupons", lambda w: "/v1/coupons"),
    ("GET", "/v1/coupons", lambda w: "/v1/coupons"),
    ("GET", "/v1/coupons/{coupon}", lambda w: f"/v1/coupons/{w.coupon}"),
    ("POST", "/v1/coupons/{coupon}", lambda w: f"/v1/coupons/{w.spare_coupon}"),
    ("POST", "/v1/promotion_codes", lambda w: "/v1/promotion_codes"),
    ("GET", "/v1/promotion_codes", lambda w: "/v1/promotion_codes"),
    (
        "GET",
        "/v1/promotion_codes/{promotion_code}",
        lambda w: f"/v1/promotion_codes/{w.promotion_code}",
    ),
    (
        "POST",
        "/v1/promotion_codes/{promotion_code}",
        lambda w: f"/v1/promotion_codes/{w.spare_promotion_code}",
    ),
    ("POST", "/v1/entitlements/features", lambda w: "/v1/entitlements/features"),
    ("GET", "/v1/entitlements/features", lambda w: "/v1/entitlements/features"),
    ("GET", "/v1/entitlements/features/{id}", lambda w: f"/v1/entitlements/features/{w.feature}"),
    (
        "POST",
        "/v1/entitlements/features/{id}",
        lambda w: f"/v1/entitlements/features/{w.spare_feature}",
    ),
    (
        "POST",
        "/v1/products/{product}/features",
        lambda w: f"/v1/products/{w.spare_product}/features",
    ),
    ("GET", "/v1/products/{product}/features", lambda w: f"/v1/products/{w.product}/features"),
    (
        "GET",
        "/v1/products/{product}/features/{id}",
        lambda w: f"/v1/products/{w.product}/features/{w.product_feature}",
    ),
    ("GET", "/v1/customers", lambda w: "/v1/customers"),
    ("GET", "/v1/customers/{customer}", lambda w: f"/v1/customers/{w.customer}"),
    ("GET", "/v1/subscriptions", lambda w: "/v1/subscriptions"),
    (
        "GET",
        "/v1/subscriptions/{subscription_exposed_id}",
        lambda w: f"/v1/subscriptions/{w.subscription}",
    ),
    (
        "GET",
        "/v1/entitlements/active_entitlements",
        lambda w: "/v1/entitlements/active_entitlements",
    ),
]
"""Every Stripe API route the emulator answers for the catalog kinds."""

UNIQUE_PER_ACCOUNT: dict[str, str] = {"/v1/entitlements/features": "lookup_key"}
"""Create routes whose parameter Stripe keeps unique per account: each request gets its own
value (`distinct`), so an accepted create isn't refused for a value an earlier case took."""


def distinct(route: Route, params: dict[str, Any], number: int) -> dict[str, Any]:
    """`params` with the route's unique-per-account value made unique by `number`."""
    name = UNIQUE_PER_ACCOUNT.get(route.spec_path) if route.method == "POST" else None
    if name is None or not isinstance(params.get(name), str) or params[name] == "":
        return params
    return {**params, name: f"{params[name]}{number}"}


def _base(method: str, spec_path: str, world: World) -> dict[str, Any]:
    """The smallest request Stripe accepts on the route (its required parameters)."""
    if spec_path == "/v1/entitlements/active_entitlements":
        return {"customer": world.customer}
    if method != "POST" or ("{" in spec_path and not spec_path.endswith("/features")):
        return {}
    return {
        "/v1/products": {"name": "Corpus product"},
        "/v1/prices": {"currency": "usd", "product": world.product, "unit_amount": 500},
        "/v1/payment_links": {"line_items": [{"price": world.price, "quantity": 1}]},
        "/v1/webhook_endpoints": {
            "url": "https://example.com/corpus",
            "enabled_events": ["payment_link.created"],
        },
        "/v1/shipping_rates": {
            "display_name": "Corpus shipping",
            "fixed_amount": {"amount": 500, "currency": "usd"},
        },
        "/v1/coupons": {"percent_off": 10},
        "/v1/promotion_codes": {"promotion": {"type": "coupon", "coupon": world.coupon}},
        "/v1/entitlements/features": {"name": "Corpus feature", "lookup_key": "corpus"},
        "/v1/products/{product}/features": {"entitlement_feature": world.feature},
    }[spec_path]


def route_params(spec: Schema, method: str, spec_path: str) -> tuple[dict[str, Schema], set[str]]:
    """A route's parameters (form body for POST, query string for GET) and the required ones."""
    operation = spec["paths"][spec_path][method.lower()]
    if method == "POST":
        content = operation.get("requestBody", {}).get("content", {})
        schema = content.get("application/x-www-form-urlencoded", {}).get("schema", {})
        return dict(schema.get("properties", {})), set(schema.get("required", ()))
    query = [p for p in operation.get("parameters", ()) if p["in"] == "query"]
    return {p["name"]: p["schema"] for p in query}, {p["name"] for p in query if p.get("required")}


def expandable(spec: Schema, method: str, spec_path: str) -> tuple[str, ...]:
    """The expansion paths of a route's answer (``data.<field>`` for lists)."""
    answer = spec["paths"][spec_path][method.lower()]["responses"]["200"]["content"]
    schema = answer["application/json"]["schema"]
    prefix = ""
    if "anyOf" in schema:  # a customer, or the deleted customer: the first is the object
        schema = schema["anyOf"][0]
    if "$ref" not in schema:
        schema, prefix = schema["properties"]["data"]["items"], "data."
    component = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return tuple(prefix + name for name in component.get("x-expandableFields", ()))


def served_routes(spec: Schema, world: World) -> list[Route]:
    """The routes the emulator serves, each with its spec parameters and base request."""
    routes = []
    for method, spec_path, concrete in _SERVED:
        params, required = route_params(spec, method, spec_path)
        routes.append(
            Route(
                method,
                spec_path,
                concrete(world),
                params,
                frozenset(required),
                _base(method, spec_path, world),
                expandable(spec, method, spec_path),
            )
        )
    return routes


# --- values drawn from a schema ----------------------------------------------------------


def _branches(schema: Schema) -> list[Schema]:
    """The non-empty alternatives of a schema (Stripe writes "or ''" as an anyOf)."""
    if "anyOf" in schema:
        found = []
        for branch in schema["anyOf"]:
            found += _branches(branch)
        return found
    if schema.get("enum") == [""]:
        return []
    return [schema]


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def _reference(name: str, world: World, depth: int) -> Strategy | None:
    """Ids for parameters that name another object: taken from the world."""
    ids = {
        "price": world.price,
        "product": world.product,
        "default_price": world.spare_price,
        "entitlement_feature": world.feature,
        "customer": world.customer,
    }
    if name == "id" and depth > 0:  # payment link line items, on update
        return st.just(world.link_item)
    if name in ids:
        return st.just(ids[name])
    if name == "currency" or name.endswith("_currency"):  # `minimum_amount_currency` too
        return st.just("usd")
    if name in ("url",):
        return _WORD.map(lambda w: f"https://example.com/{w}")
    if name == "enabled_events":
        return st.just(["payment_link.updated"])
    return None


def valid(schema: Schema, name: str, world: World, depth: int = 0) -> Strategy:
    """A value the schema allows (an object with its required keys and some optional ones)."""
    reference = _reference(name, world, depth)
    if reference is not None:
        return reference
    branches = _branches(schema)
    if not branches:
        return st.just("")
    return st.one_of(*(_valid_branch(b, name, world, depth) for b in branches[:3]))


def _valid_branch(schema: Schema, name: str, world: World, depth: int) -> Strategy:
    kind = schema.get("type")
    if "enum" in schema:
        values = [v for v in schema["enum"] if v != ""]
        return st.sampled_from(values) if values else st.just("")
    if kind == "string" and schema.get("format") == "decimal":
        return st.sampled_from(["1.5", "12", "0.25", "1000"])
    if kind == "string":
        limit = max(1, min(int(schema.get("maxLength", 20)), 20))
        return st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=limit).filter(
            lambda s: s.strip() == s and s != ""
        )
    if kind == "integer":
        return st.integers(min_value=1, max_value=20)
    if kind == "number":
        return st.sampled_from([0.5, 1.0, 2.5, 10.0])
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        item = schema.get("items", {"type": "string"})
        return st.lists(valid(item, name, world, depth + 1), min_size=1, max_size=2)
    if kind == "object":
        props = schema.get("properties")
        if not props:
            extra = schema.get("additionalProperties")
            values = valid(extra, name, world, depth + 1) if isinstance(extra, Mapping) else _WORD
            return st.dictionaries(_WORD, values, min_size=1, max_size=2)
        required = set(schema.get("required", ()))
        optional = (
            {}
            if depth >= MAX_DEPTH
            else {k: valid(v, k, world, depth + 1) for k, v in props.items() if k not in required}
        )
        return st.fixed_dictionaries(
            {k: valid(props[k], k, world, depth + 1) for k in sorted(required)}, optional=optional
        )
    return _WORD


# --- paths into a parameter and mutated values --------------------------------------------


def _object_branch(schema: Schema) -> Schema | None:
    return next((b for b in _branches(schema) if b.get("properties")), None)


def _array_branch(schema: Schema) -> Schema | None:
    return next((b for b in _branches(schema) if b.get("type") == "array"), None)


def paths(schema: Schema, depth: int = 0) -> Iterator[tuple[tuple[str, ...], Schema]]:
    """Every nested parameter under `schema`: (steps, schema); ``"0"`` steps into arrays."""
    if depth >= MAX_DEPTH:
        return
    obj = _object_branch(schema)
    if obj is not None:
        for key, sub in obj["properties"].items():
            yield (key,), sub
            for rest, leaf in paths(sub, depth + 1):
                yield (key, *rest), leaf
    array = _array_branch(schema)
    if array is not None:
        items = array.get("items", {})
        if _object_branch(items) is not None:
            for rest, leaf in paths(items, depth + 1):
                yield ("0", *rest), leaf


def with_value_at(
    schema: Schema, name: str, steps: tuple[str, ...], leaf: Strategy, world: World
) -> Strategy:
    """A valid value for `schema` whose part at `steps` is drawn from `leaf` instead."""
    if not steps:
        return leaf
    head, rest = steps[0], steps[1:]
    if head == "0":
        array = _array_branch(schema)
        assert array is not None
        return with_value_at(array.get("items", {}), name, rest, leaf, world).map(
            lambda value: [value]
        )
    obj = _object_branch(schema)
    assert obj is not None
    props = obj["properties"]
    required = [k for k in obj.get("required", ()) if k != head]
    others = {k: valid(props[k], k, world, MAX_DEPTH) for k in required}
    inner = with_value_at(props.get(head, {}), head, rest, leaf, world)
    return st.fixed_dictionaries({**others, head: inner})


def wrong_type(schema: Schema) -> Strategy | None:
    """A value of the wrong shape for `schema`, or None when any shape would do."""
    kinds = {b.get("type") for b in _branches(schema)}
    if not kinds or kinds == {None}:
        return None
    if kinds & {"object", "array"} and "string" not in kinds:
        return st.sampled_from(["notahash", "12"])
    if "integer" in kinds or "number" in kinds:
        return st.sampled_from(["twelve", "1.5e", "0x10"]) if "integer" in kinds else st.just("x")
    if "boolean" in kinds:
        return st.sampled_from(["maybe", "yes please"])
    if kinds == {"string"}:
        return st.just({"nested": "hash"})
    return None


_EXCLUSIVE_WITH_BASE: dict[str, tuple[str, ...]] = {
    "product_data": ("product",),
    "custom_unit_amount": ("unit_amount",),
    "unit_amount_decimal": ("unit_amount",),
    "tiers": ("unit_amount",),
}
"""Base parameters a parameter can't be sent with (Stripe's "only one of")."""


def _empty_verdict(schema: Schema) -> bool | None:
    """``''``: allowed where the spec says "or ''"; refused for what can't be a string (an
    integer, a hash, an enum, a currency...), which stripe-mock lets through; else ask it."""
    if _accepts_empty(schema):
        return True
    plain = [
        b
        for b in _branches(schema)
        if b.get("type") == "string" and "enum" not in b and "format" not in b
    ]
    return None if plain else False


def _accepts_empty(schema: Schema) -> bool:
    if "" in schema.get("enum", ()):
        return True
    return any(_accepts_empty(b) for b in schema.get("anyOf", ()))


def _expand_cases(route: Route, base: dict[str, Any], add: Callable[..., None]) -> None:
    """One case per expandable field (accepted), and one field the spec doesn't list."""
    for path in route.expandable:
        add(route, "present", f"expand[{path}]", st.just({**base, "expand": [path]}), True)
    add(
        route,
        "unknown",
        f"expand[{UNKNOWN_KEY}]",
        st.just({**base, "expand": [UNKNOWN_KEY]}),
        False,
    )


def _bracket(name: str, steps: tuple[str, ...]) -> str:
    return name + "".join(f"[{s}]" for s in steps)


def cases(routes: list[Route], world: World) -> list[Case]:
    """Every (route, parameter, change) case, in a stable order."""
    found: list[Case] = []

    def add(
        route: Route, kind: str, param: str, value: Strategy, verdict: bool | None = None
    ) -> None:
        found.append(Case(route, kind, param, value, verdict))

    for route in routes:
        base = dict(route.base)
        add(route, "base", "-", st.just(base))
        add(
            route,
            "unknown",
            UNKNOWN_KEY,
            st.just({**base, UNKNOWN_KEY: "1"}),
        )
        for name in sorted(route.required):
            add(route, "absent", name, st.just({k: v for k, v in base.items() if k != name}))
        for name, schema in sorted(route.params.items()):
            gone = (name, *_EXCLUSIVE_WITH_BASE.get(name, ()))
            others = {k: v for k, v in base.items() if k not in gone}
            present = valid(schema, name, world)
            if name == "expand":
                _expand_cases(route, base, add)
            else:
                add(route, "present", name, present.map(lambda v, o=others, n=name: {**o, n: v}))
            add(route, "empty", name, st.just({**others, name: ""}), _empty_verdict(schema))
            bad = wrong_type(schema)
            if bad is not None:
                add(route, "wrong_type", name, bad.map(lambda v, o=others, n=name: {**o, n: v}))
            if _object_branch(schema) is not None:
                value = with_value_at(schema, name, (UNKNOWN_KEY,), st.just("1"), world)
                add(
                    route,
                    "nested_unknown",
                    _bracket(name, (UNKNOWN_KEY,)),
                    value.map(lambda v, o=others, n=name: {**o, n: v}),
                    False,
                )
            for steps, sub in paths(schema):
                _nested_cases(route, name, steps, sub, schema, others, world, add)
            _length_case(route, name, (), schema, schema, others, world, add)
    return found


def _nested_cases(
    route: Route,
    name: str,
    steps: tuple[str, ...],
    sub: Schema,
    schema: Schema,
    others: dict[str, Any],
    world: World,
    add: Callable[..., None],
) -> None:
    def request(leaf: Strategy) -> Strategy:
        return with_value_at(schema, name, steps, leaf, world).map(
            lambda v, o=others, n=name: {**o, n: v}
        )

    param = _bracket(name, steps)
    add(route, "present", param, request(valid(sub, steps[-1], world, MAX_DEPTH - 1)))
    add(route, "empty", param, request(st.just("")), _empty_verdict(sub))
    bad = wrong_type(sub)
    if bad is not None:
        add(route, "wrong_type", param, request(bad))
    if _object_branch(sub) is not None and steps[-1] != "0":
        add(
            route,
            "nested_unknown",
            _bracket(name, (*steps, UNKNOWN_KEY)),
            request(with_value_at(sub, steps[-1], (UNKNOWN_KEY,), st.just("1"), world)),
            False,
        )
    _length_case(route, name, steps, sub, schema, others, world, add)


def _length_case(
    route: Route,
    name: str,
    steps: tuple[str, ...],
    sub: Schema,
    schema: Schema,
    others: dict[str, Any],
    world: World,
    add: Callable[..., None],
) -> None:
    strings = [b for b in _branches(sub) if b.get("type") == "string" and "maxLength" in b]
    if not strings or "enum" in strings[0]:
        return
    limit = int(strings[0]["maxLength"])
    if limit >= 5000:  # Stripe's default; long strings would only slow the corpus down
        return
    value = with_value_at(schema, name, steps, st.just("x" * (limit + 1)), world)
    add(
        route,
        "too_long",
        _bracket(name, steps),
        value.map(lambda v, o=others, n=name: {**o, n: v}),
        False,
    )
