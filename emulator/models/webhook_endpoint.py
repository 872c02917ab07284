"""Webhook endpoints: Stripe's shapes and rules, no HTTP.

`secret` (whsec_…) is shown only in the create response, as Stripe does; it is stored for
signing events later. Event names must be Stripe's; the URL must be an absolute http(s) URL.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from emulator.models.common import (
    EXPAND,
    LIST_PARAMS,
    Paginated,
    check_metadata,
    new_id,
    now,
)
from emulator.models.event_types import API_VERSIONS, EVENT_TYPES
from emulator.models.stored import StoredModel
from emulator.params import Arr, Bool, Enum, Map, Obj, Str
from emulator.rules import rule

__all__ = ["CREATE", "LIST", "UPDATE", "WebhookEndpointModel"]

WEBHOOK_URL = rule("webhook_endpoint.url", "an http(s) URL")
WEBHOOK_URL_HOST = rule("webhook_endpoint.url_host", "a URL with a host")
WEBHOOK_EVENTS = rule("webhook_endpoint.enabled_events", "at least one event type")

_EVENTS = Arr(item=Enum(values=tuple(sorted(EVENT_TYPES))))

#: `POST /v1/webhook_endpoints`.
CREATE = Obj(
    fields={
        "api_version": Enum(values=tuple(sorted(API_VERSIONS))),
        "connect": Bool(),
        "description": Str(emptyable=True),
        "enabled_events": _EVENTS,
        "metadata": Map(emptyable=True),
        "url": Str(),
        **EXPAND,
    },
    required=("enabled_events", "url"),
)

#: `POST /v1/webhook_endpoints/{id}`.
UPDATE = Obj(
    fields={
        "description": Str(emptyable=True),
        "disabled": Bool(),
        "enabled_events": _EVENTS,
        "metadata": Map(emptyable=True),
        "url": Str(),
        **EXPAND,
    }
)

#: `GET /v1/webhook_endpoints`.
LIST = LIST_PARAMS


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and not parts.hostname:
        raise WEBHOOK_URL_HOST.error(
            f"Invalid URL: {url!r}. A webhook endpoint URL needs a host.",
            param="url",
            code="url_invalid",
        )
    if parts.scheme not in ("http", "https"):
        raise WEBHOOK_URL.error(
            f"Invalid URL: {url!r}. A webhook endpoint URL must be an absolute http(s) URL.",
            param="url",
            code="url_invalid",
        )


def _check_events(events: list[str]) -> None:
    if not events:
        raise WEBHOOK_EVENTS.error(
            "enabled_events must list at least one event type (or '*').", param="enabled_events"
        )


class WebhookEndpointModel(StoredModel):
    """Create, read, update, delete and list webhook endpoints."""

    kind = "webhook_endpoint"

    def create(self, params: dict[str, Any]) -> dict[str, Any]:
        """Create an endpoint; the returned object (only this once) carries `secret`."""
        _check_url(params["url"])
        _check_events(params["enabled_events"])
        metadata = params.get("metadata") or {}
        check_metadata(metadata)
        description = params.get("description")
        endpoint: dict[str, Any] = {
            "id": new_id("we_"),
            "object": "webhook_endpoint",
            "api_version": params.get("api_version"),
            "application": None,
            "created": now(),
            "description": description if isinstance(description, str) else None,
            "enabled_events": params["enabled_events"],
            "livemode": False,
            "metadata": metadata,
            "status": "enabled",
            "url": params["url"],
            "_secret": "whsec_" + secrets.token_hex(16),
        }
        self.store.insert(self.kind, endpoint)
        return {**self.render(endpoint), "secret": endpoint["_secret"]}

    def update(self, endpoint_id: str, params: dict[str, Any]) -> dict[str, Any]:
        """Change url, events, description, metadata or `disabled`."""
        with self.changing(endpoint_id, params) as endpoint:
            if "url" in params:
                _check_url(params["url"])
                endpoint["url"] = params["url"]
            if "enabled_events" in params:
                _check_events(params["enabled_events"])
                endpoint["enabled_events"] = params["enabled_events"]
            if "description" in params:
                value = params["description"]
                endpoint["description"] = value if isinstance(value, str) and value else None
            if "disabled" in params:
                endpoint["status"] = "disabled" if params["disabled"] else "enabled"
        return endpoint

    def delete(self, endpoint_id: str) -> dict[str, Any]:
        """Delete for good."""
        return self.delete_stored(endpoint_id)

    def list(self, params: dict[str, Any], url: str) -> Paginated:
        """List newest first."""
        return self.list_page(self.store.all(self.kind), params, url)

    def secret(self, endpoint_id: str) -> str:
        """The signing secret, for delivering signed events."""
        return str(self.get(endpoint_id)["_secret"])
