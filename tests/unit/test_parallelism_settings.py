"""`make up`, `make deploy`, `make preview` and the workflows (which run those targets) share one
`--parallel`, large enough for the rate targets, and the provider serves that many calls at once.

The setting lives in scripts/env.sh, which every script sources; the workflows run
`make deploy` / `make preview`, so they get it from there too.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from providers import dynamic_server

REPO = Path(__file__).resolve().parents[2]
NEEDED = 30
"""Requests in flight for live mode's 100 req/s at Stripe's ~300 ms per answer."""
SOURCES_ENV = re.compile(r'^source "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)/env\.sh"$', re.M)


def _env_sh(name: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
    out = subprocess.run(
        ["bash", "-c", f'source scripts/env.sh && printf %s "${name}"'],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )
    return out.stdout


def test_scripts_run_pulumi_with_the_parallelism_the_targets_need() -> None:
    assert int(_env_sh("PULUMI_PARALLEL")) >= NEEDED


def test_scripts_skip_per_step_checkpoints() -> None:
    assert _env_sh("PULUMI_SKIP_CHECKPOINTS") == "true"


@pytest.mark.parametrize(
    ("workflow", "target", "script"),
    [
        ("apply-stack.yml", "make deploy", "deploy.sh"),
        ("pr-review.yml", "make preview", "preview.sh"),
    ],
)
def test_workflows_get_the_settings_through_the_make_targets(
    workflow: str, target: str, script: str
) -> None:
    text = (REPO / ".github" / "workflows" / workflow).read_text()
    assert target in text
    assert "PULUMI_PARALLEL" not in text  # one place: scripts/env.sh
    assert SOURCES_ENV.search((REPO / "scripts" / script).read_text())


def test_the_provider_serves_as_many_calls_as_the_engine_sends() -> None:
    parallel = _env_sh("PULUMI_PARALLEL")
    assert dynamic_server.provider_threads({"PULUMI_PARALLEL": parallel}) == int(parallel)
    assert dynamic_server.DEFAULT_PROVIDER_THREADS >= NEEDED  # a user's CLI without env.sh
