"""When a billing period that starts now ends: a price's `recurring` interval added to a time.

Months and years keep the day of the month, clamped to the month's last day (Jan 31 + 1 month
is Feb 28 or 29), as Stripe's billing cycle does.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["period_end"]

_MONTHS = {"month": 1, "year": 12}
_DAYS = {"day": 1, "week": 7}


def period_end(start: int, recurring: dict[str, Any]) -> int:
    """The unix time one `recurring` interval (`interval` times `interval_count`) after `start`."""
    interval, count = recurring["interval"], int(recurring.get("interval_count") or 1)
    begin = datetime.fromtimestamp(start, UTC)
    if interval in _DAYS:
        return int((begin + timedelta(days=_DAYS[interval] * count)).timestamp())
    months = begin.month - 1 + _MONTHS[interval] * count
    year, month = begin.year + months // 12, months % 12 + 1
    day = min(begin.day, calendar.monthrange(year, month)[1])
    return int(begin.replace(year=year, month=month, day=day).timestamp())
