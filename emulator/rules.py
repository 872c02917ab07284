"""Every business rule the emulator enforces on products, prices, payment links and webhook
endpoints, registered once by id so the rules can be listed.

A model refuses a request with ``raise SOME_RULE.error(message, param=...)``; the answer is the
usual Stripe-shaped 400, plus a ``Emulator-Rule: <id>`` response header that Stripe clients
ignore and tests read. `tests/e2e/test_rule_parity.py` walks `RULES`: each rule needs a
row proving that the catalog (``paylinks validate`` and ``pulumi preview``) refuses the same
thing first, or saying why no catalog can reach it. A new rule without its row fails that test.
Parameter shapes (unknown, ill-typed or missing parameters) are `emulator.params`' job, not rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from emulator.exceptions import InvalidRequestError

__all__ = ["RULES", "RULE_HEADER", "Rule", "rule"]

RULE_HEADER = "Emulator-Rule"
"""Response header naming the rule that refused a request (ignored by Stripe clients)."""


@dataclass(frozen=True)
class Rule:
    """One of Stripe's business rules, as the emulator enforces it."""

    id: str
    """Stable id, ``<object>.<rule>`` (``payment_link.billing_interval``)."""
    summary: str
    """What Stripe refuses, in a sentence."""

    def error(
        self, message: str, *, param: str | None = None, code: str | None = None
    ) -> InvalidRequestError:
        """The 400 Stripe answers when this rule is broken, tagged with the rule's id."""
        error = InvalidRequestError(message, param=param, code=code)
        error.rule = self.id
        return error


RULES: dict[str, Rule] = {}
"""Every registered rule by id, in registration order."""


def rule(rule_id: str, summary: str) -> Rule:
    """Register a rule (ids are unique) and return it."""
    if rule_id in RULES:
        raise ValueError(f"emulator rule {rule_id!r} is registered twice")
    RULES[rule_id] = registered = Rule(rule_id, summary)
    return registered
