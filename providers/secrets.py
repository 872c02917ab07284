"""The shape of a Stripe secret (API key or webhook signing secret), defined once.

Anything matching it is cut out of every message, log line and review comment paylinks writes:
Stripe's own messages can echo a key ("Invalid API Key provided: sk_test_..."), and error text
ends up in Pulumi's logs and CI output.
"""

from __future__ import annotations

import re

__all__ = ["SECRET_PATTERN", "scrub_secrets"]

SECRET_PATTERN = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:(?P<mode>(?:sk|rk|pk)_(?:test|live)_)[A-Za-z0-9_*+/=]+"
    r"|(?P<kind>(?:sk|rk|pk|whsec)_)[A-Za-z0-9_*+/=]{6,})"
)
"""A secret (or publishable) key, restricted key or ``whsec_`` secret, mistyped prefixes included
(``sk_tset_…``). A bare prefix such as ``sk_test_`` in a message naming the key kinds is not a
secret and stays readable."""


def _redacted(match: re.Match[str]) -> str:
    return f"{match.group('mode') or match.group('kind')}[redacted]"


def scrub_secrets(text: str) -> str:
    """`text` with each secret's body replaced: ``sk_test_[redacted]`` (the prefix stays, so a
    reader still knows which kind of key was meant)."""
    return SECRET_PATTERN.sub(_redacted, text)
