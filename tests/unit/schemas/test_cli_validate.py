"""`paylinks validate`: exit codes and output, through `main()` and the real console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paylinks.cli import main

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "stacks" / "catalog.yaml"
BAD = Path(__file__).with_name("bad_catalogs")


def test_valid_catalog_exits_0_with_one_line_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"{EXAMPLE}: OK") and "3 payment links" in out[0]


def test_invalid_catalog_exits_1_listing_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    bad = BAD / "mixed_currencies.yaml"
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:11: payment_links.both.line_items[1].price: ")
    assert err[-1] == "1 problem found"


def test_yaml_syntax_error_exits_1_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD / "yaml_syntax_error.yaml")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "yaml_syntax_error.yaml:6: " in err


def write_stack(project: Path, overrides: str) -> None:
    (project / "stacks").mkdir(parents=True)
    shutil.copy(EXAMPLE, project / "stacks" / "catalog.yaml")
    (project / "stacks" / "Pulumi.staging.yaml").write_text(
        "config:\n  paylinks:overrides:\n" + overrides, encoding="utf-8"
    )


def test_stack_overrides_are_validated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_stack(tmp_path, "    payment_links:\n      tip-jar: {active: false}\n")
    assert main(["validate", "--stack", "staging", "--project-dir", str(tmp_path)]) == 0
    assert "(stack staging): OK" in capsys.readouterr().out
    (tmp_path / "stacks" / "Pulumi.staging.yaml").write_text(
        "config:\n  paylinks:overrides:\n    payment_links:\n      tip-jar: {active: nope}\n",
        encoding="utf-8",
    )
    assert main(["validate", "--stack", "staging", "--project-dir", str(tmp_path)]) == 1
    assert "Pulumi.staging.yaml:4: payment_links.tip-jar.active" in capsys.readouterr().err


def test_missing_stack_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # One line naming the file (it was "<root>: can't read the file" plus a problem count).
    write_stack(tmp_path, "    {}\n")
    assert main(["validate", "--stack", "nope", "--project-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        "paylinks validate: no stack file stacks/Pulumi.nope.yaml for stack nope\n"
    )


def test_real_console_script() -> None:
    script = Path(sys.executable).with_name("paylinks")
    ok = subprocess.run(
        [str(script), "validate", str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert ": OK, " in ok.stdout
    bad = subprocess.run(
        [str(script), "validate", str(BAD / "unknown_keys_typos.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "did you mean 'recurring'?" in bad.stderr and "Traceback" not in bad.stderr
