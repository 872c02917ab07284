"""The one way providers talk to Stripe: settings, a shared client, pacing, retries, clean errors.

Settings come from the stack config handed to ``configure()`` (``paylinks:stripe``,
``paylinks:stripeApiKey``, ``paylinks:stripeApiBase``, ``paylinks:emulatorUrl``, ``paylinks:live``,
``paylinks:maxRequestsPerSecond``) or from the environment (``STRIPE_API_KEY``,
``STRIPE_API_BASE``, ``PAYLINKS_EMULATOR_PORT``, ``PAYLINKS_LIVE``, ``PAYLINKS_MAX_RPS``). A stack
with ``paylinks:stripe: emulator`` ignores ``STRIPE_API_KEY``/``STRIPE_API_BASE`` (see
`stripe_target`). Settings are checked (key shape, URL shape, live-key guard) before any request.
They live in this module's process state, never in a provider object (which is pickled into the
Pulumi state) and never in a resource input or output. Every request is paced (see `pacing`).
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import stripe

from . import pacing
from .errors import ConfigurationError, StripeCallError
from .retry import SDK_NETWORK_RETRIES, BackoffPolicy
from .stripe_target import (
    EMULATOR,
    LIVE,
    LOCAL_EMULATOR_KEY,
    STRIPE_API,
    StripeIdentity,
    check_api_base,
    check_key_shape,
    default_emulator_url,
    is_local,
    resolve_target,
)

__all__ = [
    "ENVIRONMENT_HINTS",
    "STACK_HINTS",
    "SettingHints",
    "StripeObject",
    "StripeSettings",
    "account_id",
    "call",
    "configure_from_stack",
    "current_identity",
    "current_settings",
    "list_all",
    "plain",
    "reset_stack_config",
]

StripeObject = dict[str, Any]
"""A Stripe object as plain JSON data: what `plain` returns and what paylinks passes around."""

T = TypeVar("T")

_CONFIG_TARGET = "paylinks:stripe"
_CONFIG_KEY = "paylinks:stripeApiKey"
_CONFIG_BASE = "paylinks:stripeApiBase"
_CONFIG_EMULATOR_URL = "paylinks:emulatorUrl"
_CONFIG_LIVE = "paylinks:live"
_CONFIG_MAX_RPS = "paylinks:maxRequestsPerSecond"
_SETTING_NAMES = (
    _CONFIG_TARGET,
    _CONFIG_KEY,
    _CONFIG_BASE,
    _CONFIG_EMULATOR_URL,
    _CONFIG_LIVE,
    _CONFIG_MAX_RPS,
)
_SHELL_SETTINGS = ("STRIPE_API_KEY", "STRIPE_API_BASE")

CONNECT_TIMEOUT_SECONDS = 5.0
"""How long one attempt waits for a TCP connection (stripe-python's default waits 80 s)."""
READ_TIMEOUT_SECONDS = 80.0
"""How long one attempt waits for Stripe's answer once connected (stripe-python's default)."""
PROBE_TIMEOUT_SECONDS = 3.0
"""How long the reachability probe after a connection error waits."""

_lock = threading.Lock()
_stack_config: dict[str, str] = {}
_clients: dict[StripeSettings, stripe.StripeClient] = {}
_accounts: dict[StripeSettings, str | None] = {}
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
    target: str = "test"
    """The stack's Stripe: ``emulator``, ``test`` or ``live`` (config ``paylinks:stripe``)."""
    ignored_environment: tuple[str, ...] = field(default=(), compare=False)
    """Shell variables an emulator stack ignored (``STRIPE_API_KEY``...), to say so once."""

    @property
    def base_url(self) -> str:
        """The API root this talks to, Stripe's own when no base is set."""
        return self.api_base or STRIPE_API

    @property
    def account_fingerprint(self) -> str:
        """A short stable digest naming this account+host, for per-account caches."""
        digest = hashlib.sha256(f"{self.api_base}|{self.api_key}".encode()).hexdigest()
        return digest[:16]

    def __repr__(self) -> str:
        return (
            f"StripeSettings(target={self.target!r}, api_base={self.api_base!r}, "
            f"live={self.live}, max_rps={self.max_rps!r})"
        )


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
        _accounts.clear()


@dataclass(frozen=True)
class SettingHints:
    """What the settings errors tell a user, in the words of the command they ran."""

    no_key: str
    live_key_refused: str
    not_a_live_key: str


STACK_HINTS = SettingHints(
    no_key="No Stripe API key: set it with `pulumi config set --secret paylinks:stripeApiKey "
    "<key>` or the STRIPE_API_KEY environment variable (or `pulumi config set "
    "paylinks:stripe emulator` to use the bundled emulator).",
    live_key_refused="Refusing a live Stripe key: this stack is not marked live. Use a test key, "
    "or set `pulumi config set paylinks:stripe live` if this stack really manages live objects.",
    not_a_live_key="This stack is marked live (paylinks:stripe: live) but the Stripe key is not a "
    "live key (sk_live_/rk_live_). Use the live key, or set paylinks:stripe to test.",
)
"""For `pulumi` runs, whose settings come from the stack config (or the environment)."""

ENVIRONMENT_HINTS = SettingHints(
    no_key="No Stripe API key: set the STRIPE_API_KEY environment variable (this command reads "
    "no stack config; STRIPE_API_BASE=http://host:port points it at the emulator).",
    live_key_refused="Refusing a live Stripe key: set PAYLINKS_LIVE=true to read a live-mode "
    "account, or use a test key.",
    not_a_live_key="PAYLINKS_LIVE=true but the Stripe key is not a live key "
    "(sk_live_/rk_live_). Use the live key, or unset PAYLINKS_LIVE.",
)
"""For CLI commands such as `paylinks import`, whose settings come from the environment."""


def current_settings(hints: SettingHints = STACK_HINTS) -> StripeSettings:
    """Resolve settings now (config first, then environment) and check them; no request.
    `hints` words the key errors for the command the user ran."""
    with _lock:
        config = dict(_stack_config)
    stripe_setting = config.get(_CONFIG_TARGET)
    # A stack that names its Stripe is not swayed by a PAYLINKS_LIVE left in the shell.
    live_setting = config.get(_CONFIG_LIVE) or (
        None if stripe_setting else os.environ.get("PAYLINKS_LIVE")
    )
    target = resolve_target(stripe_setting, live_setting)
    if target == EMULATOR:
        return _emulator_settings(config)
    key_source = _CONFIG_KEY if config.get(_CONFIG_KEY) else "STRIPE_API_KEY"
    api_key = config.get(_CONFIG_KEY) or os.environ.get("STRIPE_API_KEY", "")
    if not api_key:
        raise ConfigurationError(hints.no_key)
    check_key_shape(api_key, key_source)
    base_source = _CONFIG_BASE if config.get(_CONFIG_BASE) else "STRIPE_API_BASE"
    raw_base = config.get(_CONFIG_BASE) or os.environ.get("STRIPE_API_BASE") or None
    api_base = check_api_base(raw_base, base_source) if raw_base else None
    live = target == LIVE
    is_live_key = api_key.startswith(("sk_live_", "rk_live_"))
    if is_live_key and not live:
        raise ConfigurationError(hints.live_key_refused)
    if live and not is_live_key:
        raise ConfigurationError(hints.not_a_live_key)
    max_rps = pacing.resolve_rate(
        config.get(_CONFIG_MAX_RPS) or os.environ.get("PAYLINKS_MAX_RPS"), api_base, live
    )
    return StripeSettings(
        api_key=api_key, api_base=api_base, live=live, max_rps=max_rps, target=target
    )


def _emulator_settings(config: Mapping[str, str]) -> StripeSettings:
    """The bundled emulator: its URL and the local key, whatever the shell exports."""
    for name in (_CONFIG_KEY, _CONFIG_BASE):
        if config.get(name):
            raise ConfigurationError(
                f"{name} is set, but this stack talks to the bundled emulator "
                f"(paylinks:stripe: emulator), which uses its own key and "
                f"{_CONFIG_EMULATOR_URL}: remove {name}, or set paylinks:stripe to test or live."
            )
    if config.get(_CONFIG_EMULATOR_URL):
        api_base = check_api_base(config[_CONFIG_EMULATOR_URL], _CONFIG_EMULATOR_URL)
    else:
        api_base = default_emulator_url(os.environ.get("PAYLINKS_EMULATOR_PORT"))
    used = {"STRIPE_API_KEY": LOCAL_EMULATOR_KEY, "STRIPE_API_BASE": api_base}
    ignored = tuple(
        name
        for name in _SHELL_SETTINGS
        if os.environ.get(name) and os.environ[name].strip().rstrip("/") != used[name]
    )
    max_rps = pacing.resolve_rate(
        config.get(_CONFIG_MAX_RPS) or os.environ.get("PAYLINKS_MAX_RPS"), api_base, False
    )
    return StripeSettings(
        api_key=LOCAL_EMULATOR_KEY,
        api_base=api_base,
        live=False,
        max_rps=max_rps,
        target=EMULATOR,
        ignored_environment=ignored,
    )


def current_identity() -> StripeIdentity:
    """The Stripe this process talks to, as recorded in state (never the key).

    On a local API (the emulator, stripe-mock) the URL names it. On Stripe itself the account id
    is read once per process (``GET /v1/account``, read-only), so another account is told apart
    before any object is read or written; a restricted key not allowed to read it leaves the
    account out, and then only mode and URL are compared.
    """
    settings = current_settings()
    if settings.target == EMULATOR or is_local(settings.api_base):
        return StripeIdentity(settings.target, settings.base_url)
    return StripeIdentity(settings.target, settings.base_url, account_id(settings))


def account_id(settings: StripeSettings) -> str | None:
    """The account id of `settings`' key (``GET /v1/account``, read-only), once per process.

    None when a restricted key may not read the account (403); any other failure is the user's
    to see (an invalid key, an unreachable API).
    """
    with _lock:
        if settings in _accounts:
            return _accounts[settings]
    found: str | None = None
    try:
        account = call(
            "read the Stripe account id",
            lambda client: client.v1.accounts.retrieve_current(),
            settings=settings,
        )
        found = str(account.id) if getattr(account, "id", None) else None
    except StripeCallError as error:
        if error.http_status != 403:
            raise
        # a restricted key without the Account read permission: compare mode and URL only
    with _lock:
        _accounts[settings] = found
    return found


def _client_for(settings: StripeSettings) -> stripe.StripeClient:
    with _lock:
        client = _clients.get(settings)
        if client is None:
            http_client = stripe.RequestsClient(
                timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)
            )
            if settings.api_base:
                client = stripe.StripeClient(
                    settings.api_key,
                    base_addresses={"api": settings.api_base},
                    max_network_retries=SDK_NETWORK_RETRIES,
                    http_client=http_client,
                )
            else:
                client = stripe.StripeClient(
                    settings.api_key,
                    max_network_retries=SDK_NETWORK_RETRIES,
                    http_client=http_client,
                )
            _clients[settings] = client
        return client


