"""The pre-flight against a stack's Stripe, through `make deploy` / `make preview`'s scripts.

A staging stack sharing dev's Stripe account (here: the emulator, over HTTP) without its own
lookup-key prefix and promotion-code text used to stop partway through its first deploy, after
products and shipping rates were made. The scripts now look the account up first (read-only):
the deploy applies nothing, the review says why, and each collision names its file:line and the
fix. With the prefix and its own code text the same deploy goes through.

The scripts run in a copy of this working tree (tracked and new files, sharing its `.venv`), so
the stack file they read can be edited without touching a tracked file.
"""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import pytest

from schemas import load_catalog
from tests.support.emulator import EmulatorProcess, account_ids
from tests.support.project_copy import ProjectCopy, copy_working_tree, script_environment

pytestmark = pytest.mark.e2e

STAGING_OWN_VALUES = {  # what the README tells a stack sharing its account to add
    "  paylinks:scope: staging\n": (
        "  paylinks:scope: staging\n  paylinks:lookupKeyPrefix: 'staging:'\n"
    ),
    "  paylinks:overrides:\n": (
        "  paylinks:overrides:\n    promotion_codes:\n      welcome15: {code: WELCOME15-STAGING}\n"
    ),
}
KINDS = ("promotion_codes", "shipping_rates", "coupons")


