"""What a user sees when a catalog or a resource breaks a rule: `Problem` and `CatalogError`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["CatalogError", "FieldPath", "Problem", "Violation", "format_path"]

#: A location inside a document: mapping keys (str) and list indexes (int), outermost first.
FieldPath = tuple[str | int, ...]


def _one_line(text: str) -> str:
    """`text` with what would break or hide its line (control characters, line separators such
    as ``\x1d``) escaped: a problem is one line, whatever characters a catalog key holds."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def format_path(path: Sequence[str | int]) -> str:
    """Render a path the way users read it: ``payment_links.tip-jar.line_items[0].price``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Violation:
    """A broken rule found by `schemas.rules`, located relative to the object that was checked.

    Rules know nothing about files; callers prefix `path` with where the object lives and turn the
    result into a `Problem`.
    """

    path: FieldPath
    """Where the rule is broken, relative to the checked object (``("line_items", 3)``)."""
    message: str
    """What is wrong and what to do, in a user's words."""
    missing: FieldPath | None = None
    """The entry a reference names but the catalog lacks (``("coupons", "first-bag")``): when a
    stack's overrides removed it, the problem says where."""
    cause: FieldPath | None = None
    """A value elsewhere in the catalog the problem comes from (the currency of the shipping rate a
    link offers): when a stack's overrides set it, the problem says where."""


@dataclass(frozen=True, order=True)
class Problem:
    """One user mistake, located precisely enough to fix it without reading code."""

    file: str
    """File holding the mistake (catalog or stack file); empty for provider inputs."""
    line: int
    """1-based line of the offending key or item; 0 when unknown (provider inputs)."""
    path: str
    """Dotted field path, e.g. ``payment_links.tip-jar.line_items[0].price``."""
    message: str
    """What is wrong and what to do."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return f"{where}{_one_line(self.path or '<root>')}: {_one_line(self.message)}"


class CatalogError(Exception):
    """Every problem found in a catalog, reported together so one run shows all fixes needed.

    ``str()`` is one line per problem: ``file:line: path: message``.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems))
        """The problems, ordered by file, line and path, duplicates removed."""
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
