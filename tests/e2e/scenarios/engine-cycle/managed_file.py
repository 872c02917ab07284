"""A dynamic resource that owns one local file, for the engine-cycle scenario.

The provider lives in an importable module (not `__main__`), so the pickled
provider is a reference the provider process must import from the project
directory, exactly like the real paylinks providers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
from pulumi.dynamic import (
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)


class ManagedFileProvider(ResourceProvider):
    """Writes `content` to `path`; a new path means a new file (replace)."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Write the file; its absolute path is the resource id."""
        Path(props["path"]).write_text(props["content"])
        return CreateResult(id_=props["path"], outs=dict(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Content changes update in place; a path change replaces the file."""
        changes = [key for key in ("path", "content") if olds.get(key) != news.get(key)]
        return DiffResult(
            changes=bool(changes),
            replaces=["path"] if "path" in changes else [],
            delete_before_replace=False,
        )

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Rewrite the file with the new content."""
        Path(news["path"]).write_text(news["content"])
        return UpdateResult(outs=dict(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Report the file as it is on disk; an empty id means it is gone."""
        path = Path(id_)
        if not path.exists():
            return ReadResult(id_="", outs={})
        return ReadResult(id_=id_, outs={**props, "content": path.read_text()})

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        """Remove the file if it is still there."""
        Path(id_).unlink(missing_ok=True)


class ManagedFile(Resource):
    """A local file whose content the stack declares."""

    path: pulumi.Output[str]
    content: pulumi.Output[str]

    def __init__(
        self, name: str, path: str, content: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(ManagedFileProvider(), name, {"path": path, "content": content}, opts)
