"""Scenario 5, the scripts' path: `make deploy` / `make preview` keep the secrets hidden too.

Users and CI don't run `pulumi` by hand: they run `make deploy` and `make preview`
(`scripts/deploy.sh`, `scripts/preview.sh`), which also feed `pulumi config --json
--show-secrets` to `paylinks preflight` on a pipe and write `.paylinks/` files (the stack's
working copy, the pre-flight text, the preview JSON, the review).
In a copy of the working tree, a test stack (`paylinks:stripe: test`, the canary key as a
*secret* stack config value, STRIPE_API_BASE the emulator) is deployed (create, then a no-op
re-run), a colliding second stack is refused by the pre-flight, a change is previewed into a
review file, and deploys fail on a Stripe 400 and on a mistyped key. The caller then searches
every `make` stdout/stderr and every file of the copy, its backend and PULUMI_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.emulator import EmulatorProcess
from tests.support.paths import REPO_ROOT, toolchain_bin
from tests.support.project_copy import (
    SCRIPT_TIMEOUT_SECONDS,
    ProjectCopy,
    copy_working_tree,
    script_environment,
)

__all__ = ["ScriptsRun", "run_scripts_path"]

STACK = "canary"
TWIN = "canary-twin"
"""A second stack of the same account with its own scope but the same lookup key: refused."""
CATALOG_FILE = "stacks/canary-catalog.yaml"
STACK_FILE = """config:
  paylinks:catalog: {catalog}
  paylinks:scope: {scope}
  paylinks:stripe: test
"""


@dataclass
class ScriptsRun:
    """What the scripts printed, and where they (and pulumi) may have written."""

    outputs: list[str] = field(default_factory=list)
    """stdout + stderr of every script and pulumi command run."""
    directories: dict[str, Path] = field(default_factory=dict)
    """Places to search, by name: the project copy (with `.paylinks/`), backend, PULUMI_HOME."""
    copied_from: Path = REPO_ROOT
    """The working tree the project copy was made from (its unchanged files are sources)."""
    webhook_secrets: list[str] = field(default_factory=list)
    """The `whsec_` secrets of the stack's endpoints (read with --show-secrets, not logged)."""
    problems: list[str] = field(default_factory=list)
    failed_as_intended: int = 0


def run_scripts_path(
    root: Path,
    emulator: EmulatorProcess,
    catalogs: dict[str, str],
    keys: dict[str, str],
    make_taken_product: Callable[[], None],
    *,
    long: bool = False,
) -> ScriptsRun:
    """The scripts' lifecycle on CATALOGS (`first`, `changed`, `bad_up`) with KEYS (`canary`,
    `typo`, `live`); MAKE_TAKEN_PRODUCT makes the 400 of `bad_up` happen. LONG adds the refused
    stack's review (the pre-flight's refusals in it) and a live key refused by the guard."""
    run = ScriptsRun()
    copy = ProjectCopy(copy_working_tree(root / "project"), script_environment(root))
    copy.env["STRIPE_API_BASE"] = emulator.base_url
    run.directories = {
        "make deploy/preview: project copy (.paylinks/ included)": copy.root,
        "make deploy/preview: file backend": root / "state",
        "make deploy/preview: PULUMI_HOME": root / "pulumi-home",
    }
    catalog = copy.root / CATALOG_FILE
    catalog.write_text(_own_lookup_keys(catalogs["first"]))
    for stack, scope in ((STACK, "canary"), (TWIN, "canary-twin")):
        (copy.root / "stacks" / f"Pulumi.{stack}.yaml").write_text(
            STACK_FILE.format(catalog=CATALOG_FILE, scope=scope)
        )
        _pulumi(copy, run, "stack", "init", stack, "--non-interactive")
        _set_key(copy, run, stack, keys["canary"])
        if "secure:" not in (copy.root / "stacks" / f"Pulumi.{stack}.yaml").read_text():
            run.problems.append(f"scripts: stack {stack}'s key is not a secret config value")

    _expect(run, _make(copy, "deploy", STACK=STACK), "deploy (create)", ok=True)
    run.webhook_secrets = _webhook_secrets(copy, run)
    again = _make(copy, "deploy", STACK=STACK)
    _expect(run, again, "deploy (no-op re-run)", ok=True)
    if "no changes" not in again.stdout + again.stderr:
        run.problems.append("scripts: the re-run of deploy.sh did not say it changed nothing")
    _expect(run, _make(copy, "deploy", STACK=TWIN), "deploy refused by the pre-flight", ok=False,
            saying="the pre-flight against stack canary-twin's Stripe failed")

    catalog.write_text(_own_lookup_keys(catalogs["changed"]))
    review = root / "review.md"
    preview = _make(copy, "preview", STACK=STACK, OUT=str(review))
    _expect(run, preview, "preview (a change)", ok=True)
    if not review.is_file():
        run.problems.append("scripts: make preview wrote no review file")
    else:
        run.outputs.append(review.read_text())

    make_taken_product()
    catalog.write_text(_own_lookup_keys(catalogs["bad_up"]))
    _expect(run, _make(copy, "deploy", STACK=STACK), "deploy (Stripe 400)", ok=False,
            saying=f"pulumi up failed for stack {STACK}")
    catalog.write_text(_own_lookup_keys(catalogs["changed"]))
    _set_key(copy, run, STACK, keys["typo"])
    _expect(run, _make(copy, "deploy", STACK=STACK), "deploy (mistyped key)", ok=False,
            saying="cannot be a Stripe secret key")
    if long:
        # The default OUT: .paylinks/review-canary-twin.md, searched with the copy's files.
        _expect(run, _make(copy, "preview", STACK=TWIN), "preview refused by the pre-flight",
                ok=False, saying="the pre-flight against stack canary-twin's Stripe failed")
        _set_key(copy, run, STACK, keys["live"])
        _expect(run, _make(copy, "deploy", STACK=STACK), "deploy (live key)", ok=False,
                saying="Refusing a live Stripe key")
    return run


