"""Stack files for `make deploy` / `make preview`, so that pulumi never writes a tracked file.

`pulumi stack init` and `pulumi up` rewrite the stack file they read (a new `encryptionsalt`, values
re-quoted). So pulumi is given a git-ignored *working copy* of `stacks/Pulumi.<stack>.yaml`
(`--config-file`), regenerated from the tracked file on every run:

- `config:` (and any other key) is copied as committed; the program itself reads the catalog and
  `paylinks:overrides` from the tracked file.
- The secrets-provider keys (`encryptionsalt`, `secretsprovider`, `encryptedkey`) are copied only
  when the tracked file holds encrypted (`secure:`) values, which need them. Otherwise they are left
  out and pulumi, with `PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER=true`, uses the secrets provider
  kept in the stack's state; a new stack gets its salt (or key) from `pulumi stack init`, written to
  the working copy. So a committed salt of the public local passphrase never meets a team's own
  passphrase on a shared backend.

Usage: `stack_files.py working-copy STACK DIR` writes DIR/Pulumi.yaml (the project, for
`pulumi -C DIR stack init`) and DIR/Pulumi.STACK.yaml, and prints the latter's path.
`stack_files.py stripe STACK` prints the stack's `paylinks:stripe` setting (empty when unset).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPO_ROOT = Path(__file__).resolve().parent.parent
SECRETS_PROVIDER_KEYS = ("encryptionsalt", "secretsprovider", "encryptedkey")
STRIPE_CONFIG_KEY = "paylinks:stripe"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    return yaml


def tracked_stack_file(stack: str, repo: Path = REPO_ROOT) -> Path:
    """The committed `stacks/Pulumi.<stack>.yaml`."""
    return repo / "stacks" / f"Pulumi.{stack}.yaml"


def has_secure_values(node: Any) -> bool:
    """True when a config tree holds a `{secure: ...}` value (encrypted with the file's salt)."""
    if isinstance(node, Mapping):
        return "secure" in node or any(has_secure_values(value) for value in node.values())
    if isinstance(node, list):
        return any(has_secure_values(item) for item in node)
    return False


def working_document(tracked: Mapping[str, Any]) -> dict[str, Any]:
    """The working copy's content: the tracked document, secrets-provider keys only if needed."""
    keep_secrets = has_secure_values(tracked.get("config"))
    return {
        key: value
        for key, value in tracked.items()
        if keep_secrets or key not in SECRETS_PROVIDER_KEYS
    }


def write_working_copy(stack: str, directory: Path, repo: Path = REPO_ROOT) -> Path:
    """Write DIR/Pulumi.yaml and DIR/Pulumi.<stack>.yaml; return the stack file's path."""
    source = tracked_stack_file(stack, repo)
    if not source.is_file():
        known = sorted(path.name[len("Pulumi.") : -len(".yaml")] for path in source.parent.glob(
            "Pulumi.*.yaml"))
        raise SystemExit(
            f"error: no stack file {source.relative_to(repo)} for stack '{stack}' "
            f"(stacks with a file: {', '.join(known) or 'none'}); add one to create the stack"
        )
    yaml = _yaml()
    directory.mkdir(parents=True, exist_ok=True)
    project = yaml.load(repo / "Pulumi.yaml")
    # Stack files of this directory are the working copies: no stackConfigDir.
    project.pop("stackConfigDir", None)
    _replace(directory / "Pulumi.yaml", project, yaml)
    tracked = yaml.load(source) or {}
    target = directory / f"Pulumi.{stack}.yaml"
    _replace(target, working_document(tracked), yaml)
    return target


def _replace(path: Path, document: Any, yaml: YAML) -> None:
    """Write PATH whole or not at all: a concurrent run never reads half a file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    yaml.dump(document, partial)
    os.replace(partial, path)


def stripe_setting(stack: str, repo: Path = REPO_ROOT) -> str:
    """The stack file's `paylinks:stripe` value, or '' when the file or the key is missing."""
    source = tracked_stack_file(stack, repo)
    if not source.is_file():
        return ""
    document = _yaml().load(source) or {}
    config = document.get("config") or {}
    value = config.get(STRIPE_CONFIG_KEY, "")
    return str(value) if isinstance(value, str) else ""


def main(argv: list[str]) -> int:
    """Command-line entry: see the module docstring."""
    if len(argv) == 3 and argv[0] == "working-copy":
        print(write_working_copy(argv[1], Path(argv[2])))
        return 0
    if len(argv) == 2 and argv[0] == "stripe":
        print(stripe_setting(argv[1]))
        return 0
    print("usage: stack_files.py working-copy STACK DIR | stripe STACK", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
