"""The lifecycle every paylinks resource shares, written once; subclasses only translate to Stripe.

How the pieces fit Pulumi's dynamic-provider protocol:

* ``check`` runs the catalog rules from `schemas` on the inputs, so a broken rule fails at
  *preview*, naming the field, before any Stripe call.
* Outputs are the *declared* inputs (normalised, e.g. a lower-case ``currency``) plus computed
  fields (``stripe_id``, ``url``, ``secret``...). The engine hands ``diff``/``update`` the old
  *outputs*, so comparing declared fields against them is comparing intent with intent; ``read``
  overwrites declared fields with what Stripe reports, which is how drift shows and is repaired.
* ``diff`` compares meaningful fields only (never ``__provider``): a changed field Stripe cannot
  update plans a replacement, created before the old object is retired (links never go missing).
* ``create`` adopts an object this scope+key already owns (see `adoption`) before making one.
* ``delete`` retires: archive or deactivate what Stripe cannot delete.
* Every object records the Stripe it lives in (``stripe_target``, see `stripe_target`);
  ``diff``, ``update``, ``read`` and ``delete`` refuse, before any request for it, to run it
  against another Stripe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import stripe
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from schemas.kinds import KindFields, kind_fields
from schemas.numbers import integral_floats_to_int
from schemas.unknown import contains_unknown

from . import stripe_client
from .adoption import AdoptionIndex, index_for
from .dynamic_server import with_unknown_markers
from .errors import ConfigurationError, InputError, StripeCallError
from .idempotency import create_key, one_call_key
from .matching import declared_matches, without_nulls
from .ownership import metadata_changes, owner_of, stripe_metadata, user_metadata
from .stripe_client import StripeObject
from .stripe_target import StripeIdentity

__all__ = [
    "IDENTITY_FIELDS",
    "PROVIDER_KEY",
    "TARGET_FIELD",
    "StripeResourceProvider",
    "fetch_or_none",
    "was_replayed",
]

PROVIDER_KEY = "__provider"
"""Input holding the pickled provider; it says nothing about the Stripe object."""

IDENTITY_FIELDS = ("scope", "key")
"""Inputs naming the object's owner; a change means a different object, so a replacement."""

TARGET_FIELD = "stripe_target"
"""Output recording which Stripe the object lives in (`StripeIdentity.text`, not secret)."""


