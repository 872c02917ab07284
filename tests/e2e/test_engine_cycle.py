"""The real Pulumi engine drives a Python dynamic provider through a full lifecycle.

If this fails, nothing in paylinks can be applied: the CLI, our language host, the exec
launcher or the dynamic-provider launcher is broken. Assertions are on what only the real
engine produces (its version, URNs, preview steps) and on the file the provider manages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fixtures import PulumiProjectFactory
from tests.support.paths import PULUMI_SDK_VERSION

pytestmark = pytest.mark.e2e

DYNAMIC_TYPE = "pulumi-python:dynamic:Resource"


def _steps_by_type(plan: dict) -> dict[str, dict]:
    """Preview steps keyed by resource type (one resource per type in this scenario)."""
    return {step["urn"].split("::")[2]: step for step in plan["steps"]}


def test_up_change_preview_up_destroy(pulumi_project: PulumiProjectFactory) -> None:
    project = pulumi_project("engine-cycle", stack="cycle")
    cli_version = tuple(int(part) for part in project.version().lstrip("v").split(".")[:3])
    sdk_version = tuple(int(part) for part in PULUMI_SDK_VERSION.split("."))
    assert cli_version >= sdk_version, f"pulumi CLI {cli_version} is older than the SDK"

    project.config_set("content", "hello")
    project.config_set("token", "s3cr3t-value", secret=True)
    first = project.up()
    target = project.directory / "greeting.txt"
    assert target.read_text() == "hello", f"provider create did not write the file\n{first.stdout}"
    outputs = project.stack_output()
    assert outputs == {"path": str(target), "content": "hello", "token": "s3cr3t-value"}
    stack_config = (project.directory / "Pulumi.cycle.yaml").read_text()
    assert "s3cr3t-value" not in stack_config, "secret config stored in plain text"

    project.config_set("content", "world")
    plan = project.preview_json()
    steps = _steps_by_type(plan)
    update = steps[DYNAMIC_TYPE]
    assert update["op"] == "update", plan
    assert update["urn"] == f"urn:pulumi:cycle::engine-cycle::{DYNAMIC_TYPE}::greeting"
    assert update["newState"]["inputs"]["content"] == "world"
    assert update["oldState"]["outputs"]["content"] == "hello"
    assert plan["changeSummary"] == {"same": 1, "update": 1}, plan
    assert target.read_text() == "hello", "preview must not call the provider's update"

    project.up()
    assert target.read_text() == "world"
    assert project.stack_output()["content"] == "world"

    target.write_text("edited outside pulumi")
    project.refresh()
    plan = project.preview_json()
    assert _steps_by_type(plan)[DYNAMIC_TYPE]["op"] == "update", "refresh did not read drift back"

    project.config_set("fileName", "renamed.txt")
    plan = project.preview_json()
    assert _steps_by_type(plan)[DYNAMIC_TYPE]["op"] == "replace", plan
    project.up()
    assert not target.exists(), "replace did not delete the old file"
    renamed = Path(project.stack_output()["path"])
    assert renamed == project.directory / "renamed.txt"
    assert renamed.read_text() == "world"

    project.destroy()
    assert not renamed.exists(), "destroy did not call the provider's delete"
    assert project.stack_output() == {}
