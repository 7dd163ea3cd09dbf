"""Vietnamese visible dates, machine (ISO 8601) dates and their ISO output."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.normalise.dates import parse_date, parse_structured_date, to_iso
from index.vietnamese import VIETNAM

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=VIETNAM)

VISIBLE_DATES = [
    ("27/04/2023 | 14:35", "2023-04-27T14:35:00+07:00"),
    ("14:35 27/4/2023", "2023-04-27T14:35:00+07:00"),
    ("27-04-2023 14:35", "2023-04-27T14:35:00+07:00"),
    ("15-01-2024 13:04", "2024-01-15T13:04:00+07:00"),
    ("17:22 17/08/2025", "2025-08-17T17:22:00+07:00"),
    ("14/08/2026 - 21:20", "2026-08-14T21:20:00+07:00"),
    ("15/08/2026 06:54", "2026-08-15T06:54:00+07:00"),
    ("Thứ Ba, ngày 14/01/2025 - 06:01", "2025-01-14T06:01:00+07:00"),
    ("THỨ HAI, 27/04/2023 14:35", "2023-04-27T14:35:00+07:00"),
    ("Chủ nhật, 23/08/2026, 07:00 (GMT+7)", "2026-08-23T07:00:00+07:00"),
    ("CN, 23/08/2026 07:00", "2026-08-23T07:00:00+07:00"),
    ("thứ bảy 22/08/2026 09:10 GMT+07:00", "2026-08-22T09:10:00+07:00"),
    ("22:45, ngày 22-11-2020", "2020-11-22T22:45:00+07:00"),
    ("26/08/2026 | 13:35:00", "2026-08-26T13:35:00+07:00"),
    ("ngày 27 tháng 4 năm 2023", "2023-04-27T00:00:00+07:00"),
    ("Ngày 25 tháng 08 năm 2026", "2026-08-25T00:00:00+07:00"),
    ("Hà Nội, ngày 2 tháng 9 năm 2025", "2025-09-02T00:00:00+07:00"),
    ("Cập nhật: 27/04/2023 lúc 14:35", "2023-04-27T14:35:00+07:00"),
    ("Đăng lúc: 08:15 26/08/2026", "2026-08-26T08:15:00+07:00"),
    ("Cập nhật lúc 14h35 ngày 27/4/2023", "2023-04-27T14:35:00+07:00"),
    ("14 giờ 35 phút, ngày 27/4/2023", "2023-04-27T14:35:00+07:00"),
    ("27/04/2023 02:35 CH", "2023-04-27T14:35:00+07:00"),  # CH (chiều) = PM in Vietnamese locales
    ("(14.08.26)", "2026-08-14T00:00:00+07:00"),
    ("14.08.26", "2026-08-14T00:00:00+07:00"),
    ("27/04/2023", "2023-04-27T00:00:00+07:00"),
    ("05/04/2023", "2023-04-05T00:00:00+07:00"),  # day first, never US order
    ("8/14/2026 6:44:00 PM", "2026-08-14T18:44:00+07:00"),  # RSS US order: only when the day cannot be
    ("2023-04-27 14:35", "2023-04-27T14:35:00+07:00"),
    ("27/04/2023 14:35 GMT+0", "2023-04-27T21:35:00+07:00"),
    ("27/04/2023 lúc 14:35, cập nhật 27/4/2023 14:35", "2023-04-27T14:35:00+07:00"),  # same moment twice
    ("Thứ Tư, 02/09/2026 11:00", "2026-09-02T11:00:00+07:00"),  # within the one-day tolerance
]

NOT_DATES = [
    "",
    "   ",
    "Xem thêm",
    "Số 12",
    "14:35",  # a time alone is not a date
    "32/13/2023",
    "29/02/2023",
    "27/04/2023 25:61",
    "27/04/2023, 28/04/2023",  # two different dates: ambiguous
    "27/04/2023 14:35, 15:00",  # two different times: ambiguous
    "1.2.3.4",
    "0243.826.1234",
    "12/2023",
    "04/09/2026",  # more than one day after now
    "01/01/0001",
    "2 giờ trước",
]


@pytest.mark.parametrize(("text", "expected"), VISIBLE_DATES)
def test_visible_date(text: str, expected: str) -> None:
    parsed = parse_date(text, now=NOW)
    assert parsed is not None
    assert to_iso(parsed) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_result_is_aware_in_vietnam_time() -> None:
    parsed = parse_date("27/04/2023 14:35", now=NOW)
    assert parsed is not None
    assert parsed.tzinfo == VIETNAM
    assert parsed.utcoffset() == timedelta(hours=7)


def test_naive_now_is_vietnam_time() -> None:
    # 20:00 read as Vietnam time allows dates up to 2 Sep 20:00; read as UTC (3:00 on 2 Sep in Vietnam)
    # it would allow 3 Sep 00:00 too.
    naive_now = datetime(2026, 9, 1, 20, 0)
    assert parse_date("02/09/2026", now=naive_now) is not None
    assert parse_date("03/09/2026", now=naive_now) is None


def test_default_now_is_the_current_time() -> None:
    tomorrow_week = datetime.now(VIETNAM) + timedelta(days=7)
    assert parse_date(tomorrow_week.strftime("%d/%m/%Y")) is None
    assert parse_date("27/04/2023") is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-14T06:01:00+0700", "2025-01-14T06:01:00+07:00"),
        ("2025-01-14T06:01:00+07:00", "2025-01-14T06:01:00+07:00"),
        ("2025-01-13T23:01:00Z", "2025-01-14T06:01:00+07:00"),
        ("2025-01-14T06:01:00", "2025-01-14T06:01:00+07:00"),
        ("2025-01-14T06:01:00.123+07:00", "2025-01-14T06:01:00+07:00"),
        ("2025-01-14", "2025-01-14T00:00:00+07:00"),
        (" 2025-01-14T06:01 ", "2025-01-14T06:01:00+07:00"),
    ],
)
def test_structured_date(value: str, expected: str) -> None:
    parsed = parse_structured_date(value)
    assert parsed is not None
    assert to_iso(parsed) == expected


@pytest.mark.parametrize("value", ["", "garbage", "14/01/2025 06:01", "2025-13-01"])
def test_structured_date_rejects_non_iso(value: str) -> None:
    assert parse_structured_date(value) is None


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2023, 4, 27, 14, 35, tzinfo=VIETNAM), "2023-04-27T14:35:00+07:00"),
        (datetime(2023, 4, 27, 7, 35, tzinfo=UTC), "2023-04-27T14:35:00+07:00"),
        (datetime(2023, 4, 27, 14, 35, 9, 500), "2023-04-27T14:35:09+07:00"),
        (datetime(2023, 4, 27, 9, 35, tzinfo=timezone(timedelta(hours=2))), "2023-04-27T14:35:00+07:00"),
    ],
)
def test_to_iso(moment: datetime, expected: str) -> None:
    assert to_iso(moment) == expected