def _metadata_text(value: Any) -> str:
    """A metadata value as Stripe will store it (``true``, ``3``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class StripeResourceProvider(ResourceProvider):
    """Base of the four paylinks providers. Holds no state: it is pickled into the Pulumi state."""

    serialize_as_secret_always = False
    """The provider holds no secret (the key lives in process state), so keep state readable."""

    kind: ClassVar[str]
    """The kind in `schemas.kinds.KINDS` (``payment_link``); also the adoption index name."""
    fields: ClassVar[KindFields]
    """The kind's one field description; `updatable` and `set_after_create` come from it."""
    label: ClassVar[str]
    """How users call this object in messages (``payment link``)."""
    updatable: ClassVar[frozenset[str]]
    """Fields Stripe can change in place; any other declared field changing forces a replacement."""
    check_only: ClassVar[frozenset[str]] = frozenset()
    """Inputs used only by ``check`` (facts for the rules), never diffed or sent to Stripe."""
    computed: ClassVar[frozenset[str]] = frozenset({"stripe_id"})
    """Outputs Stripe computes; not declared by users, so never compared by ``diff``."""
    defaults: ClassVar[Mapping[str, Any]] = {}
    """Values assumed when a field is not declared (``active: True``) so drift from them shows."""
    stripe_defaults: ClassVar[Mapping[str, Any]] = {}
    """What Stripe holds for a field left out, when the catalog may leave it out or spell it
    (then both compare equal in `changed_fields`; `defaults` instead always sends the value)."""
    set_after_create: ClassVar[frozenset[str]] = frozenset()
    """Fields Stripe's create does not take (a link's ``active``): applied by an update after."""
    includable: ClassVar[tuple[str, ...]] = ()
    """Fields Stripe shows only when `expand[]` asks (a coupon's ``applies_to``): asked for by
    every read and listing, so adoption and refresh compare them."""
    unset_values: ClassVar[Mapping[str, Any]] = {}
    """What an update sends for a field no longer declared when Stripe refuses ``""`` for it:
    Stripe's default (a link's ``after_completion`` back to the hosted confirmation page)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Read what Stripe lets change from the kind's description, never from a second list."""
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            cls.fields = kind_fields(cls.kind)
            cls.label = cls.fields.label
            cls.updatable = cls.fields.updatable
            cls.set_after_create = cls.fields.update_only

    # ----- Pulumi lifecycle ------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the stack's Stripe settings in process state (never on this pickled object)."""
        stripe_client.configure_from_stack(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Apply every catalog rule from `schemas`; one `CheckFailure` per problem, by field."""
        import schemas  # the rules live there, once

        inputs = {k: with_unknown_markers(v) for k, v in news.items() if k != PROVIDER_KEY}
        failures = [
            CheckFailure(problem.path or "<root>", problem.message)
            for problem in schemas.validate_resource(self.kind, inputs)
        ]
        return CheckResult(news, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Plan: nothing, an in-place update, or a replacement naming the fields that force it.

        Refuses first when the object lives in another Stripe than this run's.
        """
        self.ensure_same_stripe(olds)
        declared = self.declare(news)
        changed = self.changed_fields(olds, declared)
        replaces = self.replacing_fields(olds, declared, changed)
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Adopt the object this scope+key already owns, or create it; return full outputs."""
        declared = self.declare(props)
        stripe_object = self.create_or_adopt(declared)
        return CreateResult(stripe_object["id"], self.outputs(declared, stripe_object, {}))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Send only the updatable fields that changed; return full outputs (never None)."""
        self.ensure_same_stripe(olds)
        declared = self.declare(news)
        changed = [f for f in self.changed_fields(olds, declared) if f in self.updatable]
        stripe_object = self.apply_update(id_, olds, declared, changed)
        return UpdateResult(self.outputs(declared, stripe_object, olds))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Report Stripe's current state (drift shows as changed fields); empty id when gone."""
        self.ensure_same_stripe(props)
        stripe_object = self.fetch(id_)
        if stripe_object is None:
            return ReadResult("", {}, None)
        previous = {k: v for k, v in props.items() if k != PROVIDER_KEY}
        observed = self.observe(stripe_object, previous)
        outs = {**previous, **observed}
        for field in set(previous) - set(observed) - self.outputs_only - self.check_only:
            if field not in IDENTITY_FIELDS and field in stripe_object:
                outs.pop(field)  # unset in Stripe since
        outs.update(self.computed_outputs(stripe_object, previous))
        outs[TARGET_FIELD] = stripe_client.current_identity().text()
        inputs = {k: v for k, v in outs.items() if k not in self.outputs_only}
        return ReadResult(stripe_object["id"], outs, inputs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Retire the object the way Stripe allows (delete, archive or deactivate)."""
        self.ensure_same_stripe(props)
        self.retire(id_, {k: v for k, v in props.items() if k != PROVIDER_KEY})

    # ----- Shared logic ----------------------------------------------------------------------

    @property
    def outputs_only(self) -> frozenset[str]:
        """Outputs users never declare: Stripe's computed fields and the recorded Stripe."""
        return self.computed | {TARGET_FIELD}

    def ensure_same_stripe(self, previous: Mapping[str, Any]) -> StripeIdentity | None:
        """The Stripe `previous` outputs recorded; raise if it is not the one this run talks
        to, before any request for the object. State older than the record (None) gets it at
        the object's next update or refresh."""
        recorded = StripeIdentity.parse(previous.get(TARGET_FIELD))
        if recorded is None:
            return None
        current = stripe_client.current_identity()
        if not current.same_stripe(recorded):
            raise ConfigurationError(current.refusal(recorded))
        return recorded

    def declare(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The meaningful inputs: no ``__provider``, no nulls, defaults applied, normalised."""
        declared = {
            k: integral_floats_to_int(with_unknown_markers(v))
            for k, v in inputs.items()
            if k != PROVIDER_KEY and v is not None
        }
        for field, value in self.defaults.items():
            declared.setdefault(field, value)
        metadata = declared.get("metadata")
        if isinstance(metadata, Mapping):  # Stripe stores and returns strings only
            declared["metadata"] = {
                str(k): v if contains_unknown(v) else _metadata_text(v) for k, v in metadata.items()
            }
        return self.normalize(declared)

    def normalize(self, declared: dict[str, Any]) -> dict[str, Any]:
        """Kind-specific canonical form of declared inputs (override; default: unchanged)."""
        return declared

    def changed_fields(self, olds: Mapping[str, Any], declared: Mapping[str, Any]) -> list[str]:
        """Declared fields whose value differs from the old outputs (unknown counts as changed).

        A field of `stripe_defaults` left out on one side and set to Stripe's default on the
        other is the same: `paylinks import` leaves defaults out, and a catalog that spells one
        out must not replace the object (a coupon's ``duration: once``)."""
        previous = {k for k in olds if k != PROVIDER_KEY and k not in self.outputs_only}
        fields = (set(declared) | previous) - self.check_only

        def changed(field: str) -> bool:
            new = declared.get(field, self.stripe_defaults.get(field))
            return contains_unknown(new) or olds.get(field, self.stripe_defaults.get(field)) != new

        return sorted(f for f in fields if changed(f))

    def replacing_fields(
        self, olds: Mapping[str, Any], declared: Mapping[str, Any], changed: list[str]
    ) -> list[str]:
        """The changed fields Stripe cannot update in place (override for finer rules)."""
        return [f for f in changed if f not in self.updatable]

    def identity(self, declared: Mapping[str, Any]) -> tuple[str, str]:
        """``(scope, key)`` of the declared object; both are required inputs."""
        scope, key = declared.get("scope"), declared.get("key")
        if not isinstance(scope, str) or not scope or not isinstance(key, str) or not key:
            raise InputError(f"A {self.label} needs non-empty `scope` and `key` inputs.")
        return scope, key

    def action(self, verb: str, declared: Mapping[str, Any]) -> str:
        """Words for an error message: ``create payment link spring-sale``."""
        return f"{verb} {self.label} {declared.get('key', '')}".strip()

    def create_params(self, declared: Mapping[str, Any]) -> dict[str, Any]:
        """Stripe create parameters: declared Stripe fields plus ownership metadata."""
        scope, key = self.identity(declared)
        params = {
            k: v
            for k, v in declared.items()
            if k not in IDENTITY_FIELDS
            and k not in self.check_only
            and k not in self.outputs_only
            and k not in self.set_after_create
        }
        params["metadata"] = stripe_metadata(scope, key, declared.get("metadata"))
        return params

    def update_params(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> dict[str, Any]:
        """Stripe update parameters for `fields`; a field no longer declared is unset (``""``)."""
        scope, key = self.identity(declared)
        params: dict[str, Any] = {}
        for field in fields:
            if field == "metadata":
                params["metadata"] = metadata_changes(
                    scope, key, old.get("metadata"), declared.get("metadata")
                )
            else:
                params[field] = declared.get(field, self.unset_values.get(field, ""))
        return params

    def observe(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> StripeObject:
        """Declared fields as Stripe reports them now, shaped like the inputs.

        A field keeps its declared value when Stripe's value satisfies it (Stripe adds defaults
        and nulls); otherwise Stripe's value is reported, so the difference shows as drift.
        Fields Stripe did not return (not expanded) keep their declared value.
        """
        observed: StripeObject = {}
        tracked = (set(previous) | set(self.defaults) | {"metadata"}) - set(IDENTITY_FIELDS)
        for field in tracked - self.check_only - self.outputs_only:
            if field == "metadata":
                metadata = user_metadata(stripe_object)
                if metadata or "metadata" in previous:
                    observed["metadata"] = metadata
                continue
            if field not in stripe_object:
                if field in previous:
                    observed[field] = previous[field]
                continue
            actual = stripe_object[field]
            if field in previous and declared_matches(previous[field], actual):
                observed[field] = previous[field]
            elif actual is not None:
                observed[field] = without_nulls(actual)
        return observed

    def outputs(
        self,
        declared: Mapping[str, Any],
        stripe_object: Mapping[str, Any],
        previous: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Full outputs: declared inputs plus computed fields (update must never lose any)."""
        return {
            **declared,
            **self.computed_outputs(stripe_object, previous),
            TARGET_FIELD: stripe_client.current_identity().text(),
        }

    def computed_outputs(
        self, stripe_object: Mapping[str, Any], previous: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Outputs Stripe computes (override to add ``url``, ``secret``...)."""
        return {"stripe_id": stripe_object["id"]}

    def converge(self, stripe_object: StripeObject, declared: Mapping[str, Any]) -> StripeObject:
        """Bring an adopted object to the declared state with one update (if anything differs)."""
        view = self.observe(stripe_object, declared)
        fields = [
            f
            for f in sorted(self.updatable)
            if (f in declared or f in view) and view.get(f) != declared.get(f)
        ]
        if not fields:
            return stripe_object
        return self.apply_update(stripe_object["id"], view, declared, fields)

    def apply_update(
        self, id_: str, old: Mapping[str, Any], declared: Mapping[str, Any], fields: list[str]
    ) -> StripeObject:
        """Send one update with `fields` and return the updated object (or fetch if no field)."""
        if not fields:
            current = self.fetch(id_)
            if current is None:
                raise StripeCallError(
                    f"{self.action('update', declared)} failed: {id_} no longer exists in "
                    "Stripe; run `pulumi refresh` then `pulumi up` to recreate it."
                )
            return current
        params = self.update_params(id_, old, declared, fields)
        options = {"idempotency_key": one_call_key(self.kind, "update")}
        updated = stripe_client.plain(
            stripe_client.call(
                self.action("update", declared),
                lambda client: self.send_update(client, id_, params, options),
            )
        )
        self.adoption_index().remember(updated)
        return updated

    def send_create_once(self, declared: Mapping[str, Any], params: dict[str, Any]) -> StripeObject:
        """Create with a deterministic idempotency key; never hand back a deleted object.

        A replayed response (``Idempotent-Replayed: true``) may describe an object deleted since
        (e.g. a webhook endpoint removed then re-added within 24 h): then create once more with a
        key salted by the gone id.
        """
        scope, key = self.identity(declared)
        salt = ""
        for _ in range(3):
            options = {"idempotency_key": create_key(self.kind, scope, key, params, salt)}
            response = stripe_client.call(
                self.action("create", declared),
                lambda client, o=options: self.send_create(client, params, o),  # type: ignore[misc]
            )
            created = stripe_client.plain(response)
            if not was_replayed(response) or self.fetch(created["id"]) is not None:
                self.adoption_index().remember(created)
                return created
            salt = created["id"]
        raise StripeCallError(f"{self.action('create', declared)} failed: replays kept coming")

    def create_new(self, declared: Mapping[str, Any], params: dict[str, Any]) -> StripeObject:
        """Create (idempotently), then apply the fields create does not take, if they differ."""
        created = self.send_create_once(declared, params)
        if any(field in declared for field in self.set_after_create):
            return self.converge(created, declared)
        return created

    def deactivate(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Set ``active`` to false with one update and no read first (an inactive object stays
        as it is): how products, prices and links are retired. Already gone (404) is fine."""
        try:
            self.apply_update(
                id_, {**outputs, "active": True}, {**outputs, "active": False}, ["active"]
            )
        except StripeCallError as error:
            if not error.is_missing:
                raise

    def delete_for_good(self, id_: str, declared: Mapping[str, Any]) -> None:
        """Delete the object in Stripe; already gone (404) is fine, a refusal raises."""
        try:
            stripe_client.call(
                self.action("delete", declared), lambda client: self.service(client).delete(id_)
            )
        except StripeCallError as error:
            if not error.is_missing:
                raise
        self.adoption_index().forget(id_)

    def adoption_index(self) -> AdoptionIndex:
        """This process's index of paylinks-owned objects of this kind in the current account."""
        account = stripe_client.current_settings().account_fingerprint
        return index_for(self.kind, account, self.list_owned)

    def refuse_lookup_key_of_another_stack(
        self, verb: str, declared: Mapping[str, Any], is_holder: Callable[[StripeObject], bool]
    ) -> None:
        """Lookup keys are unique per account: when an object of another stack (scope) holds
        the declared one, say whose it is and what to set, instead of taking it or Stripe's bare
        400. Checked against the adoption index (one listing per process, shared with adoption).
        """
        lookup_key = declared.get("lookup_key")
        scope, _ = self.identity(declared)
        holder = self.adoption_index().find(
            lambda obj: obj.get("lookup_key") == lookup_key and is_holder(obj)
        )
        owner = owner_of(holder) if holder is not None else None
        if holder is None or owner is None or owner[0] == scope:
            return
        raise StripeCallError(
            f"{self.action(verb, declared)} failed: lookup key '{lookup_key}' is held by "
            f"{self.label} {holder['id']} of the stack with paylinks:scope '{owner[0]}'. Stacks "
            "sharing one Stripe account need distinct lookup keys: set paylinks:lookupKeyPrefix "
            "on one of them (its apps then look up the prefixed key)."
        )

    # ----- Per-kind translation (override) ---------------------------------------------------

    def create_or_adopt(self, declared: Mapping[str, Any]) -> StripeObject:
        """Adopt an owned object that `adoptable` accepts (brought to the declared state: even an
        archived one comes back), else create one."""
        scope, key = self.identity(declared)
        for candidate in self.adoption_index().candidates(scope, key):
            if self.adoptable(declared, candidate):
                return self.converge(candidate, declared)
        return self.create_new(declared, self.create_params(declared))

    def adoptable(self, declared: Mapping[str, Any], candidate: Mapping[str, Any]) -> bool:
        """Whether an object this scope+key owns can become the declared one: the fields Stripe
        cannot update agree (override with the kind's comparison)."""
        raise NotImplementedError

    def fetch(self, id_: str) -> StripeObject | None:
        """The object as Stripe has it now, or None when it does not exist (any more)."""
        params = {"expand": list(self.includable)} if self.includable else {}
        return fetch_or_none(
            f"read {self.label} {id_}",
            lambda client: self.service(client).retrieve(id_, params=params),
        )

    def retire(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Delete, archive or deactivate the object."""
        raise NotImplementedError

    def list_owned(self) -> list[StripeObject]:
        """Every object of this kind in the account, active or not: one paginated listing."""
        expand = {"expand": [f"data.{field}" for field in self.includable]}
        return list(
            stripe_client.list_all(
                f"list {self.label}s",
                lambda client, params: self.service(client).list(
                    params={**params, **expand} if self.includable else params
                ),
            )
        )

    def service(self, client: stripe.StripeClient) -> Any:
        """The stripe-python service of this kind (``client.v1.prices``)."""
        raise NotImplementedError

    def send_create(
        self, client: stripe.StripeClient, params: dict[str, Any], options: dict[str, Any]
    ) -> Any:
        """The Stripe create call."""
        return self.service(client).create(params=params, options=options)

    def send_update(
        self,
        client: stripe.StripeClient,
        id_: str,
        params: dict[str, Any],
        options: dict[str, Any],
    ) -> Any:
        """The Stripe update call."""
        return self.service(client).update(id_, params=params, options=options)


def was_replayed(response: Any) -> bool:
    """Whether Stripe answered from a saved idempotent response (``Idempotent-Replayed``)."""
    last = getattr(response, "last_response", None)
    headers = getattr(last, "headers", None) or {}
    replayed = headers.get("Idempotent-Replayed", headers.get("idempotent-replayed", ""))
    return str(replayed).lower() == "true"


def fetch_or_none(
    action: str, request: Callable[[stripe.StripeClient], Any]
) -> StripeObject | None:
    """`stripe_client.call` for a retrieve: None on 404 or a deleted-object answer."""
    try:
        found = stripe_client.plain(stripe_client.call(action, request))
    except StripeCallError as error:
        if error.is_missing:
            return None
        raise
    return None if found.get("deleted") else found
