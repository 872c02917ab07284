"""Scenario 5: after a full lifecycle, no key or webhook secret in plaintext anywhere we write.

The stack uses a distinctive test key (``sk_test_SECRETCANARY…``) set as a secret config value,
creates, updates, makes a webhook endpoint (whose ``whsec_`` secret Stripe returns once), fails
on a Stripe 400, fails on a mistyped key and on a live key, renders a review, and is destroyed.
Then every place a secret could leak is searched: the file backend's `.pulumi` dir, PULUMI_HOME,
the project dir, `pulumi stack export`, `preview --json`, every CLI stdout/stderr, the review
comment, and provider exception messages. The same secrets then go through the scripts users and
CI run (`secrets_scripts`: `make deploy` / `make preview` with their pre-flight and `.paylinks/`
files), whose outputs, project copy, backend and PULUMI_HOME are searched too. Only
`pulumi stack output --show-secrets` (asked for explicitly, never logged by us) may show the
webhook secret.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import traceback
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.harness import Lab, is_long_mode, lab
from tests.reliability.secrets_scripts import run_scripts_path
from tests.support.pulumi import CatalogProject

__all__ = ["SecretFigures", "run_secret_scan"]

CATALOG = """
products:
  canary: {name: Canary}
prices:
  canary-price: {product: canary, currency: eur, unit_amount: 700, lookup_key: canary}
payment_links:
  canary-link:
    line_items: [{price: canary-price, quantity: 1}]
webhook_endpoints:
  canary-hook:
    url: https://example.com/hook
    enabled_events: [checkout.session.completed]
"""
UPDATED = CATALOG.replace("name: Canary", "name: Canary v2").replace(
    "quantity: 1}]", "quantity: 1}]\n    metadata: {round: two}"
)
TAKEN_ID = "prod_taken_outside_paylinks"
"""A product id already used in the account: only Stripe knows, so validate and preview pass and
the `up` fails on Stripe's 400 (every other Stripe refusal is caught at preview)."""
TWIN_ID = f"{TAKEN_ID}_too"
"""The same, for the scripts' run (its own id: the first one is taken by then)."""
BAD_UP = UPDATED.replace(
    "products:\n", f"products:\n  refused: {{name: Refused, id: {TAKEN_ID}}}\n", 1
)


@dataclass
class SecretFigures:
    """Plaintext occurrences of any secret, by place (all must be 0)."""

    secrets_tracked: int = 0
    places_scanned: Counter[str] = field(default_factory=Counter)
    """Files or texts searched, by place."""
    leaks: Counter[str] = field(default_factory=Counter)
    """Occurrences found, by place."""
    steps_failed_as_intended: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def total_leaks(self) -> int:
        """All occurrences together."""
        return sum(self.leaks.values())

    @property
    def ok(self) -> bool:
        """Nothing leaked, and the scenario ran as designed."""
        return self.total_leaks == 0 and not self.problems


