"""Each stack names the Stripe it talks to, and its state never runs against another one.

Through the real CLI, where users meet it: an emulator stack ignores the Stripe settings a shell
exports (and says so once); state made against one Stripe (an emulator at a URL, a mode)
refuses `preview`, `up`, `refresh` and `destroy` against another before any request, with one
line saying how to move it; mistakes in the settings and an API that is not there are one line
that says what to do.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory
from tests.support.pulumi import CatalogProject

pytestmark = pytest.mark.e2e

CATALOG = """
products:
  beans: {name: Beans}
prices:
  beans-bag: {product: beans, currency: eur, unit_amount: 1400}
payment_links:
  beans:
    line_items: [{price: beans-bag, quantity: 1}]
"""
SHELL_KEY = "sk_test_51FromTheDevelopersShell0000"


def port_of(emulator: EmulatorProcess) -> str:
    return str(urlsplit(emulator.base_url).port)


def output_of(call: object) -> str:
    return str(getattr(call, "stdout", "")) + str(getattr(call, "stderr", ""))


def error_line(output: str, marker: str) -> str:
    """The `error:` line carrying `marker` (what the user reads); fails when there is none."""
    lines = [line.strip() for line in output.splitlines() if marker in line]
    errors = [line for line in lines if line.startswith("error:")]
    assert errors, f"no error line with {marker!r}:\n{output}"
    return errors[-1]


def emulator_stack(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, **env: str
) -> CatalogProject:
    """A stack saying `paylinks:stripe: emulator`, its emulator found by PAYLINKS_EMULATOR_PORT
    as `make up` sets it; `env` is what the shell exports on top."""
    return catalog_project(
        CATALOG,
        config={"paylinks:stripe": "emulator"},
        env={"PAYLINKS_EMULATOR_PORT": port_of(emulator), **env},
    )


def test_an_emulator_stack_ignores_a_real_key_exported_in_the_shell_and_says_so_once(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    emulator_factory: Callable[..., EmulatorProcess],
) -> None:
    elsewhere = emulator_factory()  # stands in for api.stripe.com: it must see nothing
    project = emulator_stack(
        catalog_project, emulator, STRIPE_API_KEY=SHELL_KEY, STRIPE_API_BASE=elsewhere.base_url
    )
    elsewhere.clear_requests()
    output = output_of(project.up())
    assert elsewhere.requests() == [], "the emulator stack talked to the shell's Stripe"
    assert project.links()["beans"]["url"].startswith(emulator.base_url)
    notice = (
        f"talks to the bundled emulator at {emulator.base_url} (paylinks:stripe: emulator): "
        "STRIPE_API_KEY and STRIPE_API_BASE from the environment are ignored."
    )
    assert notice in output, f"no notice that the shell's settings were ignored:\n{output}"
    summary = output.split("Diagnostics:", 1)[-1]
    assert summary.count("from the environment are ignored") == 1, f"not said once:\n{output}"
    assert SHELL_KEY not in output


def test_state_made_against_one_emulator_refuses_another_before_any_request(
    catalog_project: CatalogProjectFactory,
    emulator: EmulatorProcess,
    emulator_factory: Callable[..., EmulatorProcess],
) -> None:
    project = emulator_stack(catalog_project, emulator)
    project.up()
    before = project.stack_output()
    other = emulator_factory()
    project.env["PAYLINKS_EMULATOR_PORT"] = port_of(other)
    emulator.clear_requests()
    other.clear_requests()

    refusal = (
        f"This stack's state was made against the bundled emulator at {emulator.base_url}, "
        f"but this run talks to the bundled emulator at {other.base_url}: nothing was sent."
    )
    for command in (
        ["preview", "--stack", project.stack],
        ["up", "--yes", "--stack", project.stack],
        ["refresh", "--yes", "--skip-preview", "--stack", project.stack],
        ["destroy", "--yes", "--skip-preview", "--stack", project.stack],
    ):
        call = project.run(*command, check=False)
        output = output_of(call)
        assert call.returncode != 0, f"`pulumi {command[0]}` ran against another emulator"
        line = error_line(output, "This stack's state was made against")
        assert refusal in line, line
        assert "pulumi state delete --all --yes" in line and "pulumi destroy" in line
        assert "Traceback" not in output, output
        assert emulator.requests() == [] and other.requests() == [], f"{command[0]} sent requests"
    assert project.stack_output() == before, "a refused run changed the state"
    link_id = before["links"]["beans"]["id"]
    assert emulator.client().v1.payment_links.retrieve(link_id).active, "the link was retired"

    # Moving on purpose, as the message says: forget the old objects, then apply to the new one.
    project.run("state", "delete", "--all", "--yes", "--stack", project.stack)
    project.up()
    assert project.links()["beans"]["url"].startswith(other.base_url)
    project.env["PAYLINKS_EMULATOR_PORT"] = port_of(emulator)
    line = error_line(output_of(project.run("preview", "--stack", project.stack, check=False)),
                      "This stack's state was made against")
    assert f"made against the bundled emulator at {other.base_url}" in line
    project.env["PAYLINKS_EMULATOR_PORT"] = port_of(other)  # so teardown destroys it there


def test_a_test_mode_stack_switched_to_live_is_refused_before_the_live_key_is_sent(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG)
    project.up()
    project.config_set("paylinks:stripe", "live")
    project.env["STRIPE_API_KEY"] = "sk_live_" + "L1ve" * 6
    emulator.clear_requests()
    call = project.run("preview", "--stack", project.stack, check=False)
    output = output_of(call)
    assert call.returncode != 0
    line = error_line(output, "This stack's state was made against")
    assert (
        f"made against the Stripe API at {emulator.base_url} in test mode, but this run talks "
        f"to the Stripe API at {emulator.base_url} in live mode" in line
    ), line
    assert emulator.requests() == [], "a request was sent with the live key"
    assert "L1veL1ve" not in output
    project.config_set("paylinks:stripe", "test")  # so teardown can destroy it
    project.env["STRIPE_API_KEY"] = emulator.api_key


def test_a_stopped_emulator_fails_within_seconds_saying_how_to_start_it(
    catalog_project: CatalogProjectFactory, emulator_factory: Callable[..., EmulatorProcess]
) -> None:
    stopped = emulator_factory()
    project = emulator_stack(catalog_project, stopped)
    stopped.stop()
    started = time.monotonic()
    call = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    elapsed = time.monotonic() - started
    output = output_of(call)
    assert call.returncode != 0
    line = error_line(output, "cannot reach the Stripe API")
    assert (
        f"cannot reach the Stripe API at {stopped.base_url} (connection refused). The bundled "
        "emulator is not running there: start it with `make up`" in line
    ), line
    assert f"`paylinks emulator --port {port_of(stopped)} --db .paylinks/emulator.sqlite`" in line
    assert "support@stripe.com" not in output and "Traceback" not in output, output
    assert elapsed < 20, f"`pulumi up` took {elapsed:.0f} s to report a stopped emulator"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("127.0.0.1:{port}", "STRIPE_API_BASE must start with http:// or https://"),
        ("http://127.0.0.1:{port}/v1", "STRIPE_API_BASE must be the API's root URL without a path"),
    ],
)
def test_a_malformed_api_base_is_refused_before_any_request(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, base: str, expected: str
) -> None:
    project = catalog_project(CATALOG, env={"STRIPE_API_BASE": base.format(port=port_of(emulator))})
    emulator.clear_requests()
    call = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    output = output_of(call)
    assert call.returncode != 0
    line = error_line(output, expected)
    assert f"http://127.0.0.1:{port_of(emulator)}" in line, f"the fix is not spelled out: {line}"
    assert emulator.requests() == []
    assert "Traceback" not in output, output


def test_a_value_that_cannot_be_a_stripe_key_is_refused_before_any_request(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    publishable = "pk_test_51PublishableNotSecret"
    project = catalog_project(CATALOG, env={"STRIPE_API_KEY": publishable})
    emulator.clear_requests()
    call = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    output = output_of(call)
    assert call.returncode != 0
    line = error_line(output, "cannot be a Stripe secret key")
    assert "The Stripe key in STRIPE_API_KEY cannot be a Stripe secret key: a publishable key" in (
        line
    )
    assert emulator.requests() == []
    assert "PublishableNotSecret" not in output and "Traceback" not in output, output
