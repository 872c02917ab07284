"""Figures of each scenario as Markdown rows: printed by the tests, written by `run.py`."""

from __future__ import annotations

from tests.reliability.bad_input import BadInputFigures
from tests.reliability.concurrency import ConcurrencyFigures
from tests.reliability.crashes import CrashFigures
from tests.reliability.faults import FaultFigures
from tests.reliability.key_guard import GuardFigures
from tests.reliability.secrets_scan import SecretFigures

__all__ = ["bad_input", "concurrency", "crashes", "faults", "key_guard", "secrets", "table"]

Rows = list[tuple[str, str]]


def table(rows: Rows) -> str:
    """A two-column Markdown table."""
    lines = ["| figure | value |", "|---|---|"]
    lines += [f"| {name} | {value.replace('|', '/')} |" for name, value in rows]
    return "\n".join(lines)


def faults(runs: list[FaultFigures]) -> Rows:
    """One row group per fault variant, summed over seeds."""
    rows: Rows = []
    for kinds in dict.fromkeys(run.kinds for run in runs):
        group = [run for run in runs if run.kinds == kinds]
        faulted = sum((run.faulted for run in group), start=type(group[0].faulted)())
        label = f"{'/'.join(kinds)} at {group[0].rate:.0%}"
        rows += [
            (f"{label}: `pulumi up` runs (seeds)", f"{len(group)}, {sum(r.ok for r in group)} ok"),
            (f"{label}: API requests", str(sum(r.requests for r in group))),
            (
                f"{label}: faults answered as errors (429/500/dropped)",
                f"{faulted.get('429', 0)}/{faulted.get('500', 0)}/{faulted.get('0', 0)}",
            ),
            (f"{label}: retries", str(sum(r.retries for r in group))),
            (
                f"{label}: writes (POST), of which same-key retries",
                f"{sum(r.writes for r in group)}, {sum(r.write_retries for r in group)}",
            ),
            (
                f"{label}: duplicates / missing / lost",
                f"{sum(r.duplicates for r in group)} / {sum(r.missing for r in group)} / "
                f"{sum(r.lost for r in group)}",
            ),
            (
                f"{label}: drift left (refresh-preview wants changes)",
                str(sum(r.drift_after for r in group)),
            ),
            (
                f"{label}: `pulumi up` seconds (mean)",
                f"{sum(r.seconds for r in group) / len(group):.1f}",
            ),
        ]
    return rows


def crashes(figures: CrashFigures) -> Rows:
    """Kill-and-recover trials."""
    return [
        (
            "trials (create / replace phase)",
            f"{figures.trials} ({figures.kinds['create']} / {figures.kinds['replace']})",
        ),
        ("of which with every API answer delayed 200 ms", str(figures.slow)),
        ("killed before `up` finished", str(figures.killed_mid_run)),
        ("processes killed (CLI, language host, program, provider)", str(figures.processes_killed)),
        ("recoveries that needed `pulumi cancel` (stack locked)", str(figures.saw_locked)),
        ("recoveries warned about pending operations", str(figures.saw_pending)),
        ("recoveries failed", str(figures.recoveries_failed)),
        ("duplicates found", str(figures.duplicates)),
        ("objects missing", str(figures.missing)),
        ("links lost (inactive or URL not live)", str(figures.lost)),
        ("link URLs changed vs a clean reference run", str(figures.url_changes)),
        ("objects a clean reference run had to create", str(figures.reference_new_objects)),
    ]


def concurrency(figures: ConcurrencyFigures) -> Rows:
    """Two `up` at once."""
    return [
        ("races (two `pulumi up` at once, one stack)", str(figures.races)),
        ("one run refused by the stack lock", str(figures.refused_by_lock)),
        ("both ran (no overlap)", str(figures.both_succeeded)),
        ("duplicates after the race", str(figures.duplicates)),
        ("message", f"`{figures.lock_message}`"),
    ]


def bad_input(figures: BadInputFigures) -> Rows:
    """Fuzzed catalogs."""
    return [
        ("fuzzed catalogs through `paylinks validate`", str(figures.cases)),
        (
            "rejected with located problems / valid",
            f"{figures.outcomes['rejected']} / {figures.outcomes['valid']}",
        ),
        ("tracebacks", str(figures.tracebacks)),
        ("rejections with an unlocated line", str(figures.unclean)),
        ("rejected catalogs through a real `pulumi preview`", str(figures.previews)),
        ("previews failing cleanly (file:line, no traceback)", str(figures.previews_clean)),
        (
            "Stripe requests / writes during those previews",
            f"{figures.stripe_requests} / {figures.stripe_writes}",
        ),
    ]


def secrets(figures: SecretFigures) -> Rows:
    """Plaintext secret occurrences."""
    rows: Rows = [
        ("secrets tracked (keys, webhook secrets, canary marker)", str(figures.secrets_tracked))
    ]
    rows += [
        (f"occurrences in {place} ({figures.places_scanned[place]} scanned)", str(count))
        for place, count in figures.leaks.items()
    ]
    rows.append(("total plaintext occurrences", str(figures.total_leaks)))
    return rows


def key_guard(figures: GuardFigures) -> Rows:
    """Emulator safety and key mistakes."""
    rows: Rows = [
        ("`paylinks emulator` (no --host) listens on", figures.emulator_listens_on),
        ("emulator answer to a live key", f"HTTP {figures.live_key_status}"),
        ("tracebacks shown to the user", str(figures.tracebacks)),
    ]
    rows += [
        (
            f"{case}: Stripe requests; what `pulumi up` says",
            f"{figures.requests[case]}; `{message}`",
        )
        for case, message in figures.messages.items()
    ]
    return rows
