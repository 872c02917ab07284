"""`paylinks review` as a user runs it: file or stdin in, Markdown out, clear errors."""

from __future__ import annotations

import io

import pytest

from paylinks.cli import main
from tests.unit.review.captured import FIXTURES


def test_review_a_file_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(FIXTURES / "removal.json"), "--stack", "staging"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!-- paylinks-review:staging -->\n")
    assert "will be deactivated" in out


def test_review_stdin_to_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO((FIXTURES / "no-change.json").read_text()))
    target = f"{tmp_path}/review.md"
    assert main(["review", "-", "--output", target]) == 0
    with open(target, encoding="utf-8") as handle:
        assert handle.read() == "✅ **`dev`**: no changes. <!-- paylinks-review:dev -->\n"
    assert capsys.readouterr().out == ""


def test_missing_file_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "/nonexistent/preview.json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("paylinks review: cannot read /nonexistent/preview.json")
    assert "Traceback" not in err


def test_text_that_is_not_a_preview_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("error: no stack named 'dev' found\n"))
    assert main(["review"]) == 2
    assert "stdin: no JSON object found" in capsys.readouterr().err
