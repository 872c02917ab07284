"""Read YAML keeping the line of every mapping key and sequence item, for located errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from schemas.problems import CatalogError, FieldPath, Problem

__all__ = ["SourceMap", "YamlDocument", "parse_yaml", "read_yaml"]

_DUPLICATE_KEY = re.compile(r'found duplicate key "(.*?)" with value')


@dataclass
class SourceMap:
    """Where each part of a (possibly merged) document came from: path → (file, 1-based line)."""

    origins: dict[FieldPath, tuple[str, int]] = field(default_factory=dict)
    """Origin of each mapping key and sequence item, by path."""
    default_file: str = ""
    """File named when no part of a path is known (e.g. the catalog itself)."""
    changed_by: dict[FieldPath, tuple[str, int]] = field(default_factory=dict)
    """Mappings an overlay merged into, with the overlay's line: a problem on such a mapping (or
    about a key missing from it) is reported where the environment changed it."""

    def locate(self, path: FieldPath) -> tuple[str, int]:
        """File and line of `path`, or of its closest known ancestor."""
        for end in range(len(path), -1, -1):
            ancestor = tuple(path[:end])
            origin = self.changed_by.get(ancestor) or self.origins.get(ancestor)
            if origin is not None:
                return origin
        return (self.default_file, 0)

    def under(self, prefix: FieldPath) -> Iterator[FieldPath]:
        """Known paths at or below `prefix`."""
        size = len(prefix)
        return iter([path for path in self.origins if path[:size] == prefix])


@dataclass
class YamlDocument:
    """A parsed YAML file: plain Python data and where each part of it is written."""

    data: Any
    """dicts (string keys), lists and scalars; no ruamel types."""
    source: SourceMap
    """Line of every key and item."""


MAX_NODES = 100_000
"""Most values a catalog may hold once aliases are expanded (guards against "billion laughs")."""


class _TooLarge(Exception):
    pass


@dataclass
class _Converter:
    """Turns ruamel's round-trip nodes into plain data, recording each part's line."""

    file: str
    origins: dict[FieldPath, tuple[str, int]]
    nodes: int = 0

    def plain(self, node: Any, path: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge
        if isinstance(node, CommentedMap):
            result = {}
            for key, value in node.items():
                child = (*path, str(key))
                self._record(child, path, lambda key=key: node.lc.key(key))
                result[str(key)] = self.plain(value, child)
            return result
        if isinstance(node, CommentedSeq):
            items = []
            for index, value in enumerate(node):
                child = (*path, index)
                self._record(child, path, lambda index=index: node.lc.item(index))
                items.append(self.plain(value, child))
            return items
        if isinstance(node, bool) or node is None:
            return node
        for plain_type in (int, float, str):
            if isinstance(node, plain_type):
                return plain_type(node)
        return node

    def _record(self, child: FieldPath, parent: FieldPath, position: Any) -> None:
        try:
            self.origins[child] = (self.file, position()[0] + 1)
        except (KeyError, TypeError):  # keys from merges (<<) have no position of their own
            self.origins.setdefault(child, self.origins.get(parent, (self.file, 0)))


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text; a syntax error becomes a `CatalogError` naming file and line."""
    try:
        root = YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        reason = error.problem or error.context or "invalid YAML"
        duplicate = _DUPLICATE_KEY.match(reason)
        if duplicate:
            reason = f"key '{duplicate.group(1)}' appears twice in the same mapping"
        raise CatalogError([Problem(file, line, "", f"YAML syntax error: {reason}")]) from None
    except YAMLError as error:
        raise CatalogError([Problem(file, 0, "", f"YAML error: {error}")]) from None
    origins: dict[FieldPath, tuple[str, int]] = {(): (file, 1)}
    try:
        data = _Converter(file, origins).plain(root, ())
    except _TooLarge:
        message = f"more than {MAX_NODES} values once aliases are expanded; simplify the file"
        raise CatalogError([Problem(file, 1, "", message)]) from None
    return YamlDocument(data, SourceMap(origins, file))


def read_yaml(path: str | Path) -> YamlDocument:
    """Read and parse a YAML file; an unreadable file becomes a `CatalogError`."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise CatalogError([Problem(file, 0, "", f"can't read the file: {reason}")]) from None
    return parse_yaml(text, file)


