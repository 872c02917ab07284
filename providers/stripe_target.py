"""Which Stripe a stack talks to, and the checks that run before any request is sent.

A stack names its Stripe with config ``paylinks:stripe``: ``emulator`` (the bundled emulator,
whatever the shell exports), ``test`` (Stripe test mode, or the Stripe-compatible API that
``paylinks:stripeApiBase`` / ``STRIPE_API_BASE`` names) or ``live`` (Stripe live mode).
``paylinks:live: true`` still means ``live``.

Every object a stack makes records a `StripeIdentity` in its outputs (``stripe_target``): the
mode, the API base and, for Stripe itself, the account id. It is not secret and says nothing
about the key. The providers compare it with the identity of the current run before any request
for that object (see `providers.base`), so state made against one Stripe is never applied to,
refreshed from or destroyed in another. Pure logic: no HTTP, no Pulumi.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import ConfigurationError
from .pacing import LOCAL_HOSTS

__all__ = [
    "EMULATOR",
    "LIVE",
    "LOCAL_EMULATOR_KEY",
    "STRIPE_API",
    "TARGETS",
    "TEST",
    "StripeIdentity",
    "check_api_base",
    "check_key_shape",
    "default_emulator_url",
    "is_local",
    "resolve_target",
]

EMULATOR = "emulator"
TEST = "test"
LIVE = "live"
TARGETS = (EMULATOR, TEST, LIVE)

STRIPE_API = "https://api.stripe.com"
"""Stripe's own API base (what stripe-python uses when no base is given)."""
LOCAL_EMULATOR_KEY = "sk_test_paylinks_local_emulator"
"""The fixed test key emulator stacks use (the emulator accepts any sk_test_ key)."""
DEFAULT_EMULATOR_PORT = "12180"

_KEY_SHAPE = re.compile(r"(sk|rk)_(test|live)_[A-Za-z0-9_]+")
_OTHER_STRIPE_SECRETS = {
    "pk_": "a publishable key (pk_…), which cannot manage objects",
    "whsec_": "a webhook signing secret (whsec_…)",
    "acct_": "an account id (acct_…)",
}


def _truthy(value: str | None) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def resolve_target(stripe_setting: str | None, live_setting: str | None) -> str:
    """The stack's Stripe from ``paylinks:stripe`` and the older ``paylinks:live`` flag.

    Unset, a stack is ``test`` (or ``live`` with ``paylinks:live: true``), as before the key
    existed. A contradiction (``paylinks:stripe: emulator`` with ``paylinks:live: true``) is an
    error rather than a guess, since guessing wrong means talking to the wrong Stripe.
    """
    live_flag = _truthy(live_setting)
    if stripe_setting is None or stripe_setting.strip() == "":
        return LIVE if live_flag else TEST
    target = stripe_setting.strip().lower()
    if target not in TARGETS:
        raise ConfigurationError(
            f"paylinks:stripe must be one of {', '.join(TARGETS)}, not {stripe_setting!r}: "
            "emulator for the bundled emulator, test for Stripe test mode, live for live mode."
        )
    if live_flag and target != LIVE:
        raise ConfigurationError(
            f"paylinks:stripe is {target} but paylinks:live is true: remove paylinks:live "
            "(paylinks:stripe: live replaces it) or set paylinks:stripe to live."
        )
    return target


def default_emulator_url(port: str | None) -> str:
    """``http://127.0.0.1:<PAYLINKS_EMULATOR_PORT or 12180>``, where `make up` starts it."""
    chosen = (port or "").strip() or DEFAULT_EMULATOR_PORT
    if not chosen.isdigit() or not 0 < int(chosen) < 65536:
        raise ConfigurationError(
            f"PAYLINKS_EMULATOR_PORT must be a port number (1-65535), not {port!r}."
        )
    return f"http://127.0.0.1:{int(chosen)}"


