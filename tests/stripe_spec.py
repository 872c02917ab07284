"""The OpenAPI spec of the Stripe API version the project pins, read where `make toolchain` left it.

stripe-mock embeds one API version's spec (``embedded/openapi/spec3.json``); the release pinned in
``toolchain/versions.env`` embeds the version stripe-python pins. `make toolchain` installs it
with ``go install github.com/stripe/stripe-mock@<version>``, which leaves the module source in the
Go module cache. Nothing of the spec is kept in this repository: tests read it from there, and
fetch the module with ``go mod download`` (Go's ordinary client) if the cache was cleaned since.

    spec = stripe_spec()
    params = write_params(spec, "/v1/payment_links")            # create
    params = write_params(spec, "/v1/payment_links", update=True)  # POST /v1/payment_links/{id}
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "SpecUnavailable",
    "accepts_empty",
    "item_schema",
    "pinned_stripe_mock_version",
    "properties",
    "spec_path",
    "stripe_spec",
    "write_params",
]

REPO = Path(__file__).resolve().parent.parent
MODULE = "github.com/stripe/stripe-mock"
SPEC_IN_MODULE = Path("embedded") / "openapi" / "spec3.json"


class SpecUnavailable(RuntimeError):
    """The pinned spec can't be found or fetched (no Go, no module cache)."""


def pinned_stripe_mock_version() -> str:
    """``STRIPE_MOCK_VERSION`` from toolchain/versions.env (``v0.203.0``)."""
    for line in (REPO / "toolchain" / "versions.env").read_text(encoding="utf-8").splitlines():
        if line.startswith("STRIPE_MOCK_VERSION="):
            return line.split("=", 1)[1].strip()
    raise SpecUnavailable("toolchain/versions.env has no STRIPE_MOCK_VERSION")


def _go_env(name: str) -> str | None:
    go = shutil.which("go")
    if go is None:
        return None
    found = subprocess.run([go, "env", name], capture_output=True, text=True, check=False)
    return found.stdout.strip() or None


def _module_dir(version: str) -> Path | None:
    cache = os.environ.get("GOMODCACHE") or _go_env("GOMODCACHE")
    if cache is None:
        gopath = os.environ.get("GOPATH") or str(Path.home() / "go")
        cache = str(Path(gopath.split(os.pathsep)[0]) / "pkg" / "mod")
    candidate = Path(cache) / f"{MODULE}@{version}"
    return candidate if (candidate / SPEC_IN_MODULE).exists() else None


def _download(version: str) -> Path:
    go = shutil.which("go")
    if go is None:
        raise SpecUnavailable(
            f"{MODULE}@{version} is not in the Go module cache and Go is not installed: "
            "run `make toolchain`"
        )
    done = subprocess.run(
        [go, "mod", "download", "-json", f"{MODULE}@{version}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO / "toolchain",
    )
    if done.returncode != 0:
        raise SpecUnavailable(f"go mod download {MODULE}@{version} failed: {done.stderr.strip()}")
    return Path(json.loads(done.stdout)["Dir"])


def spec_path() -> Path:
    """Path of the pinned spec3.json, downloading the module if the cache lacks it."""
    version = pinned_stripe_mock_version()
    directory = _module_dir(version) or _download(version)
    return directory / SPEC_IN_MODULE


@functools.cache
def stripe_spec() -> Mapping[str, Any]:
    """The pinned OpenAPI spec (parsed once per test process)."""
    return json.loads(spec_path().read_text(encoding="utf-8"))


def write_params(spec: Mapping[str, Any], api_path: str, *, update: bool = False) -> dict[str, Any]:
    """Form parameters of ``POST api_path`` (create) or ``POST api_path/{id}`` (update)."""
    path = api_path
    if update:
        matches = [
            p
            for p in spec["paths"]
            if p.startswith(api_path + "/{") and p.count("/") == api_path.count("/") + 1
        ]
        if len(matches) != 1:
            raise SpecUnavailable(f"no single update path under {api_path} in the spec: {matches}")
        path = matches[0]
    body = spec["paths"][path]["post"]["requestBody"]["content"]
    schema = body["application/x-www-form-urlencoded"]["schema"]
    return dict(schema.get("properties", {}))


def _alternatives(schema: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """A schema and the branches of its ``anyOf`` (Stripe writes "or ''" as an anyOf)."""
    yield schema
    for branch in schema.get("anyOf", ()):
        yield from _alternatives(branch)


def properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The object properties a (possibly ``anyOf``) parameter schema allows."""
    found: dict[str, Any] = {}
    for branch in _alternatives(schema):
        found |= branch.get("properties", {})
    return found


def item_schema(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Schema of each array item, or of each value of a freely keyed hash (``currency_options``)."""
    for branch in _alternatives(schema):
        if "items" in branch:
            return branch["items"]
        if isinstance(branch.get("additionalProperties"), Mapping):
            return branch["additionalProperties"]
    return None


def accepts_empty(schema: Mapping[str, Any]) -> bool:
    """Whether ``''`` (unset) is allowed."""
    return any(branch.get("enum") == [""] for branch in _alternatives(schema))
