"""Our one description of each kind agrees with the OpenAPI spec of the pinned Stripe API version.

The spec (stripe-mock's embedded spec3.json, read from the Go module cache: see
`tests.stripe_spec`) says which parameters ``POST /v1/<objects>`` and ``POST /v1/<objects>/{id}``
take. A field is UPDATABLE exactly when the update takes it, FIXED when only create takes it, and
UPDATE_ONLY when only update does, ATTACHED when it is no parameter but a sub-resource
``<api_path>/{id}/<field>`` the spec creates and deletes; every parameter of the spec is either a
catalog field or listed as not offered, with a reason. So a new Stripe API version that makes a
field updatable (or adds one) fails here, naming the field and what to change.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import stripe
from pydantic import BaseModel

from schemas.kinds import EVERY_ITEM, KINDS, KindFields, ReferencePath
from schemas.lifecycle import Lifecycle
from tests.stripe_spec import item_schema, properties, stripe_spec, write_params

IGNORED_PARAMS = frozenset({"expand"})
"""Parameters of every call that say how to answer, not what to store."""


def _params(description: KindFields, *, update: bool) -> set[str]:
    return set(write_params(stripe_spec(), description.api_path, update=update)) - IGNORED_PARAMS


def test_the_spec_is_the_api_version_stripe_python_pins() -> None:
    assert stripe_spec()["info"]["version"] == stripe.api_version


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_field_lifecycle_is_what_the_pinned_spec_says(kind: str) -> None:
    description = KINDS[kind]
    create, update = _params(description, update=False), _params(description, update=True)
    expected = {
        Lifecycle.UPDATABLE: lambda f: f in create and f in update,
        Lifecycle.FIXED: lambda f: f in create and f not in update,
        Lifecycle.UPDATE_ONLY: lambda f: f not in create and f in update,
    }
    wrong = []
    for name, lifecycle in sorted(description.fields.items()):
        if lifecycle is Lifecycle.ATTACHED:
            wrong += _sub_resource_problems(description, name, create | update)
            continue
        if not expected[lifecycle](name):
            actual = (
                "not a parameter at all"
                if name not in create | update
                else "UPDATABLE"
                if name in create and name in update
                else "FIXED"
                if name in create
                else "UPDATE_ONLY"
            )
            wrong.append(
                f"{description.model.__name__}.{name}: marked {lifecycle.name}, spec says {actual}"
            )
    assert wrong == [], "\n".join(wrong)


def _sub_resource_problems(description: KindFields, name: str, params: set[str]) -> list[str]:
    """An ATTACHED field: no parameter of the object, but a sub-resource the spec attaches
    (POST) and detaches (DELETE) one item at a time."""
    where = f"{description.model.__name__}.{name}"
    if name in params:
        return [f"{where}: marked ATTACHED, but the object's own create or update takes it"]
    prefix = description.api_path + "/{"
    collection = [
        path
        for path in stripe_spec()["paths"]
        if path.startswith(prefix) and path.endswith("}/" + name)
        and path.count("/") ==
        description.api_path.count("/") + 2
    ]
    if len(collection) != 1:
        return [f"{where}: marked ATTACHED, but the spec has no {prefix}...}}/{name}"]
    item = [p for p in stripe_spec()["paths"] if p.startswith(collection[0] + "/{")]
    methods = set(stripe_spec()["paths"][collection[0]]) | {
        method for path in item for method in stripe_spec()["paths"][path]
    }
    missing = {"post", "delete", "get"} - methods
    return [f"{where}: the spec's {collection[0]} lacks {sorted(missing)}"] if missing else []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_spec_parameter_is_a_catalog_field_or_left_out_on_purpose(kind: str) -> None:
    description = KINDS[kind]
    spec_params = _params(description, update=False) | _params(description, update=True)
    missing = spec_params - set(description.fields) - set(description.not_offered)
    assert missing == set(), (
        f"Stripe's {description.api_path} takes {sorted(missing)}: add each to "
        f"{description.model.__name__} with its lifecycle mark, or to not_offered in "
        "schemas/kinds.py with the reason"
    )
    assert set(description.not_offered) <= spec_params, "not_offered names a parameter Stripe lacks"


def _spec_at(schema: Mapping[str, Any], path: ReferencePath) -> Mapping[str, Any] | None:
    for step in path:
        found = item_schema(schema) if step == EVERY_ITEM else properties(schema).get(step)
        if found is None:
            return None
        schema = found
    return schema


@pytest.mark.parametrize("kind", list(KINDS))
def test_fixed_fields_inside_updatable_ones_are_missing_from_the_update(kind: str) -> None:
    description = KINDS[kind]
    for path in description.fixed_inside:
        create = {"properties": write_params(stripe_spec(), description.api_path)}
        update = {"properties": write_params(stripe_spec(), description.api_path, update=True)}
        assert _spec_at(create, path) is not None, path
        assert _spec_at(update, path) is None, f"{path}: the update takes it, so it isn't fixed"


def _model_paths(annotation: Any, here: ReferencePath = ()) -> list[ReferencePath]:
    """Every field path of a model, nested models and list items included."""
    if get_origin(annotation) is Annotated:
        return _model_paths(get_args(annotation)[0], here)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [p for arg in get_args(annotation) for p in _model_paths(arg, here)]
    if origin is list:
        return _model_paths(get_args(annotation)[0], (*here, EVERY_ITEM))
    if origin is dict:
        return _model_paths(get_args(annotation)[1], (*here, EVERY_ITEM))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [
            path
            for name, info in annotation.model_fields.items()
            for path in [(*here, name), *_model_paths(info.annotation, (*here, name))]
        ]
    return []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_nested_catalog_field_is_a_stripe_parameter(kind: str) -> None:
    description = KINDS[kind]
    create = {"properties": write_params(stripe_spec(), description.api_path)}
    update = {"properties": write_params(stripe_spec(), description.api_path, update=True)}
    unknown = [
        ".".join(path)
        for path in _model_paths(description.model)
        if path[-1] != EVERY_ITEM
        and path[0] not in description.attached
        and _spec_at(create, path) is None
        and _spec_at(update, path) is None
    ]
    assert unknown == [], f"{description.model.__name__} fields Stripe doesn't take: {unknown}"
