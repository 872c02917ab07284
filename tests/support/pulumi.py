"""The one runner of the real `pulumi` CLI in tests: a project directory on a private backend.

A `PulumiProject` is a project directory with its own file backend and PULUMI_HOME (under the
test's tmp dir, so projects never share state and xdist workers never meet), driven through the
CLI. `run` waits for a command and records it (a failing test's report shows every call); `start`
launches one in a process group of its own, for scenarios that kill or race it. Two kinds of
project exist: a scenario copied from `tests/e2e/scenarios/<name>` (`scenario_project`), and the
repository's own program on a catalog file of the test's own (`catalog_project`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.support.emulator import EmulatorProcess
from tests.support.paths import REPO_ROOT, repo_venv, toolchain_bin

SCENARIOS = REPO_ROOT / "tests" / "e2e" / "scenarios"
#: Fixed, public passphrase: it only encrypts secrets in a test's throwaway state.
TEST_PASSPHRASE = "paylinks-e2e-only"
CLI_TIMEOUT_SECONDS = 300
#: The catalog file name inside a catalog project (the stack's `paylinks:catalog`).
CATALOG_FILE = "catalog.yaml"


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
class Run:
    """One `pulumi` command started in its own process group, output captured to files."""

    args: list[str]
    process: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path
    started: float = field(default_factory=time.monotonic)

    def kill_tree(self) -> int:
        """SIGKILL the CLI and every process it started; how many processes died.

        Pulumi starts its language host and each provider in a process group of their own, so
        killing the CLI's group alone would leave them running. The tree is frozen first
        (SIGSTOP, repeated until no new child appears) so nothing spawns or finishes in between,
        then every process gets SIGKILL at once, as when a CI runner's machine goes away.
        """
        frozen: list[int] = []
        while True:
            found = [pid for pid in descendants(self.process.pid) if pid not in frozen]
            if not found:
                break
            for pid in found:
                _signal(pid, signal.SIGSTOP)
            frozen.extend(found)
        for pid in frozen:
            _signal(pid, signal.SIGKILL)
        self.process.wait()
        return len(frozen)

    def wait(self, timeout: float = CLI_TIMEOUT_SECONDS) -> int:
        """Wait for the command; its exit code."""
        return self.process.wait(timeout)

    @property
    def stdout(self) -> str:
        """What the command printed on stdout so far."""
        return self.stdout_path.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        """What the command printed on stderr so far."""
        return self.stderr_path.read_text(errors="replace")

    @property
    def elapsed(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self.started


def descendants(pid: int) -> list[int]:
    """`pid` and every live process below it (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, index = [pid], 0
    while index < len(tree):
        tree.extend(children.get(tree[index], []))
        index += 1
    return tree


def _signal(pid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, sig)


@dataclass
class PulumiProject:
    """A project directory with its own backend, driven through the real CLI."""

    directory: Path
    stack: str
    env: dict[str, str]
    calls: list[CliCall] = field(default_factory=list)
    _started: count[int] = field(default_factory=count)

    def run(self, *args: str, check: bool = True) -> CliCall:
        """Run `pulumi ARGS` in the project; raise with the output when it fails."""
        proc = subprocess.run(
            **self._command(args), capture_output=True, text=True, timeout=CLI_TIMEOUT_SECONDS
        )
        call = CliCall(list(args), proc.returncode, proc.stdout, proc.stderr)
        self.calls.append(call)
        if check and proc.returncode != 0:
            raise PulumiCliError(f"pulumi command failed:\n{call.render()}")
        return call

    def start(self, *args: str) -> Run:
        """Start `pulumi ARGS` in a new session (process group) of its own; don't wait."""
        number = next(self._started)
        logs = self.directory.parent / "logs"
        logs.mkdir(exist_ok=True)
        out, err = logs / f"{number:03d}-{args[0]}.out", logs / f"{number:03d}-{args[0]}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                **self._command(args), stdout=stdout, stderr=stderr, start_new_session=True
            )
        return Run(list(args), process, out, err)

    def _command(self, args: tuple[str, ...]) -> dict[str, Any]:
        """How every pulumi command of this project starts: never interactive, no colours."""
        return {
            "args": ["pulumi", *args, "--non-interactive", "--color=never"],
            "cwd": self.directory,
            "env": self.env,
            "stdin": subprocess.DEVNULL,
        }

    def version(self) -> str:
        """`pulumi version`, e.g. `v3.274.1`."""
        return self.run("version").stdout.strip()

    def config_set(self, key: str, value: str, secret: bool = False) -> None:
        """Set stack config with the CLI (encrypted with the test passphrase when secret)."""
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


