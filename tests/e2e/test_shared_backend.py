"""Teams share state: the CI flow from two fresh clones on a real shared backend (PostgreSQL).

Two `git clone`s of the repository at HEAD act as two CI runners. They share what a team shares:
the backend URL (Pulumi's `postgres://` DIY backend on a throwaway PostgreSQL cluster), the
passphrase, and one Stripe (the emulator over HTTP, which `make deploy` reuses for the dev stack
because it already answers on PAYLINKS_EMULATOR_PORT). Each runner has its own PULUMI_HOME and
checkout, and runs only `make deploy` / `make preview`, as the workflows do.

A clone's `.venv` is a symlink to this repository's: sound because the clone's pyproject.toml is
the one at HEAD, so `scripts/venv.sh` finds the stamp current and never installs into it (the
venv holds only the pinned third-party packages), and `scripts/env.sh` puts the clone's own
directory first on PYTHONPATH, so the program, providers and CLI run the clone's code.
The clones hold what is committed: uncommitted changes are not part of this test.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.emulator import EmulatorProcess
from tests.support.paths import REPO_ROOT, toolchain_bin
from tests.support.postgres import PostgresCluster

pytestmark = pytest.mark.e2e

MAKE_TIMEOUT_SECONDS = 600
LINK_KEYS = {"starter-bundle", "coffee-club", "tip-jar"}
PRICE_CHANGE = ("unit_amount: 1400", "unit_amount: 1500")  # house-blend-bag: a new price
MESSAGE_CHANGE = (
    "custom_message: Thank you! The whole crew says cheers.",
    "custom_message: Thank you! The whole crew says cheers again.",
)


@dataclass
class Runner:
    """One CI runner: a fresh clone and the environment a workflow job would give it."""

    name: str
    clone: Path
    env: dict[str, str]

    def make(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `make ARGS` in the clone, as a workflow step does."""
        return subprocess.run(
            ["make", *args], cwd=self.clone, env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=MAKE_TIMEOUT_SECONDS, check=False,
        )

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """Start `make ARGS` without waiting (for concurrent deploys)."""
        return subprocess.Popen(
            ["make", *args], cwd=self.clone, env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def edit(self, path: str, old: str, new: str) -> None:
        """Replace OLD by NEW in a file of the clone (OLD must be there)."""
        target = self.clone / path
        text = target.read_text()
        assert old in text, f"{path} of the {self.name} clone no longer contains {old!r}"
        target.write_text(text.replace(old, new))

    def git_status(self) -> set[str]:
        """`git status --porcelain` lines of the clone."""
        result = subprocess.run(
            ["git", "status", "--porcelain"], cwd=self.clone, capture_output=True, text=True,
            check=True,
        )
        return set(result.stdout.splitlines())


def finished(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """Wait for a started `make` and return it like `subprocess.run` would."""
    stdout, stderr = process.communicate(timeout=MAKE_TIMEOUT_SECONDS)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """Assert a `make` succeeded, showing its output when not."""
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def link_urls(stdout: str) -> dict[str, str]:
    """`key: url  (note)` lines printed by `make deploy` → {key: url}."""
    urls = {}
    for line in stdout.splitlines():
        key, sep, rest = line.partition(": ")
        if sep and key in LINK_KEYS:
            urls[key] = rest.split()[0]
    return urls


def objects_by_scope(emulator: EmulatorProcess, scope: str) -> dict[str, Counter[str]]:
    """Active objects of SCOPE per kind, counted by paylinks key (a duplicate counts 2)."""
    client = emulator.client()
    services = {
        "products": client.v1.products,
        "prices": client.v1.prices,
        "payment_links": client.v1.payment_links,
    }
    counts: dict[str, Counter[str]] = {}
    for kind, service in services.items():
        counts[kind] = Counter(
            obj.metadata.to_dict().get("paylinks_key")
            for obj in service.list(params={"limit": 100}).auto_paging_iter()
            if obj.active and obj.metadata.to_dict().get("paylinks_scope") == scope
        )
    return counts


def assert_exactly_once(emulator: EmulatorProcess, scope: str) -> None:
    """Every catalog object of SCOPE exists once, active: nothing lost, nothing duplicated."""
    counts = objects_by_scope(emulator, scope)
    assert counts["payment_links"] == Counter(dict.fromkeys(LINK_KEYS, 1)), counts
    assert set(counts["products"].values()) == {1} and len(counts["products"]) == 4, counts
    assert set(counts["prices"].values()) == {1} and len(counts["prices"]) == 4, counts


def lock_rows(cluster: PostgresCluster, database: str) -> list[str]:
    """Pulumi's lock files in the postgres backend's table."""
    rows = cluster.psql(database, "SELECT key FROM pulumi_state WHERE key LIKE '%/locks/%'")
    return [row for row in rows.splitlines() if row.strip()]


@dataclass
class Team:
    """What runners share: a fresh database of the postgres cluster, a passphrase, an emulator."""

    database: str
    tmp: Path
    env: dict[str, str]

    def runner(self, name: str) -> Runner:
        """A new CI runner: a fresh clone of HEAD with its own PULUMI_HOME."""
        clone = self.tmp / name
        subprocess.run(["git", "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
        (clone / ".venv").symlink_to(REPO_ROOT / ".venv")
        env = {**self.env, "PULUMI_HOME": str(self.tmp / f"{name}-pulumi-home")}
        return Runner(name=name, clone=clone, env=env)


def _venv_matches_head() -> None:
    """Clones share this .venv only if HEAD's pyproject.toml is the one it was built from.

    Otherwise `scripts/venv.sh` in a clone would reinstall into it (and point it at the clone).
    """
    stamp = REPO_ROOT / ".venv" / ".paylinks-stamp"
    head = subprocess.run(
        ["git", "show", "HEAD:pyproject.toml"], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout
    wanted = hashlib.sha256(head).hexdigest()[:16]
    if not stamp.is_file() or stamp.read_text().strip() != wanted:
        pytest.fail(
            "the clones would share .venv, but it was not built from HEAD's pyproject.toml: "
            "commit pyproject.toml and run `make venv`"
        )


@pytest.fixture
def team(tmp_path: Path, postgres_cluster: PostgresCluster, emulator: EmulatorProcess) -> Team:
    """A fresh shared backend (postgres database), the team's own passphrase, one emulator."""
    _venv_matches_head()
    database, backend_url = postgres_cluster.database()
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("PULUMI_", "STRIPE_", "PAYLINKS_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env.update(
        PULUMI_BACKEND_URL=backend_url,
        # The team's own passphrase, never the public local one.
        PULUMI_CONFIG_PASSPHRASE=f"team-{secrets.token_hex(8)}",
        PAYLINKS_TOOLCHAIN=str(toolchain_bin().parent),
        # `make deploy` finds this emulator answering on its port and uses it for dev.
        PAYLINKS_EMULATOR_PORT=emulator.base_url.rsplit(":", 1)[1],
        CI="true",
    )
    return Team(database=database, tmp=tmp_path, env=env)


def test_two_runners_deploy_preview_and_lock_on_a_shared_postgres_backend(
    team: Team, postgres_cluster: PostgresCluster, emulator: EmulatorProcess
) -> None:
    database = team.database
    runner_a, runner_b = team.runner("runner-a"), team.runner("runner-b")

    # Runner A: a fresh backend, so the deploy creates the stack, then applies the catalog.
    first = ok(runner_a.make("deploy", "STACK=dev"))
    assert "created stack dev on postgres://" in first.stderr
    urls = link_urls(first.stdout)
    assert set(urls) == LINK_KEYS and all(u.startswith(emulator.base_url) for u in urls.values())
    assert_exactly_once(emulator, "dev")

    # Runner B: edits the catalog and renders the pull-request review; nothing is written.
    runner_b.edit("stacks/catalog.yaml", *PRICE_CHANGE)
    emulator.clear_requests()
    preview = ok(runner_b.make("preview", "STACK=dev"))
    review_path = Path(preview.stdout.strip().splitlines()[-1])
    assert review_path == runner_b.clone / ".paylinks" / "review-dev.md"
    review = review_path.read_text()
    assert "Payment link `starter-bundle` gets a new URL" in review
    assert urls["starter-bundle"] in review, "the review names the URL customers will lose"
    assert "| `unit_amount` | `1400` | `1500` |" in review
    assert not [r for r in emulator.requests() if r["method"] != "GET"], "preview wrote to Stripe"

    # Runner A (the change merged) deploys it: one link gets a new URL and says so.
    runner_a.edit("stacks/catalog.yaml", *PRICE_CHANGE)
    change = ok(runner_a.make("deploy", "STACK=dev"))
    new_urls = link_urls(change.stdout)
    assert new_urls["starter-bundle"] != urls["starter-bundle"]
    assert "starter-bundle: " + new_urls["starter-bundle"] + "  (NEW URL" in change.stdout
    assert "URL changed: starter-bundle; inactive: none" in change.stdout
    assert "stack dev updated:" in change.stderr

    # Runner B's deploy of the same catalog is then a no-op, with the same links.
    noop = ok(runner_b.make("deploy", "STACK=dev"))
    assert "no changes: stack dev already matched the catalog" in noop.stderr
    assert link_urls(noop.stdout) == new_urls
    assert_exactly_once(emulator, "dev")

    # Two deploys of one stack at once: A applies (slowed down by the emulator so it holds the
    # lock); B, told not to wait, stops with one line naming the lock; B waiting then no-ops.
    runner_a.edit("stacks/catalog.yaml", *MESSAGE_CHANGE)
    runner_b.edit("stacks/catalog.yaml", *MESSAGE_CHANGE)
    emulator.set_faults(
        rate=1.0, kinds=["latency"], latency_ms=12000,
        routes=[{"method": "POST", "path_prefix": "/v1/payment_links"}],
    )
    holder = runner_a.start("deploy", "STACK=dev")
    deadline = time.monotonic() + 120
    while not lock_rows(postgres_cluster, database):
        assert holder.poll() is None, f"runner A ended before locking:\n{finished(holder).stderr}"
        assert time.monotonic() < deadline, "runner A never took the stack lock"
        time.sleep(0.2)
    refused = runner_b.make("deploy", "STACK=dev", env={"PAYLINKS_LOCK_WAIT": "0"})
    waiter = runner_b.start("deploy", "STACK=dev", env={"PAYLINKS_LOCK_WAIT": "300"})
    applied = ok(finished(holder))
    emulator.clear_faults()
    waited = ok(finished(waiter))

    assert refused.returncode != 0
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, refused.stderr
    assert errors[0].startswith("error: stack dev is locked by another update (lock postgres://")
    assert "pulumi cancel --stack dev --yes" in errors[0]
    assert "Either wait for the other" not in refused.stderr, "pulumi's raw lock error leaked"
    assert "stack dev updated:" in applied.stderr
    assert "is locked by another update; waiting" in waited.stderr
    assert "no changes: stack dev already matched the catalog" in waited.stderr
    assert not lock_rows(postgres_cluster, database), "a lock was left behind"
    assert_exactly_once(emulator, "dev")
    link = emulator.client().v1.payment_links.retrieve(_link_id(emulator, "tip-jar"))
    assert link.after_completion.hosted_confirmation.custom_message.endswith("cheers again.")

    # Neither runner's commands changed a tracked file: only the catalog edit shows.
    for runner in (runner_a, runner_b):
        assert runner.git_status() == {" M stacks/catalog.yaml"}, runner.name


def _link_id(emulator: EmulatorProcess, key: str) -> str:
    """The active dev link with paylinks key KEY."""
    client = emulator.client()
    for link in client.v1.payment_links.list(params={"limit": 100}).auto_paging_iter():
        if link.active and link.metadata.to_dict().get("paylinks_key") == key:
            return str(link.id)
    raise AssertionError(f"no active link {key}")


def test_two_stacks_deploy_at_once_on_a_shared_postgres_backend(
    team: Team, emulator: EmulatorProcess
) -> None:
    runner_a, runner_b = team.runner("runner-a"), team.runner("runner-b")
    public_passphrase = {"PULUMI_CONFIG_PASSPHRASE": "paylinks-local-only"}
    public = runner_a.make("deploy", "STACK=dev", env=public_passphrase)
    assert public.returncode != 0
    assert public.stderr.splitlines()[-2].startswith(
        "error: the backend postgres://****@127.0.0.1:"
    ), public.stderr
    assert "is shared but PULUMI_CONFIG_PASSPHRASE is the public local-only one" in public.stderr
    # A key exported in the shell doesn't take dev to Stripe: dev always uses the emulator.
    exported = {"STRIPE_API_KEY": "sk_test_exported_in_a_developer_shell"}
    first = ok(runner_a.make("deploy", "STACK=dev", env=exported))
    assert all(url.startswith(emulator.base_url) for url in link_urls(first.stdout).values())

    # A second emulator stack, as a team adds one: dev's stack file with its own scope and, as
    # it shares dev's Stripe (the same emulator), its own lookup-key prefix and promotion code
    # (both are unique per account).
    dev_file = (runner_b.clone / "stacks" / "Pulumi.dev.yaml").read_text()
    assert "paylinks:scope: dev\n" in dev_file
    second = dev_file.replace(
        "paylinks:scope: dev\n",
        "paylinks:scope: dev2\n"
        "  paylinks:lookupKeyPrefix: 'dev2:'\n"
        "  paylinks:overrides: {promotion_codes: {welcome15: {code: WELCOME15-DEV2}}}\n",
    )
    if "paylinks:stripe:" not in second:
        second = second.replace("config:\n", "config:\n  paylinks:stripe: emulator\n", 1)
    (runner_b.clone / "stacks" / "Pulumi.dev2.yaml").write_text(second)

    runner_a.edit("stacks/catalog.yaml", *MESSAGE_CHANGE)
    dev = runner_a.start("deploy", "STACK=dev")
    dev2 = runner_b.start("deploy", "STACK=dev2")
    dev_result, dev2_result = ok(finished(dev)), ok(finished(dev2))

    assert "stack dev updated:" in dev_result.stderr
    assert "created stack dev2 on postgres://" in dev2_result.stderr
    dev_urls, dev2_urls = link_urls(dev_result.stdout), link_urls(dev2_result.stdout)
    assert set(dev_urls) == set(dev2_urls) == LINK_KEYS
    assert not set(dev_urls.values()) & set(dev2_urls.values()), "the stacks share a link"
    assert_exactly_once(emulator, "dev")
    assert_exactly_once(emulator, "dev2")
    assert runner_b.git_status() == {"?? stacks/Pulumi.dev2.yaml"}
