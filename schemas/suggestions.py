"""'Did you mean' hints for misspelt keys and references."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean"]

_MAX_LISTED = 12


def did_you_mean(wrong: str, candidates: Iterable[str], *, list_all: bool = True) -> str:
    """A hint naming the closest candidates, or (with ``list_all``) those that exist."""
    known = sorted(set(candidates))
    close = difflib.get_close_matches(wrong, known, n=3, cutoff=0.7)
    if close:
        return "did you mean " + " or ".join(f"'{name}'" for name in close) + "?"
    if not list_all:
        return ""
    if not known:
        return "there are none"
    shown = ", ".join(known[:_MAX_LISTED]) + (", ..." if len(known) > _MAX_LISTED else "")
    return f"known: {shown}"
