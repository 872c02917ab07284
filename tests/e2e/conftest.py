"""End-to-end harness: the real `pulumi` CLI on a private file backend.

Each test gets its own copy of a scenario project (`tests/e2e/scenarios/<name>`), its own
state directory and PULUMI_HOME in a tmp dir, and a `PulumiProject` runner around the CLI.
Plugins resolve from the toolchain bin (`make toolchain`), which is first on PATH; the
scenario runs with the repository's `.venv`, where paylinks is installed editable.
Every CLI call is recorded; a failing test shows the transcript in its report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
def _pinned_versions() -> dict[str, str]:
    """`toolchain/versions.env` as a mapping (the one place versions are pinned)."""
    lines = (REPO_ROOT / "toolchain" / "versions.env").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


#: The Python SDK's version: the CLI in use must be at or above it.
PULUMI_SDK_VERSION = _pinned_versions()["PULUMI_SDK_VERSION"]
#: Fixed, public passphrase: it only encrypts secrets in a test's throwaway state.
TEST_PASSPHRASE = "paylinks-e2e-only"
CLI_TIMEOUT_SECONDS = 300


def toolchain_bin() -> Path:
    """Where `make toolchain` installs pulumi, our language host and launchers."""
    root = os.environ.get("PAYLINKS_TOOLCHAIN") or str(Path.home() / ".cache/paylinks/toolchain")
    return Path(root) / "bin"


def repo_venv() -> Path:
    """The repository's virtualenv, which scenario programs and providers run in."""
    return REPO_ROOT / ".venv"


@dataclass
class CliCall:
    """One recorded CLI invocation, for failure reports."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def render(self) -> str:
        """The call as a human reads it in a pytest report."""
        return (
            f"$ pulumi {' '.join(self.args)}  (exit {self.returncode})\n"
            f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}"
        )


class PulumiCliError(AssertionError):
    """A pulumi command failed; the message carries its full output."""


@dataclass
class PulumiProject:
    """A scenario project copy with its own backend, driven through the real CLI."""

    directory: Path
    stack: str
    env: dict[str, str]
    calls: list[CliCall] = field(default_factory=list)

    def run(self, *args: str, check: bool = True) -> CliCall:
        """Run `pulumi ARGS` in the project; raise with the output when it fails."""
        proc = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--color=never"],
            cwd=self.directory,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_SECONDS,
            check=False,
        )
        call = CliCall(list(args), proc.returncode, proc.stdout, proc.stderr)
        self.calls.append(call)
        if check and proc.returncode != 0:
            raise PulumiCliError(f"pulumi command failed:\n{call.render()}")
        return call

    def version(self) -> str:
        """`pulumi version`, e.g. `v3.274.1`."""
        return self.run("version").stdout.strip()

    def config_set(self, key: str, value: str, secret: bool = False) -> None:
        """Set stack config (encrypted with the test passphrase when secret)."""
        self.run("config", "set", key, value, "--stack", self.stack,
                 *(["--secret"] if secret else ["--plaintext"]))

    def up(self) -> CliCall:
        """Apply the program (no separate preview pass)."""
        return self.run("up", "--yes", "--skip-preview", "--stack", self.stack)

    def preview_json(self, check: bool = True) -> dict[str, Any]:
        """The engine's JSON plan: `steps`, `changeSummary`, `diagnostics`...

        With check=False a failed preview (e.g. a provider `check` refusing an input) still
        returns its plan, so tests can assert on the `diagnostics` a user would see.
        """
        call = self.run("preview", "--json", "--stack", self.stack, check=check)
        try:
            return dict(json.loads(call.stdout))
        except json.JSONDecodeError as error:
            raise PulumiCliError(f"preview printed no JSON plan:\n{call.render()}") from error

    def refresh(self) -> CliCall:
        """Read every resource back through its provider."""
        return self.run("refresh", "--yes", "--skip-preview", "--stack", self.stack)

    def destroy(self) -> CliCall:
        """Delete every resource of the stack."""
        return self.run("destroy", "--yes", "--skip-preview", "--stack", self.stack)

    def stack_output(self) -> dict[str, Any]:
        """Stack outputs, secrets shown in plain text."""
        call = self.run("stack", "output", "--json", "--show-secrets", "--stack", self.stack)
        return dict(json.loads(call.stdout or "{}"))

    def transcript(self) -> str:
        """Every CLI call made so far, oldest first."""
        return "\n".join(call.render() for call in self.calls)


def cli_env(tmp: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """A clean environment: no ambient PULUMI_* settings, a private backend and home.

    The backend is `tmp/state` (must exist) and PULUMI_HOME `tmp/pulumi-home`; EXTRA (e.g.
    STRIPE_API_BASE of an emulator) is added last.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PULUMI_")}
    env.update(
        PATH=os.pathsep.join([str(toolchain_bin()), str(repo_venv() / "bin"), env["PATH"]]),
        PULUMI_HOME=str(tmp / "pulumi-home"),
        PULUMI_BACKEND_URL=(tmp / "state").as_uri(),
        PULUMI_CONFIG_PASSPHRASE=TEST_PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
    )
    env.update(extra)
    return env


