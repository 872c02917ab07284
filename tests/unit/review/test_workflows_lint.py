"""The GitHub workflows pass actionlint (a broken workflow only fails once pushed to GitHub)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[3]
TOOLCHAIN_BIN = (
    Path(os.environ.get("PAYLINKS_TOOLCHAIN", Path.home() / ".cache/paylinks/toolchain")) / "bin"
)
ACTIONLINT = TOOLCHAIN_BIN / "actionlint"


@pytest.mark.skipif(not ACTIONLINT.exists(), reason="actionlint not built: run `make toolchain`")
def test_workflows_have_no_actionlint_findings() -> None:
    result = subprocess.run(
        ["bash", str(REPO / "scripts/lint-workflows.sh")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"actionlint findings:\n{result.stdout}{result.stderr}"


def _workflow(name: str) -> dict[str, Any]:
    return dict(YAML(typ="safe").load((REPO / ".github/workflows" / name).read_text()))


def test_two_applies_of_one_stack_never_run_at_once_nor_cancel_each_other() -> None:
    apply = _workflow("apply-stack.yml")["jobs"]["apply"]
    assert apply["concurrency"] == {
        "group": "pulumi-${{ inputs.stack }}",
        "cancel-in-progress": False,
    }
    assert apply["environment"] == "${{ inputs.stack }}"


def test_deploy_applies_dev_then_staging_then_prod() -> None:
    jobs = _workflow("deploy.yml")["jobs"]
    assert [jobs[s]["with"]["stack"] for s in ("dev", "staging", "prod")] == [
        "dev",
        "staging",
        "prod",
    ]
    assert "needs" not in jobs["dev"]
    assert jobs["staging"]["needs"] == "dev"
    assert jobs["prod"]["needs"] == "staging"


def test_pr_review_previews_every_shared_stack_and_updates_one_comment_each() -> None:
    preview = _workflow("pr-review.yml")["jobs"]["preview"]
    # dev talks to an emulator living only in a runner: no shared dev state to preview.
    assert preview["strategy"]["matrix"]["stack"] == ["staging", "prod"]
    script = "\n".join(step.get("run", "") for step in preview["steps"])
    assert 'make preview STACK="$STACK" OUT=review.md' in script
    assert "PATCH" in script  # updates the existing comment found by its marker
    make_preview = (REPO / "scripts/preview.sh").read_text()
    assert "pulumi preview" in make_preview and "--json" in make_preview
    assert "paylinks review" in make_preview


def test_apply_runs_make_deploy_which_creates_missing_stacks() -> None:
    apply = _workflow("apply-stack.yml")["jobs"]["apply"]
    script = "\n".join(step.get("run", "") for step in apply["steps"])
    assert script.strip() == 'make deploy STACK="$STACK"'
    assert "stack init" in (REPO / "scripts/stack.sh").read_text()
