"""How one value appears in a review comment: compact, Markdown-safe, and never a secret.

The preview JSON already masks Pulumi secrets as ``[secret]``; we never try to unmask them. As a
second guard, anything shaped like a Stripe key or webhook signing secret is replaced before it can
reach a pull request comment (a key pasted into metadata would otherwise be published).
"""

from __future__ import annotations

import json
from typing import Any

from paylinks.review.changes import ABSENT
from providers.secrets import SECRET_PATTERN
from schemas.unknown import UNKNOWN

__all__ = ["MAX_VALUE_CHARS", "SECRET_TEXT", "code", "format_value", "redact"]

#: Longer values are cut (with an ellipsis) so one big list can't drown the table.
MAX_VALUE_CHARS = 120

SECRET_TEXT = "[secret]"


def redact(text: str) -> str:
    """Replace every Stripe-key- or signing-secret-shaped substring with ``[secret]``."""
    return SECRET_PATTERN.sub(SECRET_TEXT, text)


def code(text: str) -> str:
    """An inline code span safe inside a Markdown table cell."""
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def format_value(value: Any) -> str:
    """Markdown for one side of a field change.

    Absent fields show as an em dash, values known only after apply as *known after apply*, the
    preview's ``[secret]`` as-is, everything else as compact JSON in a code span.
    """
    if value is ABSENT:
        return "—"
    if value == UNKNOWN:
        return "*known after apply*"
    if value == SECRET_TEXT:
        return code(SECRET_TEXT)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    text = text.replace(json.dumps(UNKNOWN), "(known after apply)")
    text = redact(text)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return code(text)