_cli_env = cli_env  # older name, kept for existing callers


def _copy_scenario(name: str, target: Path) -> Path:
    """Copy scenario NAME and point its Pulumi.yaml at the repository's virtualenv."""
    source = SCENARIOS / name
    if not (source / "Pulumi.yaml").is_file():
        raise FileNotFoundError(f"no scenario project at {source}")
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    yaml = YAML()
    manifest_path = target / "Pulumi.yaml"
    manifest = yaml.load(manifest_path)
    manifest.setdefault("runtime", {"name": "python"})
    if isinstance(manifest["runtime"], str):
        manifest["runtime"] = {"name": manifest["runtime"]}
    options = manifest["runtime"].setdefault("options", {})
    options["toolchain"] = "pip"
    options["virtualenv"] = str(repo_venv())
    yaml.dump(manifest, manifest_path)
    return target


PulumiProjectFactory = Callable[..., PulumiProject]
#: Every project a test made, whichever fixture made it: their transcripts go in its report.
_PROJECTS_KEY = pytest.StashKey[list[PulumiProject]]()


@pytest.fixture
def pulumi_project(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[PulumiProjectFactory]:
    """Factory: `pulumi_project("engine-cycle", env={...}, stack="test")` → PulumiProject.

    The stack is created before the project is returned. Stacks left with resources are
    destroyed at teardown (best effort), so a failed test doesn't leak objects.
    """
    search_path = os.pathsep.join([str(toolchain_bin()), os.environ.get("PATH", "")])
    if shutil.which("pulumi", path=search_path) is None:
        pytest.fail(f"no pulumi in {toolchain_bin()} nor on PATH: run `make toolchain` first")
    projects: list[PulumiProject] = []
    # Shared with other project fixtures of the same test, for the failure transcript.
    reported: list[PulumiProject] = request.node.stash.setdefault(_PROJECTS_KEY, [])

    def make(name: str, env: Mapping[str, str] | None = None, stack: str = "test") -> PulumiProject:
        tmp = tmp_path / f"{name}-{len(projects)}"
        (tmp / "state").mkdir(parents=True)
        project = PulumiProject(
            directory=_copy_scenario(name, tmp / "project"),
            stack=stack,
            env=cli_env(tmp, env or {}),
        )
        projects.append(project)
        reported.append(project)
        project.run("stack", "init", stack)
        return project

    yield make
    for project in projects:
        if _may_hold_resources(project):
            project.run("destroy", "--yes", "--skip-preview", "--stack", project.stack,
                        check=False)


def _may_hold_resources(project: PulumiProject) -> bool:
    """True when an `up` ran after the last successful `destroy`."""
    held = False
    for call in project.calls:
        if call.args[:1] == ["up"]:
            held = True
        elif call.args[:1] == ["destroy"] and call.returncode == 0:
            held = False
    return held


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach every pulumi transcript of a failed test to its report."""
    report = yield
    projects: list[PulumiProject] = item.stash.get(_PROJECTS_KEY, [])
    if report.failed:
        for index, project in enumerate(projects):
            report.sections.append((f"pulumi CLI transcript {index}", project.transcript()))
    return report
