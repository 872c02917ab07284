"""End-to-end tests: the real `pulumi` CLI on private file backends (see `tests.support.pulumi`).

The fixtures (`pulumi_project`, `catalog_project`) are registered for the whole suite by
`tests/conftest.py`. The names below stay importable from here for branches written before the
harness moved to `tests/support`; new code imports them from `tests.support`.
"""

from __future__ import annotations

from tests.support.fixtures import PulumiProjectFactory
from tests.support.paths import PULUMI_SDK_VERSION, REPO_ROOT, repo_venv, toolchain_bin
from tests.support.pulumi import TEST_PASSPHRASE, CliCall, PulumiCliError, PulumiProject, cli_env

__all__ = [
    "PULUMI_SDK_VERSION",
    "REPO_ROOT",
    "TEST_PASSPHRASE",
    "CliCall",
    "PulumiCliError",
    "PulumiProject",
    "PulumiProjectFactory",
    "cli_env",
    "repo_venv",
    "toolchain_bin",
]
