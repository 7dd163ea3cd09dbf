"""Date arguments of `vnnews search`: --from, --to and --since, all in Vietnam's time zone.

A period given with --from starts at its first instant; the same period given with --to ends at its
last instant (`--to 2023-04` includes the whole of April). Ranges are half-open: [start, end).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from index.errors import BadDate
from index.vietnamese import VIETNAM
from search_cli.options import DATE_FORMS, SINCE_FORMS

SINCE_UNITS = {
    "h": lambda n: relativedelta(hours=n),
    "d": lambda n: relativedelta(days=n),
    "w": lambda n: relativedelta(weeks=n),
    "m": lambda n: relativedelta(months=n),
    "y": lambda n: relativedelta(years=n),
}

# Each form maps its match to (first day, length of the period).
PERIOD_FORMS: list[tuple[re.Pattern[str], Callable[..., tuple[date, relativedelta]]]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), lambda y, m, d: (date(y, m, d), relativedelta(days=1))),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), lambda d, m, y: (date(y, m, d), relativedelta(days=1))),
    (re.compile(r"(\d{4})-(\d{1,2})"), lambda y, m: (date(y, m, 1), relativedelta(months=1))),
    (re.compile(r"(\d{1,2})/(\d{4})"), lambda m, y: (date(y, m, 1), relativedelta(months=1))),
    (re.compile(r"(\d{4})"), lambda y: (date(y, 1, 1), relativedelta(years=1))),
]


@dataclass(frozen=True)
class DateRange:
    """Half-open [start, end) in Asia/Ho_Chi_Minh; None means unbounded on that side."""

    start: datetime | None = None
    end: datetime | None = None


ALL_TIME = DateRange()


def _period(option: str, value: str) -> tuple[datetime, datetime]:
    text = value.strip()
    for pattern, to_period in PERIOD_FORMS:
        if match := pattern.fullmatch(text):
            try:
                first_day, length = to_period(*map(int, match.groups()))
            except ValueError:
                break
            start = datetime.combine(first_day, datetime.min.time(), VIETNAM)
            try:
                return start, start + length
            except (ValueError, OverflowError):  # the period ends after year 9999
                raise BadDate(f"{option} {value!r} is too far in the future") from None
    raise BadDate(f"{option} {value!r} is not a date; use {DATE_FORMS}")


def parse_since(value: str, now: datetime) -> datetime:
    """`--since 7d` -> the instant seven days before now."""
    match = re.fullmatch(r"\s*(\d+)\s*([hdwmy])\s*", value.lower())
    if not match or int(match.group(1)) == 0:
        raise BadDate(f"--since {value!r} is not a duration; use {SINCE_FORMS}")
    amount, unit = int(match.group(1)), match.group(2)
    try:
        return now.astimezone(VIETNAM) - SINCE_UNITS[unit](amount)
    except (ValueError, OverflowError):  # before year 1, or too large for a date at all
        raise BadDate(f"--since {value!r} reaches back before the calendar starts") from None


def date_range(
    date_from: str | None = None,
    date_to: str | None = None,
    since: str | None = None,
    now: datetime | None = None,
) -> DateRange:
    """The range the three options describe; BadDate (exit 3) when a value cannot be understood."""
    if since is not None and date_from is not None:
        raise BadDate("--since and --from both set the start: give only one")
    start = _period("--from", date_from)[0] if date_from is not None else None
    end = _period("--to", date_to)[1] if date_to is not None else None
    if since is not None:
        start = parse_since(since, now or datetime.now(VIETNAM))
    if start is not None and end is not None and start >= end:
        raise BadDate(f"the date range is empty: it starts {start:%d/%m/%Y %H:%M}, after its end")
    return DateRange(start, end)


def last_instant(end: datetime) -> datetime:
    """The last millisecond inside a half-open range (for inclusive bounds such as histogram edges)."""
    return end - timedelta(milliseconds=1)
