"""Find objects paylinks already made, so a create adopts them instead of making a duplicate.

Stripe has no search for prices, links or webhook endpoints by metadata, and a listing per resource
would cost O(n²) requests for a catalog of n entries. So each kind is listed *once per provider
process* (all pages, active and inactive), grouped by owner (scope, key), and the index is kept
current by this process's own writes (`remember`). Several gRPC threads share it behind a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from .ownership import owner_of
from .stripe_client import StripeObject

__all__ = ["AdoptionIndex", "forget_all_indexes", "index_for"]



class AdoptionIndex:
    """Objects of one kind in one Stripe account, by owner, listed lazily on first use."""

    def __init__(self, list_objects: Callable[[], Iterable[StripeObject]]) -> None:
        self._list_objects = list_objects
        self._lock = threading.Lock()
        self._by_owner: dict[tuple[str, str], dict[str, StripeObject]] | None = None

    def _loaded(self) -> dict[tuple[str, str], dict[str, StripeObject]]:
        # Called with the lock held: one listing even when threads ask at the same moment.
        if self._by_owner is None:
            by_owner: dict[tuple[str, str], dict[str, StripeObject]] = {}
            for obj in self._list_objects():
                owner = owner_of(obj)
                if owner is not None:
                    by_owner.setdefault(owner, {})[obj["id"]] = obj
            self._by_owner = by_owner
        return self._by_owner

    def candidates(self, scope: str, key: str) -> list[StripeObject]:
        """Objects owned by `scope`/`key`, active ones first, then newest first."""
        with self._lock:
            found = list(self._loaded().get((scope, key), {}).values())
        return sorted(found, key=lambda o: (not o.get("active", True), -int(o.get("created", 0))))

    def find(self, matches: Callable[[StripeObject], bool]) -> StripeObject | None:
        """The first owned object (of any scope) for which `matches` is true, or None."""
        with self._lock:
            for objects in self._loaded().values():
                for obj in objects.values():
                    if matches(obj):
                        return obj
        return None

    def remember(self, obj: StripeObject) -> None:
        """Record an object this process created or changed (no-op before the first listing)."""
        owner = owner_of(obj)
        with self._lock:
            if self._by_owner is None or owner is None:
                return
            for objects in self._by_owner.values():
                objects.pop(obj["id"], None)
            self._by_owner.setdefault(owner, {})[obj["id"]] = obj

    def forget(self, object_id: str) -> None:
        """Drop an object this process deleted."""
        with self._lock:
            if self._by_owner is not None:
                for objects in self._by_owner.values():
                    objects.pop(object_id, None)


_indexes: dict[tuple[str, str], AdoptionIndex] = {}
_indexes_lock = threading.Lock()


def index_for(
    kind: str, account: str, list_objects: Callable[[], Iterable[StripeObject]]
) -> AdoptionIndex:
    """The process-wide index for `kind` in `account` (a settings fingerprint)."""
    with _indexes_lock:
        index = _indexes.get((kind, account))
        if index is None:
            index = _indexes[(kind, account)] = AdoptionIndex(list_objects)
        return index


def forget_all_indexes() -> None:
    """Drop every cached index, as a fresh provider process would start (used by tests)."""
    with _indexes_lock:
        _indexes.clear()
