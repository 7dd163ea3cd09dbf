"""Vietnamese publication dates: visible text ("Thứ Ba, ngày 14/01/2025 - 06:01 (GMT+7)") and machine
values (ISO 8601 from meta, JSON-LD, time[datetime]). All results are aware datetimes in Vietnam time.

A missing or doubtful date stays None: never guess, never fall back to the crawl time.

dateutil is imported only by the parsers, so that importing this module stays cheap.
"""

import re
from datetime import datetime, timedelta, timezone, tzinfo

from index.vietnamese import VIETNAM, fold

# Dates after now + this are typos or placeholders (trafilatura's max-date guard); before the floor,
# garbage: Vietnamese news sites did not exist yet.
_FUTURE_TOLERANCE = timedelta(days=1)
_EARLIEST = datetime(1990, 1, 1, tzinfo=VIETNAM)

# Patterns run on folded text (lowercase, no diacritics): "ngày" is "ngay", "tháng" is "thang".
_WORDED_DATE = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,|\s)\s*(?:nam\s+)?(\d{4})")
_OFFSET = re.compile(r"\(?\s*(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?")
_NUMERIC_DATE = re.compile(
    r"(?<![\d./-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})([/.-])(\d{1,2})\5(\d{4}|\d{2}))(?![\d./-]*\d)"
)
# 14:35, 14h35, "14 giờ 35 phút" (folded: gio, phut), optional seconds and AM/PM.
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?::|h|gio)\s*(\d{2})(?::(\d{2}))?(?![\d:])(?:\s*phut)?(?:\s*(am|pm|sa|ch)\b)?"
)
# Vietnamese Windows locales write SA (sáng) / CH (chiều) for AM / PM.
_MERIDIEMS = {"am": "AM", "sa": "AM", "pm": "PM", "ch": "PM"}


def parse_date(text: str, now: datetime | None = None) -> datetime | None:
    """The one date (and optional time) written in `text`, day first, in Vietnam time; None when there
    is no date, more than one different date or time, an impossible date, or a date more than a day after
    `now` (default: the current time)."""
    folded = _WORDED_DATE.sub(r" \1/\2/\3 ", fold(text))
    offset, folded = _extract_offset(folded)
    dates = {_canonical_date(match) for match in _NUMERIC_DATE.finditer(folded)}
    if len(dates) != 1:
        return None
    times = set(_TIME.findall(_NUMERIC_DATE.sub(" ", folded)))
    if len(times) > 1:
        return None
    moment = _dateutil_moment(dates.pop(), times.pop() if times else None)
    if moment is None:
        return None
    return _plausible(moment.replace(tzinfo=offset).astimezone(VIETNAM), now)


def parse_structured_date(value: str) -> datetime | None:
    """An ISO 8601 date or date-time in Vietnam time; a value without offset is taken as Vietnam time."""
    from dateutil.parser import isoparse  # lazily: see the module docstring

    try:
        moment = isoparse(value.strip())
    except (ValueError, OverflowError):
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def to_iso(moment: datetime) -> str:
    """ISO 8601 with the +07:00 offset, to the second (`2023-04-27T14:35:00+07:00`)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _extract_offset(folded: str) -> tuple[tzinfo, str]:
    """The "(GMT+7)"-style offset written in the text (Vietnam time when none) and the text without it."""
    match = _OFFSET.search(folded)
    if match is None:
        return VIETNAM, folded
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    offset = timezone(-delta if sign == "-" else delta)
    return offset, folded[: match.start()] + " " + folded[match.end() :]


def _canonical_date(match: re.Match[str]) -> str:
    """The matched date as D/M/Y (or Y-M-D) without leading zeros, so that repeats compare equal."""
    iso_year, iso_month, iso_day, day, _separator, month, year = match.groups()
    if iso_year:
        return f"{int(iso_year)}-{int(iso_month)}-{int(iso_day)}"
    return f"{int(day)}/{int(month)}/{year}"


def _dateutil_moment(date: str, time: tuple[str, str, str, str] | None) -> datetime | None:
    from dateutil.parser import parse  # lazily: see the module docstring

    words = [date]
    if time is not None:
        hours, minutes, seconds, meridiem = time
        words.append(f"{hours}:{minutes}:{seconds or '00'}")
        if meridiem:
            words.append(_MERIDIEMS[meridiem])
    try:
        return parse(" ".join(words), dayfirst=True)
    except (ValueError, OverflowError):
        return None


def _plausible(moment: datetime, now: datetime | None) -> datetime | None:
    reference = datetime.now(VIETNAM) if now is None else now
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=VIETNAM)
    if moment > reference + _FUTURE_TOLERANCE or moment < _EARLIEST:
        return None
    return moment