class CatalogProject(PulumiProject):
    """The repository's own program (`__main__.py`) on a catalog file of the test's own."""

    def write_catalog(self, text: str) -> None:
        """Replace the catalog the stack deploys (takes effect at the next preview/up)."""
        write_catalog(self.directory, text)

    def stack_file(self) -> Path:
        """`stacks/Pulumi.<stack>.yaml`: config and overrides of this stack."""
        return self.directory / "stacks" / f"Pulumi.{self.stack}.yaml"

    def set_config(self, values: Mapping[str, Any]) -> None:
        """Write plain (non-secret) config into the stack file, as `config set --plaintext`
        would, without starting the CLI once per key."""
        yaml = YAML()
        path = self.stack_file()
        document = (yaml.load(path) if path.exists() else None) or {}
        document.setdefault("config", {}).update(values)
        yaml.dump(document, path)

    def set_overrides(self, overrides: Mapping[str, Any]) -> None:
        """Write `paylinks:overrides` into the stack file, as a reviewer would see it."""
        self.set_config({"paylinks:overrides": dict(overrides)})

    def links(self) -> dict[str, Any]:
        """The `links` stack output: key → {id, url, active}."""
        return dict(self.stack_output().get("links", {}))


def cli_env(tmp: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """A clean environment: no ambient PULUMI_* settings, a private backend and home.

    The backend is `tmp/state` (created here) and PULUMI_HOME `tmp/pulumi-home`; EXTRA (e.g.
    STRIPE_API_BASE of an emulator) is added last.
    """
    (tmp / "state").mkdir(parents=True, exist_ok=True)
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


def pulumi_available() -> bool:
    """Whether a `pulumi` CLI is in the toolchain dir or on PATH."""
    search_path = os.pathsep.join([str(toolchain_bin()), os.environ.get("PATH", "")])
    return shutil.which("pulumi", path=search_path) is not None


def copy_scenario(name: str, target: Path) -> Path:
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


def copy_program(directory: Path) -> Path:
    """Copy the repository's program, its manifest pointed at the repository's virtualenv."""
    (directory / "stacks").mkdir(parents=True)
    manifest = (REPO_ROOT / "Pulumi.yaml").read_text()
    (directory / "Pulumi.yaml").write_text(
        manifest.replace("virtualenv: .venv", f"virtualenv: {repo_venv()}")
    )
    shutil.copy(REPO_ROOT / "__main__.py", directory / "__main__.py")
    return directory


def write_catalog(directory: Path, text: str) -> None:
    """Write the catalog file of a catalog project."""
    (directory / CATALOG_FILE).write_text(text)


def scenario_project(root: Path, name: str, stack: str, env: Mapping[str, str]) -> PulumiProject:
    """Scenario NAME in `root/project` with a backend in `root/state`, its stack initialised."""
    project = PulumiProject(
        directory=copy_scenario(name, root / "project"), stack=stack, env=cli_env(root, env)
    )
    project.run("stack", "init", stack)
    return project


def catalog_project(
    root: Path,
    catalog: str,
    emulator: EmulatorProcess,
    *,
    stack: str = "test",
    env: Mapping[str, str] | None = None,
    config: Mapping[str, str] | None = None,
) -> CatalogProject:
    """The program on CATALOG in `root/project`, backend in `root/state`, aimed at EMULATOR.

    The stack is initialised and its config (`paylinks:catalog` and CONFIG) written; ENV
    overrides the emulator's key and URL (e.g. a live key, to test the guard).
    """
    directory = copy_program(root / "project")
    write_catalog(directory, catalog)
    extra = {"STRIPE_API_KEY": emulator.api_key, "STRIPE_API_BASE": emulator.base_url}
    extra.update(env or {})
    project = CatalogProject(directory=directory, stack=stack, env=cli_env(root, extra))
    project.run("stack", "init", stack)
    project.set_config({"paylinks:catalog": CATALOG_FILE, **(config or {})})
    return project
