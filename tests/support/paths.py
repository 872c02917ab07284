"""Where the repository, its virtualenv and the Pulumi toolchain are, for every test process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The `paylinks` console script of the interpreter running the tests (the repo's `.venv`).
PAYLINKS = Path(sys.executable).with_name("paylinks")


def toolchain_bin() -> Path:
    """Where `make toolchain` installs pulumi, our language host, launchers and stripe-mock."""
    root = os.environ.get("PAYLINKS_TOOLCHAIN") or str(Path.home() / ".cache/paylinks/toolchain")
    return Path(root) / "bin"


def repo_venv() -> Path:
    """The repository's virtualenv, which programs and providers under test run in."""
    return REPO_ROOT / ".venv"


def pinned_versions() -> dict[str, str]:
    """`toolchain/versions.env` as a mapping (the one place versions are pinned)."""
    lines = (REPO_ROOT / "toolchain" / "versions.env").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


#: The Python SDK's version: the CLI in use must be at or above it.
PULUMI_SDK_VERSION = pinned_versions()["PULUMI_SDK_VERSION"]