@pytest.fixture
def project(tmp_path: Path, emulator: EmulatorProcess) -> ProjectCopy:
    env = script_environment(tmp_path)
    # dev's emulator stack finds this emulator answering on its port and uses it.
    env["PAYLINKS_EMULATOR_PORT"] = emulator.base_url.rsplit(":", 1)[1]
    return ProjectCopy(copy_working_tree(tmp_path / "project"), env)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def line_of(path: Path, text: str) -> int:
    """1-based line of the first line of PATH containing TEXT."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def expected_reads(catalog_file: Path) -> int:
    """List requests the pre-flight needs for the catalog: price lookup keys 10 per request, one
    per active code and one per feature."""
    catalog = load_catalog(catalog_file)
    price_keys = sum(1 for price in catalog.prices.values() if price.lookup_key)
    codes = sum(1 for code in catalog.promotion_codes.values() if code.active is not False)
    assert price_keys and codes and catalog.entitlement_features, "the example lost its keys"
    return math.ceil(price_keys / 10) + codes + len(catalog.entitlement_features)


def test_a_stack_sharing_an_account_is_refused_before_any_write_then_deploys_with_its_own_values(
    project: ProjectCopy, emulator: EmulatorProcess
) -> None:
    staging_key = {"STRIPE_API_KEY": emulator.api_key, "STRIPE_API_BASE": emulator.base_url}
    ok(project.script("deploy.sh", "dev"))
    before = account_ids(emulator, *KINDS)
    emulator.clear_requests()

    # staging (paylinks:stripe: test) shares dev's account, with neither prefix nor own code.
    refused = project.script("deploy.sh", "staging", **staging_key)
    assert refused.returncode != 0
    assert refused.stderr.rstrip().splitlines()[-1] == (
        "error: the pre-flight against stack staging's Stripe failed (listed above); nothing "
        "was applied to stack staging"
    ), refused.stderr
    assert "pulumi up" not in refused.stderr
    catalog = project.root / "stacks" / "catalog.yaml"
    price_line = line_of(catalog, "lookup_key: coffee_club_monthly")
    code_line = line_of(catalog, "code: WELCOME15")
    lines = refused.stderr.splitlines()
    price = next(line for line in lines if "prices.coffee-club-monthly.lookup_key" in line)
    assert price.startswith(f"stacks/catalog.yaml:{price_line}: prices.coffee-club-monthly"), price
    assert "lookup key 'coffee_club_monthly' is held" in price
    assert "of the stack with paylinks:scope 'dev'" in price
    assert "set paylinks:lookupKeyPrefix in stacks/Pulumi.staging.yaml" in price
    code = next(line for line in lines if "promotion_codes.welcome15.code" in line)
    assert code.startswith(f"stacks/catalog.yaml:{code_line}: "), code
    assert "(promotion_codes: {welcome15: {code: WELCOME15-STAGING}})" in code
    assert any(line.startswith("stacks/catalog.yaml:") and "entitlement_features." in line
               for line in lines), refused.stderr
    assert "sk_test_" not in refused.stderr + refused.stdout

    # Nothing written, the account unchanged, and only the pre-flight's list requests made.
    requests = emulator.requests()
    assert [r for r in requests if r["method"] != "GET"] == []
    assert len(requests) == expected_reads(catalog), requests
    assert account_ids(emulator, *KINDS) == before

    # The pull-request review of staging says the same, as a problem; still no write.
    review_file = project.root / "review.md"
    preview = project.script("preview.sh", "staging", str(review_file), **staging_key)
    assert preview.returncode != 0
    review = review_file.read_text()
    assert "The stack's Stripe would refuse part of this plan" in review
    assert f"stacks/catalog.yaml:{price_line}: prices.coffee-club-monthly.lookup_key" in review
    assert [r for r in emulator.requests() if r["method"] != "GET"] == []
    assert account_ids(emulator, *KINDS) == before

    # With its own prefix and code text, the same deploy goes through.
    stack_file = project.root / "stacks" / "Pulumi.staging.yaml"
    text = stack_file.read_text()
    for old, new in STAGING_OWN_VALUES.items():
        assert text.count(old) == 1, f"{stack_file.name} no longer has {old!r} once"
        text = text.replace(old, new)
    stack_file.write_text(text)
    deployed = ok(project.script("deploy.sh", "staging", **staging_key))
    assert "stack staging: none of its" in deployed.stderr
    assert "stack staging updated:" in deployed.stderr
    keys = {
        price.lookup_key
        for price in emulator.client().v1.prices.list(params={"limit": 100}).auto_paging_iter()
        if price.metadata.to_dict().get("paylinks_scope") == "staging"
    }
    assert "staging:coffee_club_monthly" in keys


@pytest.mark.parametrize("script", ["deploy.sh", "preview.sh"])
def test_a_mistyped_stack_name_stops_at_once_creating_nothing(
    project: ProjectCopy, emulator: EmulatorProcess, script: str
) -> None:
    # It used to create the stack on the backend, let pulumi write a salt into a new
    # stacks/Pulumi.stagin.yaml, and stop later on "No Stripe API key".
    emulator.clear_requests()
    result = project.script(script, "stagin")
    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        "error: no stack file stacks/Pulumi.stagin.yaml for stack stagin (stacks: dev, prod, "
        "staging): check the name, or create that file (its paylinks:scope and paylinks:stripe) "
        "for a new environment; nothing was done"
    ], result.stderr
    assert not (project.root / "stacks" / "Pulumi.stagin.yaml").exists()
    state = Path(project.env["PULUMI_BACKEND_URL"].removeprefix("file://"))
    assert not any(state.rglob("stagin*")), sorted(state.rglob("*"))
    assert emulator.requests() == []


def test_renaming_a_code_or_feature_key_is_refused_before_any_write(
    project: ProjectCopy, emulator: EmulatorProcess
) -> None:
    # The up created the renamed entry first, while the stack's old code / feature still held
    # the text / lookup key, and stopped there on Stripe's refusal.
    ok(project.script("deploy.sh", "dev"))
    catalog = project.root / "stacks" / "catalog.yaml"
    text = catalog.read_text()
    renames = {"\n  welcome15:": "\n  welcome:", "\n  club-brew-guides:": "\n  brew-guides:",
               "[club-brew-guides,": "[brew-guides,"}
    for old, new in renames.items():
        assert text.count(old) == 1, f"the example no longer has {old!r} once"
        text = text.replace(old, new)
    catalog.write_text(text)
    before = account_ids(emulator, *KINDS)
    emulator.clear_requests()

    refused = project.script("deploy.sh", "dev")
    assert refused.returncode != 0
    assert "pulumi up" not in refused.stderr
    code_line = line_of(catalog, "code: WELCOME15")
    assert (
        f"stacks/catalog.yaml:{code_line}: promotion_codes.welcome.code: code 'WELCOME15' is "
        "active in this stack's promotion code promo_"
    ) in refused.stderr
    assert ("keep the key 'welcome15', or deploy once without the entry (which deactivates it) "
            "and then add it as 'welcome'.") in refused.stderr
    feature_line = line_of(catalog, "lookup_key: club_brew_guides")
    assert (f"stacks/catalog.yaml:{feature_line}: entitlement_features.brew-guides.lookup_key: "
            "lookup key 'club_brew_guides' is held by this stack's entitlement feature feat_"
            ) in refused.stderr
    assert [r for r in emulator.requests() if r["method"] != "GET"] == []
    assert account_ids(emulator, *KINDS) == before
