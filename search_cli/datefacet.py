"""`--facet date`: a histogram whose interval (day, week, month or year) fits the range of the matches,
so that a query over three weeks is read by day and one over ten years by year."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from search_cli.dates import DateRange
from search_cli.options import AUTO_DATE_FACET
from search_cli.results import local_time

# The longest span each interval is chosen for; beyond the last one, years. About 60 bars at most.
INTERVAL_LIMITS = (("day", timedelta(days=62)), ("week", timedelta(days=366)), ("month", timedelta(days=5 * 366)))


def fitting_interval(first: datetime, last: datetime) -> str:
    span = last - first
    return next((name for name, limit in INTERVAL_LIMITS if span <= limit), "year")


def span_body(query: dict) -> dict:
    """The first and last publication among the matches of `query`."""
    return {"size": 0, "query": query, "track_total_hits": False,
            "aggs": {"first": {"min": {"field": "published_at"}}, "last": {"max": {"field": "published_at"}}}}


def resolve_date_facet(facets: Sequence[str], query: dict, dates: DateRange,
                       search: Callable[[dict], dict]) -> list[str]:
    """`facets` with `date` replaced by the interval that fits: from the date filter when it has both
    ends, else from the matches (one small request through `search`)."""
    if AUTO_DATE_FACET not in facets:
        return list(facets)
    if dates.start and dates.end:
        first, last = dates.start, dates.end
    else:
        aggregations = search(span_body(query))["aggregations"]
        first = local_time(aggregations["first"].get("value_as_string")) or dates.start
        last = local_time(aggregations["last"].get("value_as_string")) or dates.end
    interval = fitting_interval(first, last) if first and last else "month"
    return list(dict.fromkeys(interval if facet == AUTO_DATE_FACET else facet for facet in facets))
