"""The one way providers talk to Stripe: settings, a shared client, pacing, retries, clean errors.

Settings come from the stack config handed to ``configure()`` (``paylinks:stripeApiKey``,
``paylinks:stripeApiBase``, ``paylinks:live``, ``paylinks:maxRequestsPerSecond``) or from the
environment (``STRIPE_API_KEY``, ``STRIPE_API_BASE``, ``PAYLINKS_LIVE``, ``PAYLINKS_MAX_RPS``).
They live in this module's process state, never in a provider object (which is pickled into the
Pulumi state) and never in a resource input or output. Every request is paced (see `pacing`).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import stripe

from . import pacing
from .errors import ConfigurationError, StripeCallError
from .retry import SDK_NETWORK_RETRIES, BackoffPolicy

__all__ = [
    "StripeSettings",
    "call",
    "configure_from_stack",
    "current_settings",
    "list_all",
    "plain",
    "reset_stack_config",
]

T = TypeVar("T")

_CONFIG_KEY = "paylinks:stripeApiKey"
_CONFIG_BASE = "paylinks:stripeApiBase"
_CONFIG_LIVE = "paylinks:live"
_CONFIG_MAX_RPS = "paylinks:maxRequestsPerSecond"
_SETTING_NAMES = (_CONFIG_KEY, _CONFIG_BASE, _CONFIG_LIVE, _CONFIG_MAX_RPS)

_lock = threading.Lock()
_stack_config: dict[str, str] = {}
_clients: dict[StripeSettings, stripe.StripeClient] = {}
_backoff = BackoffPolicy()


@dataclass(frozen=True)
class StripeSettings:
    """Where and as whom to call Stripe. Hashable so one client is shared per distinct setting."""

    api_key: str
    """The secret or restricted key; never logged, stored or shown."""
    api_base: str | None
    """Another API host (the emulator, stripe-mock); None means Stripe itself."""
    live: bool
    """The stack explicitly opted into live mode (config ``paylinks:live: true``)."""
    max_rps: float | None = None
    """Client-side pacing in requests/s, shared by every thread of the process (see `pacing`);
    None means unpaced."""

    @property
    def account_fingerprint(self) -> str:
        """A short stable digest naming this account+host, for per-account caches."""
        digest = hashlib.sha256(f"{self.api_base}|{self.api_key}".encode()).hexdigest()
        return digest[:16]

    def __repr__(self) -> str:
        return (
            f"StripeSettings(api_base={self.api_base!r}, live={self.live}, "
            f"max_rps={self.max_rps!r})"
        )


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def configure_from_stack(config: Any) -> None:
    """Remember the stack config values that matter (anything with `pulumi.dynamic.Config.get`)."""
    values = {name: config.get(name) for name in _SETTING_NAMES}
    with _lock:
        _stack_config.clear()
        _stack_config.update({k: str(v) for k, v in values.items() if v not in (None, "")})


def reset_stack_config() -> None:
    """Forget stack config (tests switch between emulators through the environment)."""
    with _lock:
        _stack_config.clear()


def current_settings() -> StripeSettings:
    """Resolve settings now (config first, then environment) and apply the live-key guard."""
    with _lock:
        config = dict(_stack_config)
    api_key = config.get(_CONFIG_KEY) or os.environ.get("STRIPE_API_KEY", "")
    api_base = config.get(_CONFIG_BASE) or os.environ.get("STRIPE_API_BASE") or None
    live = _truthy(config.get(_CONFIG_LIVE) or os.environ.get("PAYLINKS_LIVE", "false"))
    if not api_key:
        raise ConfigurationError(
            "No Stripe API key: set it with `pulumi config set --secret paylinks:stripeApiKey "
            "<key>` or the STRIPE_API_KEY environment variable."
        )
    is_live_key = api_key.startswith(("sk_live_", "rk_live_"))
    if is_live_key and not live:
        raise ConfigurationError(
            "Refusing a live Stripe key: this stack is not marked live. Use a test key, or set "
            "`pulumi config set paylinks:live true` if this stack really manages live objects."
        )
    if live and not is_live_key:
        raise ConfigurationError(
            "This stack is marked live (paylinks:live=true) but the Stripe key is not a live key "
            "(sk_live_/rk_live_). Use the live key, or unset paylinks:live."
        )
    max_rps = pacing.resolve_rate(
        config.get(_CONFIG_MAX_RPS) or os.environ.get("PAYLINKS_MAX_RPS"), api_base, live
    )
    return StripeSettings(
        api_key=api_key,
        api_base=api_base.rstrip("/") if api_base else None,
        live=live,
        max_rps=max_rps,
    )


def _client_for(settings: StripeSettings) -> stripe.StripeClient:
    with _lock:
        client = _clients.get(settings)
        if client is None:
            if settings.api_base:
                client = stripe.StripeClient(
                    settings.api_key,
                    base_addresses={"api": settings.api_base},
                    max_network_retries=SDK_NETWORK_RETRIES,
                )
            else:
                client = stripe.StripeClient(
                    settings.api_key, max_network_retries=SDK_NETWORK_RETRIES
                )
            _clients[settings] = client
        return client


def _pace(settings: StripeSettings) -> Callable[[], None]:
    """What to call before each request: wait for the account's shared token bucket, or not."""
    if settings.max_rps is None:
        return lambda: None
    return pacing.shared_bucket(settings.account_fingerprint, settings.max_rps).acquire


def call(action: str, request: Callable[[stripe.StripeClient], T]) -> T:
    """Run one Stripe request, paced, retrying 429s with backoff; raise `StripeCallError`.

    Every attempt, retries included, waits for the process-wide token bucket first, so the
    threads of one provider process stay under Stripe's rate together; the 429 retry is the
    safety net for what pacing cannot see (other processes using the same account).

    `action` says what was attempted in the user's terms (``create price pro-monthly``); it starts
    the error message. The original exception is dropped (``from None``) so neither its text nor
    its traceback can carry a key into Pulumi's output.
    """
    settings = current_settings()
    client = _client_for(settings)
    pace = _pace(settings)
    retries_done = 0
    while True:
        failure: StripeCallError | None = None
        pace()
        try:
            return request(client)
        except stripe.StripeError as error:
            broken = isinstance(error, stripe.APIConnectionError)
            if _backoff.should_retry(error.http_status, retries_done, broken):
                time.sleep(_backoff.delay(retries_done))
                retries_done += 1
                continue
            failure = StripeCallError.from_stripe(action, error)
        raise failure from None


def list_all(
    action: str, page: Callable[[stripe.StripeClient, dict[str, Any]], Any]
) -> Iterator[dict[str, Any]]:
    """Every object of a cursor-paginated list (100 per page), each page retried like `call`."""
    params: dict[str, Any] = {"limit": 100}
    while True:
        batch = call(action, lambda client: page(client, dict(params)))
        items = [plain(item) for item in batch.data]
        yield from items
        if not batch.has_more or not items:
            return
        params["starting_after"] = items[-1]["id"]


def plain(obj: Any) -> dict[str, Any]:
    """A Stripe object as plain JSON-ready dicts and lists (Decimals become strings)."""
    if isinstance(obj, Mapping) and not isinstance(obj, stripe.StripeObject):
        return dict(obj)
    result: dict[str, Any] = obj.to_dict(recursive=True, for_json=True)
    return result
