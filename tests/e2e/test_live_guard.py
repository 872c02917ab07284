"""The live-key guard: a live key only ever reaches Stripe from a stack marked live, and back.

Checked where a user meets it: `pulumi up` through the real CLI fails before any request (the
emulator's request log stays empty) with one clear line, and the key is never echoed. The
emulator, a test-mode stand-in, refuses live keys on its own as a second line of defence.
"""

from __future__ import annotations

import httpx
import pytest
import stripe

from tests.support.catalogs import catalog_text
from tests.support.emulator import EmulatorProcess
from tests.support.fixtures import CatalogProjectFactory

pytestmark = pytest.mark.e2e

CATALOG = catalog_text("beans")
LIVE_KEY = "sk_live_" + "L1ve" * 6


def error_lines(output: str, marker: str) -> list[str]:
    """Lines of CLI output that carry `marker` (the message a user reads)."""
    return [line.strip() for line in output.splitlines() if marker in line]


def test_a_live_key_on_a_stack_not_marked_live_fails_before_any_request(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG, env={"STRIPE_API_KEY": LIVE_KEY})
    emulator.clear_requests()
    result = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "up with a live key on a test stack succeeded"
    assert emulator.requests() == [], "a request was sent with the live key"
    lines = error_lines(output, "Refusing a live Stripe key")
    assert lines and lines[-1].startswith("error: Refusing"), f"no clear refusal:\n{output}"
    assert "paylinks:stripe live" in lines[0], "the message doesn't say how to mark a stack live"
    assert LIVE_KEY not in output and "L1veL1ve" not in output, "the key was echoed"
    assert "Traceback" not in output, f"a traceback instead of one line:\n{output}"
    assert project.run("stack", "output", "--json", "--stack", project.stack).stdout.strip() in (
        "{}", ""
    )


@pytest.mark.parametrize("marked_live", [{"paylinks:stripe": "live"}, {"paylinks:live": "true"}])
def test_a_stack_marked_live_refuses_a_test_key_before_any_request(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess, marked_live: dict[str, str]
) -> None:
    project = catalog_project(CATALOG, config=marked_live)
    emulator.clear_requests()
    result = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "a live stack ran with a test key"
    assert emulator.requests() == [], "a request was sent from the live stack"
    lines = error_lines(output, "is marked live")
    assert lines and lines[-1].startswith("error: This stack"), f"no clear refusal:\n{output}"
    assert emulator.api_key not in output, "the test key was echoed"
    assert "Traceback" not in output, f"a traceback instead of one line:\n{output}"


def test_a_key_in_plain_text_stack_config_is_refused_before_any_request(
    catalog_project: CatalogProjectFactory, emulator: EmulatorProcess
) -> None:
    project = catalog_project(CATALOG)
    project.config_set("paylinks:stripeApiKey", emulator.api_key)  # forgot --secret
    emulator.clear_requests()
    result = project.run("up", "--yes", "--skip-preview", "--stack", project.stack, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "up ran with a Stripe key stored in plain text"
    assert emulator.requests() == [], "a request was sent with a plain-text key"
    lines = error_lines(output, "is stored in plain text")
    assert lines and "--secret" in lines[-1], f"no clear refusal:\n{output}"
    assert emulator.api_key not in output, "the key was echoed"
    assert "Traceback" not in output, f"a traceback instead of one line:\n{output}"


def test_the_emulator_itself_refuses_live_keys(emulator: EmulatorProcess) -> None:
    response = httpx.post(
        f"{emulator.base_url}/v1/products",
        data={"name": "Should not exist"},
        headers={"Authorization": f"Bearer {LIVE_KEY}"},
    )
    assert response.status_code == 401
    error = response.json()["error"]
    assert "only accepts test-mode keys" in error["message"]
    assert LIVE_KEY not in response.text

    live_client = stripe.StripeClient(LIVE_KEY, base_addresses={"api": emulator.base_url})
    with pytest.raises(stripe.AuthenticationError) as refused:
        live_client.v1.products.list()
    assert refused.value.http_status == 401
    assert emulator.client().v1.products.list().data == [], "the live-key request created data"

