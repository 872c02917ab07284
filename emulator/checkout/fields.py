"""Form controls every section of the payment page builds from: a field's message and a labelled
text input that keeps what the customer typed after a rejected submission."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

__all__ = ["field_error", "text_input"]


def field_error(problems: Mapping[str, str], key: str) -> str:
    """The message under field `key`, if the last submission had a problem there."""
    message = problems.get(key)
    return f'<div class="error" role="alert">{escape(message)}</div>' if message else ""


def text_input(
    key: str,
    label: str,
    values: Mapping[str, str],
    problems: Mapping[str, str],
    *,
    autocomplete: str = "",
    default: str = "",
) -> str:
    """`<label>` + `<input type=text>` named and identified `key`, with its message."""
    completion = f' autocomplete="{escape(autocomplete)}"' if autocomplete else ""
    return (
        f'<label for="{escape(key)}">{escape(label)}</label>'
        f'<input type="text" id="{escape(key)}" name="{escape(key)}"{completion} '
        f'value="{escape(values.get(key, default))}">{field_error(problems, key)}'
    )
