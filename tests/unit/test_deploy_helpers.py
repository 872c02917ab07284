"""`make deploy`'s helpers: the links summary, the update summary and the stack-file working
copy (pure logic)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


print_links = _script("print_links")
stack_files = _script("stack_files")
update_summary = _script("update_summary")


def links(**entries: tuple[str, bool]) -> dict[str, object]:
    return print_links.read_links(
        json.dumps({key: {"id": key, "url": url, "active": active} for key, (url, active) in
                    entries.items()})
    )


def test_deploy_names_new_urls_deactivated_reactivated_and_new_links() -> None:
    before = links(a=("u/a", True), b=("u/b", True), c=("u/c", False), d=("u/d", True))
    after = links(a=("u/a", True), b=("u/b2", True), c=("u/c", True), d=("u/d", False),
                  e=("u/e", True))
    assert print_links.render(after, before) == [
        "a: u/a",
        "b: u/b2  (NEW URL; the old u/b now shows an expiry page)",
        "c: u/c  (reactivated, same URL)",
        "d: u/d  (inactive: deactivated by this deploy)",
        "e: u/e  (new link)",
        "5 link(s); URL changed: b; inactive: d",
    ]


def test_a_first_deploy_lists_links_without_notes_and_a_no_op_changes_nothing() -> None:
    after = links(a=("u/a", True), b=("u/b", False))
    assert print_links.render(after, print_links.read_links("")) == [
        "a: u/a  (new link)", "b: u/b  (inactive)", "2 link(s); URL changed: none; inactive: b"
    ]
    assert print_links.render(after, after)[-1] == "2 link(s); URL changed: none; inactive: b"
    assert print_links.render({}, {}) == ["(the stack has no `links` output yet)"]


def _stack_repo(tmp_path: Path, stack_text: str) -> Path:
    (tmp_path / "stacks").mkdir()
    project = "name: paylinks\nruntime: python\nstackConfigDir: stacks\n"
    (tmp_path / "Pulumi.yaml").write_text(project)
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text(stack_text)
    return tmp_path


def test_working_copy_leaves_out_a_salt_nothing_needs_and_never_touches_stacks(
    tmp_path: Path,
) -> None:
    tracked = "config:\n  paylinks:scope: dev\n  paylinks:live: true\nencryptionsalt: v1:abc\n"
    repo = _stack_repo(tmp_path, tracked)
    copy = stack_files.write_working_copy("dev", tmp_path / "work", repo)
    assert (repo / "stacks" / "Pulumi.dev.yaml").read_text() == tracked
    document = YAML().load(copy)
    assert "encryptionsalt" not in document
    assert document["config"]["paylinks:live"] is True
    assert "stackConfigDir" not in YAML().load(tmp_path / "work" / "Pulumi.yaml")


def test_working_copy_keeps_the_salt_of_encrypted_values(tmp_path: Path) -> None:
    tracked = "config:\n  paylinks:stripeApiKey:\n    secure: AAAA\nencryptionsalt: v1:abc\n"
    repo = _stack_repo(tmp_path, tracked)
    copy = stack_files.write_working_copy("dev", tmp_path / "work", repo)
    assert YAML().load(copy)["encryptionsalt"] == "v1:abc"


def test_a_stack_without_a_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    repo = _stack_repo(tmp_path, "config: {}\n")
    try:
        stack_files.write_working_copy("qa", tmp_path / "work", repo)
    except SystemExit as exit_:
        assert str(exit_) == (
            "error: no stack file stacks/Pulumi.qa.yaml for stack 'qa' (stacks with a file: dev); "
            "add one to create the stack"
        )
    else:
        raise AssertionError("a missing stack file was accepted")
    assert stack_files.stripe_setting("dev", repo) == ""


def test_the_update_summary_counts_changes_in_catalog_words() -> None:
    history = [{"resourceChanges": {"same": 7, "create": 2, "delete": 1, "update": 0}}]
    assert update_summary.summarise(history, "staging") == (
        "==> stack staging updated: 2 created, "
        "1 removed (deleted, or deactivated/archived where Stripe keeps it)"
    )


def test_the_update_summary_calls_an_unchanged_rerun_a_no_op() -> None:
    assert update_summary.summarise([{"resourceChanges": {"same": 9}}], "prod") == (
        "==> no changes: stack prod already matched the catalog (a no-op)"
    )
    assert update_summary.summarise([], "prod") == "==> stack prod: no update history to summarise"
