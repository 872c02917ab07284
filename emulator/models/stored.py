"""The plumbing every resource model shares: its store, lookups that 404 as Stripe does."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from emulator.exceptions import ResourceMissing
from emulator.models.common import Paginated, merge_metadata, paginate

if TYPE_CHECKING:
    from emulator.models.backend import Backend

__all__ = ["StoredModel"]


class StoredModel:
    """Base of a model over one kind of stored object (rules stay in the subclass)."""

    kind: ClassVar[str]
    """The store's name for the objects (``price``)."""
    label: ClassVar[str]
    """How Stripe names the type in "No such ..." messages (``checkout.session``); the kind
    unless the subclass says otherwise."""
    missing_param: ClassVar[str]
    """The `param` Stripe reports when a path id does not exist; the kind unless the subclass
    says otherwise."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            cls.label = cls.__dict__.get("label", cls.kind)
            cls.missing_param = cls.__dict__.get("missing_param", cls.kind)

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.store = backend.store

    def get(self, object_id: str, *, param: str | None = None) -> dict[str, Any]:
        """The stored object (private ``_`` fields included), or resource_missing.

        A missing id in the path is a 404; one named by a request param (``price`` of a line
        item) is a 400 naming that param, as Stripe answers.
        """
        found = self.store.get(self.kind, object_id)
        if found is None:
            error = ResourceMissing(self.label, object_id, param=param or self.missing_param)
            if param:
                error.status = 400
            raise error
        return found

    def render(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The object as the API shows it: private ``_`` fields dropped."""
        return {k: v for k, v in stored.items() if not k.startswith("_")}

    @contextmanager
    def changing(self, object_id: str, params: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """The stored object for an update to change in place, in one transaction: the
        ``metadata`` of `params` merged first (keys merge, ``''`` removes), as every Stripe update
        does, and the object saved when the block ends without an error."""
        with self.store.transaction():
            stored = self.get(object_id)
            if "metadata" in params:
                stored["metadata"] = merge_metadata(stored["metadata"], params["metadata"])
            yield stored
            self.store.save(stored)

    def delete_stored(self, object_id: str) -> dict[str, Any]:
        """Delete the object for good (resource_missing if it isn't there) and answer as Stripe
        does; a model's ``delete`` checks its own rules first."""
        with self.store.transaction():
            self.get(object_id)
            self.store.delete(object_id)
        return {"id": object_id, "object": self.kind, "deleted": True}

    def list_page(
        self,
        objects: list[dict[str, Any]],
        params: dict[str, Any],
        url: str,
        *,
        equal: tuple[str, ...] = (),
    ) -> Paginated:
        """The page of a list endpoint: `objects` (newest first) whose fields named in `equal`
        hold the value of the param of that name, when given (``active=false``), as the API
        shows them."""
        for name in equal:
            if name in params:
                objects = [obj for obj in objects if obj[name] == params[name]]
        return paginate(objects, params, url, kind=self.label, render=self.render)
