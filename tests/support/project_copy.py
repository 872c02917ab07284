"""A copy of the working tree where `scripts/deploy.sh` / `preview.sh` run as in CI.

Tracked and new (not ignored) files are copied and `.venv` is shared, so a test can edit the
copy's stack and catalog files without touching a tracked file of this repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import REPO_ROOT, repo_venv, toolchain_bin
from tests.support.pulumi import TEST_PASSPHRASE

__all__ = ["SCRIPT_TIMEOUT_SECONDS", "ProjectCopy", "copy_working_tree", "script_environment"]

SCRIPT_TIMEOUT_SECONDS = 600


@dataclass
class ProjectCopy:
    """A copy of the working tree where `scripts/deploy.sh` / `preview.sh` run as in CI."""

    root: Path
    env: dict[str, str]

    def script(self, name: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """Run `scripts/NAME ARGS` in the copy with its environment (plus ENV)."""
        return subprocess.run(
            [str(self.root / "scripts" / name), *args], cwd=self.root,
            env={**self.env, **env}, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=SCRIPT_TIMEOUT_SECONDS, check=False,
        )


def copy_working_tree(target: Path) -> Path:
    """Tracked and untracked (not ignored) files of the working tree, `.venv` shared."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT, capture_output=True, check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(repo_venv())
    return target


def script_environment(root: Path) -> dict[str, str]:
    """This process's environment without its Pulumi/Stripe/paylinks settings, plus a private
    file backend (ROOT/state), PULUMI_HOME (ROOT/pulumi-home), the test passphrase and the
    shared toolchain: what a CI job gives the scripts."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("PULUMI_", "STRIPE_", "PAYLINKS_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env.update(
        PULUMI_BACKEND_URL=(root / "state").as_uri(),
        PULUMI_HOME=str(root / "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE=TEST_PASSPHRASE,
        PAYLINKS_TOOLCHAIN=str(toolchain_bin().parent),
    )
    (root / "state").mkdir(parents=True, exist_ok=True)
    return env
