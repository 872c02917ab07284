"""Events: what happened in the account (`evt_...`), kept for `GET /v1/events` and handed to
webhook delivery. No HTTP here: `publish` stores the event and tells the listeners (the
delivery worker, when the app runs one) which enabled endpoints subscribe to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from emulator.exceptions import ResourceMissing
from emulator.models.common import EXPAND, LIST_PARAMS, Paginated, new_id, now, paginate
from emulator.params import Obj, Str

if TYPE_CHECKING:
    from emulator.models.backend import Backend

__all__ = ["API_VERSION", "LIST", "RETRIEVE", "EventListener", "EventModel"]

#: The API version events are rendered in (the newest the emulator knows).
API_VERSION = "2025-09-30.clover"

#: `GET /v1/events`: `type` may end in `*` (`checkout.session.*`), as on Stripe.
LIST = LIST_PARAMS.with_fields({"type": Str()})

#: `GET /v1/events/{id}`.
RETRIEVE = Obj(fields=EXPAND)

#: Called after an event is stored, with the ids of the endpoints that should receive it.
EventListener = Callable[[dict[str, Any], list[str]], None]


def _type_matches(pattern: str, event_type: str) -> bool:
    if pattern.endswith("*"):
        return event_type.startswith(pattern[:-1])
    return pattern == event_type


class EventModel:
    """Create (internally), read and list events; notify listeners of new ones."""

    kind = "event"

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.store = backend.store
        self._listeners: list[EventListener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: EventListener) -> None:
        """Call `listener(event, endpoint_ids)` for every event published from now on."""
        with self._lock:
            self._listeners.append(listener)

    def endpoints_for(self, event_type: str) -> list[str]:
        """Enabled webhook endpoints listening to `event_type` (or to every event, `*`)."""
        return [
            endpoint["id"]
            for endpoint in reversed(self.store.all("webhook_endpoint"))
            if endpoint["status"] == "enabled"
            and ("*" in endpoint["enabled_events"] or event_type in endpoint["enabled_events"])
        ]

    def create(
        self,
        event_type: str,
        obj: dict[str, Any],
        previous_attributes: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], list[str]]:
        """Store an event about `obj` (call inside the transaction that changed `obj`); returns
        it with its recipients. Hand both to `announce` once the transaction has committed."""
        recipients = self.endpoints_for(event_type)
        data: dict[str, Any] = {"object": obj}
        if previous_attributes is not None:
            data["previous_attributes"] = previous_attributes
        event = {
            "id": new_id("evt_"),
            "object": "event",
            "api_version": API_VERSION,
            "created": now(),
            "data": data,
            "livemode": False,
            "pending_webhooks": len(recipients),
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        self.store.insert(self.kind, event)
        return event, recipients

    def announce(self, event: dict[str, Any], recipients: list[str]) -> None:
        """Tell every listener about a stored event (after its transaction committed)."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(event, recipients)

    def get(self, event_id: str) -> dict[str, Any]:
        """One event, or a 404."""
        event = self.store.get(self.kind, event_id)
        if event is None:
            raise ResourceMissing("event", event_id, param="id")
        return event

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """Newest first, optionally only one `type` (a trailing `*` matches a family)."""
        events = self.store.all(self.kind)
        if "type" in params:
            events = [e for e in events if _type_matches(params["type"], e["type"])]
        return paginate(events, params, url, kind="event")

    def delivered(self, event_id: str) -> None:
        """One recipient got the event: `pending_webhooks` goes down, as on Stripe."""
        with self.store.transaction():
            event = self.store.get(self.kind, event_id)
            if event is not None and event["pending_webhooks"] > 0:
                event["pending_webhooks"] -= 1
                self.store.save(event)