def _own_lookup_keys(catalog: str) -> str:
    """The catalog with lookup keys of its own: the `pulumi` path's project, destroyed by now,
    left its archived prices holding the originals on the shared emulator account."""
    return catalog.replace("lookup_key: ", "lookup_key: scripts-")


def _expect(
    run: ScriptsRun,
    call: subprocess.CompletedProcess[str],
    what: str,
    *,
    ok: bool,
    saying: str = "",
) -> None:
    """Keep the call's output; note a problem unless it succeeded (OK) or failed SAYING so."""
    output = call.stdout + call.stderr
    run.outputs.append(output)
    if (call.returncode == 0) != ok or saying not in output:
        tail = "\n".join(output.splitlines()[-5:])
        run.problems.append(f"scripts: {what} exited {call.returncode}:\n{tail}")
    elif not ok:
        run.failed_as_intended += 1


def _make(copy: ProjectCopy, target: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """`make TARGET NAME=VALUE…` in the copy, as users and the workflows run it."""
    return subprocess.run(
        ["make", "--no-print-directory", target, *(f"{k}={v}" for k, v in variables.items())],
        cwd=copy.root, env=copy.env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=SCRIPT_TIMEOUT_SECONDS, check=False,
    )


def _set_key(copy: ProjectCopy, run: ScriptsRun, stack: str, key: str) -> None:
    """`pulumi config set --secret paylinks:stripeApiKey` as the stack file's comment says, the
    key on stdin; it lands encrypted in the copy's stacks/Pulumi.<stack>.yaml."""
    _pulumi(copy, run, "config", "set", "--secret", "paylinks:stripeApiKey", "--stack", stack,
            "--non-interactive", stdin=key)


def _webhook_secrets(copy: ProjectCopy, run: ScriptsRun) -> list[str]:
    """The stack's webhook secrets: the one command allowed to show them, kept out of OUTPUTS."""
    call = _pulumi(copy, None, "stack", "output", "webhook_endpoints", "--json", "--show-secrets",
                   "--stack", STACK, "--non-interactive")
    hooks = json.loads(call.stdout or "{}") if call.returncode == 0 else {}
    secrets = [str(hook.get("secret", "")) for hook in hooks.values()]
    if not secrets or not all(secret.startswith("whsec_") for secret in secrets):
        run.problems.append(f"scripts: no webhook secret in stack outputs: {call.stderr.strip()}")
    return [secret for secret in secrets if secret]


def _pulumi(
    copy: ProjectCopy, run: ScriptsRun | None, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`pulumi ARGS` in the copy; its output kept in RUN's outputs (None: not kept)."""
    env = {**copy.env, "PATH": f"{toolchain_bin()}{os.pathsep}{copy.env.get('PATH', '')}"}
    call = subprocess.run(
        ["pulumi", *args], cwd=copy.root, env=env, input=stdin, capture_output=True, text=True,
        timeout=120, check=False,
    )
    if run is not None:
        run.outputs.append(call.stdout + call.stderr)
        if call.returncode != 0:
            run.problems.append(f"scripts: pulumi {' '.join(args[:3])} failed: {call.stderr}")
    return call
