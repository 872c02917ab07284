"""The repository's own Pulumi program in a private project dir: one catalog per scenario.

Import the fixture into a test module (``from tests.e2e.program import catalog_project``) and
call it with the catalog text; the project gets the repo's `Pulumi.yaml` and `__main__.py`, its
own file backend, a stack whose config names the catalog, and the emulator's URL and key.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import EmulatorProcess
from tests.e2e.conftest import (
    _PROJECTS_KEY,
    REPO_ROOT,
    PulumiProject,
    _may_hold_resources,
    cli_env,
    toolchain_bin,
)

__all__ = ["CatalogProject", "catalog_project", "write_catalog"]

CATALOG_FILE = "catalog.yaml"


class CatalogProject(PulumiProject):
    """A `PulumiProject` running the real program on a catalog file of the test's own."""

    def write_catalog(self, text: str) -> None:
        """Replace the catalog the stack deploys (takes effect at the next preview/up)."""
        write_catalog(self.directory, text)

    def stack_file(self) -> Path:
        """`stacks/Pulumi.<stack>.yaml`: config and overrides of this stack."""
        return self.directory / "stacks" / f"Pulumi.{self.stack}.yaml"

    def set_overrides(self, overrides: Mapping[str, Any]) -> None:
        """Write `paylinks:overrides` into the stack file, as a reviewer would see it."""
        yaml = YAML()
        path = self.stack_file()
        document = yaml.load(path) if path.exists() else {}
        document.setdefault("config", {})["paylinks:overrides"] = dict(overrides)
        yaml.dump(document, path)

    def links(self) -> dict[str, Any]:
        """The `links` stack output: key → {id, url, active}."""
        return dict(self.stack_output().get("links", {}))


def write_catalog(directory: Path, text: str) -> None:
    """Write the scenario's catalog file."""
    (directory / CATALOG_FILE).write_text(text)


def _prepare_directory(directory: Path) -> None:
    """Copy the program and point its manifest at the repository's virtualenv."""
    (directory / "stacks").mkdir(parents=True)
    manifest = (REPO_ROOT / "Pulumi.yaml").read_text()
    (directory / "Pulumi.yaml").write_text(
        manifest.replace("virtualenv: .venv", f"virtualenv: {REPO_ROOT / '.venv'}")
    )
    shutil.copy(REPO_ROOT / "__main__.py", directory / "__main__.py")


CatalogProjectFactory = Callable[..., CatalogProject]


@pytest.fixture
def catalog_project(
    tmp_path: Path, emulator: EmulatorProcess, request: pytest.FixtureRequest
) -> Iterator[CatalogProjectFactory]:
    """Factory: ``catalog_project(catalog_text, stack="test", emulator=other, env={...})``.

    Each call makes a new project dir and backend; `emulator` defaults to the test's emulator.
    """
    if not (toolchain_bin() / "pulumi").exists() and shutil.which("pulumi") is None:
        pytest.fail(f"no pulumi in {toolchain_bin()} nor on PATH: run `make toolchain` first")
    projects: list[PulumiProject] = request.node.stash.setdefault(_PROJECTS_KEY, [])

    def make(
        catalog: str,
        stack: str = "test",
        emulator_process: EmulatorProcess | None = None,
        env: Mapping[str, str] | None = None,
        config: Mapping[str, str] | None = None,
    ) -> CatalogProject:
        target = emulator_process or emulator
        root = tmp_path / f"catalog-project-{len(projects)}"
        (root / "state").mkdir(parents=True)
        directory = root / "project"
        _prepare_directory(directory)
        write_catalog(directory, catalog)
        extra = {"STRIPE_API_KEY": target.api_key, "STRIPE_API_BASE": target.base_url}
        extra.update(env or {})
        project = CatalogProject(directory=directory, stack=stack, env=cli_env(root, extra))
        projects.append(project)
        project.run("stack", "init", stack)
        project.config_set("paylinks:catalog", CATALOG_FILE)
        for key, value in (config or {}).items():
            project.config_set(key, value)
        return project

    yield make
    for project in projects:
        if isinstance(project, CatalogProject) and _may_hold_resources(project):
            project.run("destroy", "--yes", "--skip-preview", "--stack", project.stack,
                        check=False)