def check_api_base(value: str, source: str) -> str:
    """`value` as an API base (``http(s)://host[:port]``, no trailing slash), or a clear error.

    stripe-python adds ``/v1/...`` itself and needs the scheme; without these checks a base like
    ``127.0.0.1:12180`` or ``…/v1`` only fails at the first request, opaquely.
    """
    text = value.strip()
    example = "http://127.0.0.1:12180"
    if "://" not in text:
        raise ConfigurationError(
            f"{source} must start with http:// or https:// (e.g. {example}), not {value!r}: "
            f"write http://{text}."
        )
    try:
        parts = urlsplit(text)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        valid = valid and (parts.port is None or parts.port > 0)
    except ValueError:  # a port that is not a number
        valid = False
    if not valid:
        raise ConfigurationError(
            f"{source} must be an http:// or https:// URL with a host and an optional port "
            f"(e.g. {example}), not {value!r}."
        )
    path = parts.path.rstrip("/")
    if path or parts.query or parts.fragment:
        root = f"{parts.scheme}://{parts.netloc}"
        hint = " (stripe-python adds /v1 itself)" if path.startswith("/v1") else ""
        raise ConfigurationError(
            f"{source} must be the API's root URL without a path{hint}: use {root}, "
            f"not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def check_key_shape(key: str, source: str) -> None:
    """Refuse, before any request, a value that cannot be a Stripe secret or restricted key.

    The message names where the value came from and what it looks like, never the value.
    """
    if _KEY_SHAPE.fullmatch(key):
        return
    expected = "sk_test_…, sk_live_…, rk_test_… or rk_live_… followed by letters and digits"
    stripped = key.strip().strip("'\"")
    if stripped != key and _KEY_SHAPE.fullmatch(stripped):
        problem = "it has surrounding spaces, quotes or a line break"
    else:
        problem = next(
            (what for prefix, what in _OTHER_STRIPE_SECRETS.items() if stripped.startswith(prefix)),
            "it does not have that shape",
        )
    raise ConfigurationError(
        f"The Stripe key in {source} cannot be a Stripe secret key: {problem}. "
        f"Expected {expected} (Dashboard → Developers → API keys)."
    )


def is_local(api_base: str | None) -> bool:
    """True for an API on this machine (the emulator, stripe-mock): the hosts `pacing` leaves
    unpaced."""
    if not api_base:
        return False
    return (urlsplit(api_base).hostname or "") in LOCAL_HOSTS


@dataclass(frozen=True)
class StripeIdentity:
    """The Stripe a stack's objects live in; recorded in each object's outputs, never secret."""

    target: str
    """``emulator``, ``test`` or ``live``."""
    api_base: str
    """The API root, ``https://api.stripe.com`` for Stripe itself."""
    account: str | None = None
    """The account id (``acct_…``) read from Stripe; None on a local API, or when the key may
    not read it."""

    @property
    def livemode(self) -> bool:
        """Live-mode objects: a test-mode stack can never see them, nor the reverse."""
        return self.target == LIVE

    def text(self) -> str:
        """The recorded form: ``test https://api.stripe.com acct_1Ab``."""
        return " ".join(part for part in (self.target, self.api_base, self.account) if part)

    @classmethod
    def parse(cls, text: object) -> StripeIdentity | None:
        """The identity recorded in state, or None when there is none (older state)."""
        if not isinstance(text, str):
            return None
        parts = text.split()
        if len(parts) not in (2, 3) or parts[0] not in TARGETS:
            return None
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else None)

    def same_stripe(self, other: StripeIdentity) -> bool:
        """Same mode and API, and same account when both runs could read it.

        The emulator and ``test`` at the same URL are the same server, so the same objects.
        """
        if self.livemode != other.livemode or self.api_base != other.api_base:
            return False
        return self.account is None or other.account is None or self.account == other.account

    def describe(self) -> str:
        """In words, for messages: ``Stripe test mode (account acct_1Ab)``."""
        if self.target == EMULATOR:
            return f"the bundled emulator at {self.api_base}"
        mode = "live mode" if self.livemode else "test mode"
        account = f" (account {self.account})" if self.account else ""
        if self.api_base == STRIPE_API:
            return f"Stripe {mode}{account}"
        return f"the Stripe API at {self.api_base} in {mode}{account}"

    def refusal(self, recorded: StripeIdentity) -> str:
        """One line: the state belongs to `recorded`, this run talks to `self`, how to move."""
        return (
            f"This stack's state was made against {recorded.describe()}, but this run talks to "
            f"{self.describe()}: nothing was sent. Run it with the settings that made it "
            "(paylinks:stripe, STRIPE_API_KEY, STRIPE_API_BASE, PAYLINKS_EMULATOR_PORT), or move "
            "it on purpose: `pulumi destroy` with those settings (or `pulumi state delete --all "
            "--yes` to forget those objects, left where they are), then `pulumi up` with the new."
        )
