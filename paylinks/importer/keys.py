"""Logical catalog keys for imported objects: the owner's key when paylinks made it, else a slug.

Keys must match the catalog's pattern (lowercase letters, digits, ``-`` and ``_``, at most 60
characters) and be unique per kind. Keys already recorded in ``paylinks_key`` metadata are
reserved first, so a derived key never takes the name of an object paylinks already manages.
"""

from __future__ import annotations

import re
import unicodedata

from schemas.base import MAX_KEY_LENGTH

__all__ = ["KeyAllocator", "slugify"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str) -> str:
    """`text` as a kebab-case key (accents folded, ≤60 characters); `fallback` if nothing is left.

    ``"Café Crème, 250 g"`` → ``"cafe-creme-250-g"``.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    if len(slug) > MAX_KEY_LENGTH:
        cut = slug[:MAX_KEY_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or fallback


class KeyAllocator:
    """Hands out unique keys for one kind: ``tip``, then ``tip-2``, ``tip-3``..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def reserve(self, key: str) -> None:
        """Mark a key as used (an object paylinks already owns keeps its key)."""
        self._taken.add(key)

    def allocate(self, wanted: str) -> str:
        """`wanted` if free, else the first free ``wanted-N``; the result is reserved."""
        candidate, counter = wanted, 1
        while candidate in self._taken:
            counter += 1
            suffix = f"-{counter}"
            candidate = wanted[: MAX_KEY_LENGTH - len(suffix)].rstrip("-_") + suffix
        self._taken.add(candidate)
        return candidate
