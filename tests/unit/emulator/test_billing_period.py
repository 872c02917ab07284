"""A subscription item's period ends one billing interval after it starts, months keeping the
day of the month (clamped to the month's end), as Stripe's billing cycle does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator.models.billing_period import period_end


def _at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("start", "recurring", "end"),
    [
        ("2026-01-15T10:00", {"interval": "month"}, "2026-02-15T10:00"),
        ("2026-01-31T10:00", {"interval": "month"}, "2026-02-28T10:00"),
        ("2028-01-31T10:00", {"interval": "month"}, "2028-02-29T10:00"),
        ("2026-11-30T00:00", {"interval": "month", "interval_count": 3}, "2027-02-28T00:00"),
        ("2026-03-01T08:30", {"interval": "year"}, "2027-03-01T08:30"),
        ("2028-02-29T00:00", {"interval": "year"}, "2029-02-28T00:00"),
        ("2026-03-01T00:00", {"interval": "week", "interval_count": 2}, "2026-03-15T00:00"),
        ("2026-03-01T00:00", {"interval": "day"}, "2026-03-02T00:00"),
    ],
)
def test_a_period_ends_one_interval_later(
    start: str, recurring: dict[str, object], end: str
) -> None:
    assert period_end(_at(start), recurring) == _at(end)
