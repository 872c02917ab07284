"""Scenario 4: fuzzed catalogs give clean validation errors, never a traceback, never a write.

Cases are hypothesis-generated: random catalog structures (the strategies of the schemas fuzz
test, reused so the rules of "what a catalog may hold" live once) and realistic edits of the
example catalog (a deleted or duplicated line, a stray character, a truncated file, a changed
value). Each goes through `paylinks validate` as the console script runs it; a handful of the
rejected ones also through a real `pulumi preview` of the program against the emulator, whose
request log must show no write.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paylinks.cli import main as paylinks_main
from tests.reliability.harness import EXAMPLE_CATALOG, lab
from tests.unit.schemas.test_fuzz import CATALOGS, to_yaml

__all__ = ["BadInputFigures", "run_bad_input"]

PROBLEM_LINE = re.compile(r"^.+:\d+: .*\S|^\d+ problems? found$")
"""`file:line: path: message`, or the closing count."""

_EXAMPLE_LINES = EXAMPLE_CATALOG.read_text().splitlines(keepends=True)
_JUNK = st.sampled_from([*list(":{}[]-,'\"#&*!|>%@`\t "), "\x00", "é", "- ", ": x", "1e999"])
_VALUES = st.sampled_from(["-1", "0", "abc", "null", "[]", "{}", "true", "9" * 30, "'1400'"])


@st.composite
def edited_example(draw: st.DrawFn) -> str:
    """The example catalog with one to three realistic edits."""
    lines = list(_EXAMPLE_LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "junk", "value", "truncate"]))
        if edit == "delete":
            del lines[index]
        elif edit == "duplicate":
            lines.insert(index, lines[index])
        elif edit == "junk":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(_JUNK) + line[at:]
        elif edit == "value" and ": " in lines[index]:
            head = lines[index].split(": ", 1)[0]
            lines[index] = f"{head}: {draw(_VALUES)}\n"
        elif edit == "truncate":
            lines = lines[:index]
        if not lines:
            lines = [""]
    return "".join(lines)


CASES = st.one_of(edited_example(), CATALOGS.map(to_yaml))


@dataclass
class BadInputFigures:
    """How the fuzzed catalogs were answered."""

    cases: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    """`valid` or `rejected` (exit 1 with located problems)."""
    tracebacks: int = 0
    unclean: int = 0
    """Rejections with a line that is not `file:line: path: message`."""
    previews: int = 0
    previews_clean: int = 0
    stripe_requests: int = 0
    stripe_writes: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Only clean answers, no write."""
        return not self.problems


def validate_once(path: Path, figures: BadInputFigures) -> bool:
    """Run `paylinks validate PATH` as the console script does; True when rejected cleanly."""
    out, err = io.StringIO(), io.StringIO()
    figures.cases += 1
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = paylinks_main(["validate", str(path)])
    except BaseException as error:  # what would reach the user as a traceback
        figures.tracebacks += 1
        figures.problems.append(f"{type(error).__name__} on:\n{path.read_text()[:2000]}")
        return False
    if code == 0:
        figures.outcomes["valid"] += 1
        return False
    figures.outcomes["rejected"] += 1
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    bad = [line for line in lines if not PROBLEM_LINE.match(line) and not line.startswith(" ")]
    if code != 1 or not lines or bad:
        figures.unclean += 1
        figures.problems.append(f"exit {code}, unclean lines {bad[:3]} for:\n{path.read_text()}")
        return False
    return True


def run_bad_input(root: Path, cases: int = 25, previews: int = 3, seed: int = 0) -> BadInputFigures:
    """Validate `cases` fuzzed catalogs; `pulumi preview` the first `previews` rejected ones."""
    figures = BadInputFigures()
    rejected: list[str] = []
    root.mkdir(parents=True, exist_ok=True)
    path = root / "catalog.yaml"

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        derandomize=seed == 0,
        suppress_health_check=list(HealthCheck),
    )
    @given(CASES)
    def check(text: str) -> None:
        path.write_text(text)
        if validate_once(path, figures) and len(rejected) < previews:
            rejected.append(text)

    check()
    with lab(root / "previews") as bench:
        for text in rejected:
            project = bench.project(text)
            bench.emulator.clear_requests()
            call = project.run("preview", "--stack", project.stack, check=False)
            log = bench.emulator.requests()
            figures.previews += 1
            figures.stripe_requests += len(log)
            figures.stripe_writes += sum(entry["method"] != "GET" for entry in log)
            output = call.stdout + call.stderr
            if call.returncode != 0 and "Traceback" not in output and "catalog.yaml:" in output:
                figures.previews_clean += 1
            else:
                figures.problems.append(f"preview not a clean failure:\n{output[-3000:]}")
    if figures.stripe_writes:
        figures.problems.append(f"{figures.stripe_writes} Stripe writes during previews")
    return figures
