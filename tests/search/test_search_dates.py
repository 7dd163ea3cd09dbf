"""--from, --to and --since: every accepted form, in Asia/Ho_Chi_Minh, and the refusals (exit 3)."""

from datetime import datetime

import pytest

from index.errors import BadDate
from index.vietnamese import VIETNAM
from search_cli.dates import DateRange, date_range

NOW = datetime(2024, 3, 15, 10, 30, tzinfo=VIETNAM)


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2023-04-27", vn(2023, 4, 27), vn(2023, 4, 28)),
        ("27/04/2023", vn(2023, 4, 27), vn(2023, 4, 28)),
        ("7/4/2023", vn(2023, 4, 7), vn(2023, 4, 8)),
        ("2023-04", vn(2023, 4, 1), vn(2023, 5, 1)),
        ("04/2023", vn(2023, 4, 1), vn(2023, 5, 1)),
        ("2023-12", vn(2023, 12, 1), vn(2024, 1, 1)),
        ("2023", vn(2023, 1, 1), vn(2024, 1, 1)),
    ],
)
def test_from_starts_and_to_ends_the_period(value: str, start: datetime, end: datetime) -> None:
    assert date_range(date_from=value).start == start
    assert date_range(date_to=value).end == end
    assert date_range(value, value) == DateRange(start, end)


def test_bounds_are_in_vietnam_time() -> None:
    start = date_range(date_from="2023-04-27").start
    assert start.isoformat() == "2023-04-27T00:00:00+07:00"


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("24h", vn(2024, 3, 14, 10, 30)),
        ("7d", vn(2024, 3, 8, 10, 30)),
        ("2w", vn(2024, 3, 1, 10, 30)),
        ("3m", vn(2023, 12, 15, 10, 30)),
        ("1y", vn(2023, 3, 15, 10, 30)),
        ("1Y", vn(2023, 3, 15, 10, 30)),
    ],
)
def test_since(value: str, start: datetime) -> None:
    assert date_range(since=value, now=NOW) == DateRange(start, None)


def test_since_counts_from_now_in_vietnam() -> None:
    utc_now = datetime.fromisoformat("2024-04-30T20:00:00+00:00")  # already 01/05 in Hà Nội
    assert date_range(since="1m", now=utc_now).start == vn(2024, 4, 1, 3, 0)


def test_since_with_to() -> None:
    assert date_range(date_to="2024-03", since="7d", now=NOW) == DateRange(vn(2024, 3, 8, 10, 30), vn(2024, 4, 1))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"date_from": "2023-13"}, "--from '2023-13' is not a date"),
        ({"date_from": "31/02/2023"}, "is not a date"),
        ({"date_to": "yesterday"}, "--to 'yesterday' is not a date"),
        ({"date_to": "2023/04/27"}, "is not a date"),
        ({"date_from": ""}, "is not a date"),
        ({"since": "5q"}, "--since '5q' is not a duration"),
        ({"since": "0d"}, "is not a duration"),
        ({"since": "d"}, "is not a duration"),
        ({"since": "7d", "date_from": "2023"}, "give only one"),
        ({"date_from": "2023-05", "date_to": "2023-04"}, "the date range is empty"),
        # beyond what a datetime holds: ValueError (year out of range) and OverflowError, not exit 1
        ({"since": "99999y"}, "--since '99999y' reaches back before the calendar starts"),
        ({"since": "99999999999999999999d"}, "reaches back before the calendar starts"),
        ({"since": "9999999999h"}, "reaches back before the calendar starts"),
        ({"date_to": "9999"}, "--to '9999' is too far in the future"),
        ({"date_from": "31/12/9999"}, "--from '31/12/9999' is too far in the future"),
    ],
)
def test_refusals_name_the_value_and_the_accepted_forms(options: dict, message: str) -> None:
    with pytest.raises(BadDate, match=message) as raised:
        date_range(**options, now=NOW)
    assert raised.value.exit_code == 3


def test_refusal_lists_accepted_forms() -> None:
    with pytest.raises(BadDate, match=r"2023-04-27, 27/04/2023, 2023-04 .* 2023 \(a whole year\)"):
        date_range(date_from="27.04.2023")
