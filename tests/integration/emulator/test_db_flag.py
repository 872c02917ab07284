"""`paylinks emulator --db` on a path it cannot use: one line saying what to do, no traceback.

Run through the real console script, as a user types it; the process must stop at once with a
non-zero exit, before printing a URL nobody can use.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.paths import PAYLINKS
from tests.support.paths import REPO_ROOT as REPO


def run_emulator(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`paylinks emulator --port 0 ARGS`, expected to stop by itself within seconds."""
    return subprocess.run(
        [str(PAYLINKS), "emulator", "--port", "0", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def assert_one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, "the emulator accepted a database it cannot use"
    assert result.stdout == "", f"it printed a URL before failing: {result.stdout!r}"
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{result.stderr}"
    return lines[0]


def test_a_db_in_a_missing_directory_names_the_directory() -> None:
    line = assert_one_line_refusal(run_emulator("--db", "/nonexistent/x.sqlite"))
    assert line == (
        "paylinks emulator: cannot use --db /nonexistent/x.sqlite: the directory /nonexistent "
        "does not exist; create it first or choose another path (the file itself is created "
        "if missing)"
    )


def test_a_db_that_is_not_sqlite_is_refused_and_left_untouched() -> None:
    readme = REPO / "README.md"
    before = readme.read_bytes()
    line = assert_one_line_refusal(run_emulator("--db", "README.md"))
    assert line.startswith("paylinks emulator: cannot use --db README.md: it is not an SQLite")
    assert "give a new file name" in line
    assert readme.read_bytes() == before, "the emulator wrote into a file that is not its own"


def test_a_db_that_is_a_directory_suggests_a_file_in_it(tmp_path: Path) -> None:
    line = assert_one_line_refusal(run_emulator("--db", str(tmp_path)))
    assert f"give a file path such as {tmp_path / 'emulator.sqlite'}" in line


def test_a_new_db_file_is_still_created_and_served(tmp_path: Path) -> None:
    name = "new.sqlite"
    process = subprocess.Popen(
        [str(PAYLINKS), "emulator", "--port", "0", "--db", str(tmp_path / name)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("http://127.0.0.1:")
        assert (tmp_path / name).is_file()
    finally:
        process.terminate()
        process.wait(10)