def _pace(settings: StripeSettings) -> Callable[[], None]:
    """What to call before each request: wait for the account's shared token bucket, or not."""
    if settings.max_rps is None:
        return lambda: None
    return pacing.shared_bucket(settings.account_fingerprint, settings.max_rps).acquire


def call(
    action: str,
    request: Callable[[stripe.StripeClient], T],
    settings: StripeSettings | None = None,
) -> T:
    """Run one Stripe request, paced, retrying 429s with backoff; raise `StripeCallError`.

    Every attempt, retries included, waits for the process-wide token bucket first, so the
    threads of one provider process stay under Stripe's rate together; the 429 retry is the
    safety net for what pacing cannot see (other processes using the same account).

    `action` says what was attempted in the user's terms (``create price pro-monthly``); it starts
    the error message. The original exception is dropped (``from None``) so neither its text nor
    its traceback can carry a key into Pulumi's output. `settings` defaults to the current ones.
    """
    settings = settings or current_settings()
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
            unreachable = _unreachable_reason(settings.base_url) if broken else None
            if unreachable is not None:
                failure = StripeCallError(_unreachable_message(action, settings, unreachable))
                raise failure from None
            if _backoff.should_retry(error.http_status, retries_done, broken):
                time.sleep(_backoff.delay(retries_done))
                retries_done += 1
                continue
            failure = StripeCallError.from_stripe(action, error)
        raise failure from None