def run_secret_scan(root: Path) -> SecretFigures:
    """Run the lifecycle with canary secrets, then search every output for them."""
    figures = SecretFigures()
    canary = f"sk_test_SECRETCANARY{uuid.uuid4().hex}"
    typo = f"sk_tset_SECRETCANARY{uuid.uuid4().hex}"  # the prefix mistyped: refused by shape
    live = f"sk_live_SECRETCANARY{uuid.uuid4().hex}"  # refused by the live-key guard
    texts: dict[str, list[str]] = {}
    with lab(root) as bench:
        project = bench.project(CATALOG, env={"STRIPE_API_KEY": ""})
        project.config_set("paylinks:stripeApiKey", canary, secret=True)
        project.up()
        hooks = project.stack_output().get("webhook_endpoints", {})
        webhook_secrets = [str(hook["secret"]) for hook in hooks.values()]
        if not all(secret.startswith("whsec_") for secret in webhook_secrets):
            figures.problems.append(f"no webhook secret in stack outputs: {list(hooks)}")
        project.write_catalog(UPDATED)
        project.up()
        _take_product_id(bench, TAKEN_ID)
        project.write_catalog(BAD_UP)
        plan = project.run("preview", "--json", "--stack", project.stack).stdout
        texts["preview --json"] = [plan]
        texts["paylinks review"] = [_review(root, plan)]
        _expect_failure(project, figures, "Stripe 400")
        project.config_set("paylinks:stripeApiKey", typo, secret=True)
        _expect_failure(project, figures, "mistyped key")
        project.config_set("paylinks:stripeApiKey", live, secret=True)
        _expect_failure(project, figures, "live key")
        project.config_set("paylinks:stripeApiKey", canary, secret=True)
        project.write_catalog(UPDATED)
        # A plain refresh would still use the key of the last `up` (the engine keeps the
        # provider's config in state), so the fixed key is applied with an `up` first.
        project.up()
        project.run("refresh", "--yes", "--skip-preview", "--stack", project.stack)
        texts["pulumi stack export"] = [
            project.run("stack", "export", "--stack", project.stack).stdout
        ]
        project.destroy()
        texts["provider exception messages"] = list(_provider_errors(bench, canary, typo))
        scripts = run_scripts_path(
            root / "scripts",
            bench.emulator,
            {"first": CATALOG, "changed": UPDATED, "bad_up": BAD_UP.replace(TAKEN_ID, TWIN_ID)},
            {"canary": canary, "typo": typo, "live": live},
            lambda: _take_product_id(bench, TWIN_ID),
            long=is_long_mode(),
        )
        figures.problems += scripts.problems
        webhook_secrets += scripts.webhook_secrets
        figures.steps_failed_as_intended += scripts.failed_as_intended
        texts["make deploy/preview: stdout/stderr, review file"] = scripts.outputs
        for place, directory in scripts.directories.items():
            texts[place] = list(_files(directory, unchanged_from=scripts.copied_from))
        texts["CLI stdout/stderr"] = [
            call.stdout + call.stderr
            for call in project.calls
            if "--show-secrets" not in call.args  # the one place allowed to show them
        ]
    home = project.directory.parent
    texts["file backend (.pulumi)"] = list(_files(home / "state"))
    texts["PULUMI_HOME"] = list(_files(home / "pulumi-home"))
    texts["project dir"] = list(_files(project.directory))
    secrets = [canary, typo, live, "SECRETCANARY", *webhook_secrets]
    secrets += [s.removeprefix("whsec_") for s in webhook_secrets]
    figures.secrets_tracked = len(set(secrets))
    for place, contents in texts.items():
        figures.places_scanned[place] += len(contents)
        figures.leaks[place] += sum(text.count(secret) for text in contents for secret in secrets)
    return figures


def _expect_failure(project: CatalogProject, figures: SecretFigures, what: str) -> None:
    call = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    if call.returncode == 0:
        figures.problems.append(f"{what}: pulumi up should have failed")
    else:
        figures.steps_failed_as_intended += 1


def _take_product_id(bench: Lab, product_id: str) -> None:
    """Make a product with PRODUCT_ID outside paylinks, so declaring that id fails on a 400."""
    bench.emulator.client().v1.products.create(
        params={"id": product_id, "name": "Made outside paylinks"}
    )


def _review(root: Path, plan: str) -> str:
    """`paylinks review` on the preview JSON, as CI would run it for a PR comment."""
    plan_file = root / "preview.json"
    plan_file.write_text(plan)
    command = [str(Path(sys.executable).with_name("paylinks")), "review", str(plan_file)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def _provider_errors(bench: Lab, canary: str, typo: str) -> Iterator[str]:
    """Messages, reprs and tracebacks of provider errors raised in-process with each key."""
    from providers import ProductProvider, WebhookEndpointProvider
    from providers.adoption import forget_all_indexes
    from providers.stripe_client import reset_stack_config

    hook = {"scope": "s", "key": "k", "url": "https://e.com/h", "enabled_events": ["nope.nope"]}
    cases = [
        (typo, lambda: ProductProvider().fetch("prod_x")),
        (canary, lambda: WebhookEndpointProvider().create(hook)),
    ]
    for key, action in cases:
        with _environment(STRIPE_API_KEY=key, STRIPE_API_BASE=bench.emulator.base_url):
            reset_stack_config()
            forget_all_indexes()
            try:
                action()
            except Exception as error:
                yield str(error) + repr(error) + "".join(traceback.format_exception(error))
            else:
                yield "no error raised"


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _files(directory: Path, unchanged_from: Path | None = None) -> Iterator[str]:
    """Text of every file under `directory` (binaries such as plugins skipped by size; symlinks
    such as a project copy's shared `.venv` not followed). With UNCHANGED_FROM (the tree a
    project copy was made from), files identical to that tree's are skipped: they are the
    project's sources (this scenario's own mentions the canary's prefix), not something written."""
    for folder, _, names in sorted(os.walk(directory)):
        for path in (Path(folder) / name for name in sorted(names)):
            if not path.is_file() or path.is_symlink() or path.stat().st_size >= 5_000_000:
                continue
            if unchanged_from is not None:
                original = unchanged_from / path.relative_to(directory)
                if original.is_file() and original.read_bytes() == path.read_bytes():
                    continue
            yield path.read_text(errors="replace")
