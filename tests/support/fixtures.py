"""Every shared fixture and hook, registered once by `tests/conftest.py` (`pytest_plugins`).

Fixtures start real processes in the test's own tmp dir on free ports, so xdist workers never
share a port, a directory or a backend. What a test may only read is shared per worker
(`stripe_mock` is stateless, so one per session); what a test writes to (an emulator account, a
stack) is its own.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Mapping
from pathlib import Path

import pytest

from tests.support import pulumi
from tests.support.emulator import EmulatorProcess, start_emulator
from tests.support.pulumi import CatalogProject, PulumiProject
from tests.support.stripe_mock import StripeMock, start_stripe_mock, stripe_mock_binary

PulumiProjectFactory = Callable[..., PulumiProject]
CatalogProjectFactory = Callable[..., CatalogProject]

#: Every project a test made, whichever fixture made it: their transcripts go in its report.
PROJECTS_KEY = pytest.StashKey[list[PulumiProject]]()

#: Marks a test gets from the fixtures it uses, so `-m "not e2e"` can never run a CLI test.
FIXTURE_MARKS = {
    "pulumi_project": "e2e",
    "catalog_project": "e2e",
    "browser_page": "browser",
    "stripe_mock": "stripe_mock",
    "stripe_env": "stripe_mock",  # replays every request against stripe-mock
}


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EmulatorProcess]:
    """A fresh emulator process (`:memory:` db) for one test: an empty Stripe account."""
    running = start_emulator(tmp=tmp_path)
    yield running
    running.stop()


@pytest.fixture
def emulator_factory(tmp_path: Path) -> Iterator[Callable[..., EmulatorProcess]]:
    """Start emulators with extra CLI flags (e.g. a file `db`); all stopped after the test."""
    started: list[EmulatorProcess] = []

    def start(*args: str, db: str = ":memory:") -> EmulatorProcess:
        running = start_emulator(*args, db=db, tmp=tmp_path)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture(scope="session")
def stripe_mock() -> Iterator[StripeMock]:
    """stripe-mock on a free loopback port, one per worker (it keeps no state)."""
    binary = stripe_mock_binary()
    if binary is None:
        pytest.fail(
            "stripe-mock binary not found: run `make toolchain` (it builds the version pinned "
            "in toolchain/versions.env)"
        )
    running = start_stripe_mock(binary)
    yield running
    running.stop()


def _require_pulumi() -> None:
    if not pulumi.pulumi_available():
        pytest.fail("no pulumi in the toolchain dir nor on PATH: run `make toolchain` first")


@pytest.fixture
def pulumi_project(
    tmp_path: Path, request: pytest.FixtureRequest
) -> PulumiProjectFactory:
    """Factory: `pulumi_project("engine-cycle", env={...}, stack="test")` → PulumiProject.

    A copy of `tests/e2e/scenarios/<name>` with its own backend; the stack is created before
    the project is returned.
    """
    _require_pulumi()
    projects: list[PulumiProject] = []
    reported = request.node.stash.setdefault(PROJECTS_KEY, [])

    def make(name: str, env: Mapping[str, str] | None = None, stack: str = "test") -> PulumiProject:
        root = tmp_path / f"{name}-{len(projects)}"
        project = pulumi.scenario_project(root, name, stack, env or {})
        projects.append(project)
        reported.append(project)
        return project

    return make


@pytest.fixture
def catalog_project(
    tmp_path: Path, emulator: EmulatorProcess, request: pytest.FixtureRequest
) -> CatalogProjectFactory:
    """Factory: ``catalog_project(catalog_text, stack="test", emulator_process=other,
    env={...}, config={...})`` → CatalogProject running the repository's program.

    Each call makes a new project dir and backend; the Stripe account defaults to the test's
    `emulator`. Nothing is destroyed afterwards: the account is a throwaway emulator and the
    state a tmp dir, so a `pulumi destroy` at teardown would only cost time.
    """
    _require_pulumi()
    projects: list[PulumiProject] = []
    reported = request.node.stash.setdefault(PROJECTS_KEY, [])

    def make(
        catalog: str,
        stack: str = "test",
        emulator_process: EmulatorProcess | None = None,
        env: Mapping[str, str] | None = None,
        config: Mapping[str, str] | None = None,
    ) -> CatalogProject:
        root = tmp_path / f"catalog-project-{len(projects)}"
        project = pulumi.catalog_project(
            root, catalog, emulator_process or emulator, stack=stack, env=env, config=config
        )
        projects.append(project)
        reported.append(project)
        return project

    return make


#: Marks of the long tests (tens of seconds to minutes each), longest kind first.
SLOW_MARKS = ("reliability", "browser", "e2e")


def _slowness(item: pytest.Item) -> int:
    for rank, mark in enumerate(SLOW_MARKS):
        if item.get_closest_marker(mark) is not None:
            return rank
    return len(SLOW_MARKS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with what its fixtures need (FIXTURE_MARKS), then order the run for
    `pytest -n N --maxschedchunk 1` (see scripts/test.sh).

    Each xdist worker holds the test it runs and the next one. Long tests go first, longest
    kind first, each followed by a short one: they all start early, in parallel, instead of
    ending the run alone, and none waits behind another long test on a busy worker. A stable
    sort keeps each module's own order.
    """
    for item in items:
        for fixture, mark in FIXTURE_MARKS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(mark)
    slow = sorted((i for i in items if _slowness(i) < len(SLOW_MARKS)), key=_slowness)
    short = [i for i in items if _slowness(i) == len(SLOW_MARKS)]
    short.sort(key=lambda i: i.get_closest_marker("stripe_mock") is None)
    ordered = []
    for index, item in enumerate(slow):
        ordered.append(item)
        if index < len(short):
            ordered.append(short[index])
    items[:] = ordered + short[len(slow):]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach every pulumi transcript of a failed test to its report."""
    report = yield
    projects: list[PulumiProject] = item.stash.get(PROJECTS_KEY, [])
    if report.failed:
        for index, project in enumerate(projects):
            report.sections.append((f"pulumi CLI transcript {index}", project.transcript()))
    return report