def _unreachable_reason(base_url: str) -> str | None:
    """Why nothing accepts a TCP connection at `base_url` (None: it does, or can't be probed).

    stripe-python reports a refused connection like any network hiccup and retries it; probing
    once tells "nothing listens there" (retrying is pointless, say so now) from a flaky network
    (keep retrying). Behind an HTTP(S) proxy the API is not reached directly, so no probe.
    """
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if urllib.request.getproxies().get(parts.scheme) and not urllib.request.proxy_bypass(host):
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_SECONDS):
            return None
    except ConnectionRefusedError:
        return "connection refused"
    except TimeoutError:
        return f"no answer within {PROBE_TIMEOUT_SECONDS:g} s"
    except socket.gaierror:
        return f"cannot resolve {host}"
    except OSError as error:
        return error.strerror or type(error).__name__


def _unreachable_message(action: str, settings: StripeSettings, reason: str) -> str:
    """One line: which URL, why, and what to do about it (start the emulator, check STRIPE_...)."""
    base = settings.base_url
    port = urlsplit(base).port or 80
    if settings.target == EMULATOR:
        advice = (
            "The bundled emulator is not running there: start it with `make up` (it starts the "
            f"emulator, then applies dev) or `paylinks emulator --port {port} --db "
            ".paylinks/emulator.sqlite`, then run again"
        )
    elif is_local(settings.api_base):
        advice = (
            "Start the API that STRIPE_API_BASE / paylinks:stripeApiBase names (the bundled "
            f"emulator: `paylinks emulator --port {port}`), or point it at another"
        )
    else:
        advice = "Check the network or proxy (HTTPS_PROXY), and STRIPE_API_BASE if you set it"
    return f"{action} failed: cannot reach the Stripe API at {base} ({reason}). {advice}."


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


def plain(obj: Any) -> StripeObject:
    """A Stripe object as plain JSON-ready dicts and lists (Decimals become strings)."""
    if isinstance(obj, Mapping) and not isinstance(obj, stripe.StripeObject):
        return dict(obj)
    result: dict[str, Any] = obj.to_dict(recursive=True, for_json=True)
    return result
