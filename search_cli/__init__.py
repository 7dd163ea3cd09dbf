"""Searching the article archive: the `vnnews search | facets | show | export` commands and the query
builder other services import (`from search_cli import build_search`)."""

from search_cli.dates import DateRange, date_range
from search_cli.query import build_aggregations, build_query, build_search

__all__ = ["DateRange", "build_aggregations", "build_query", "build_search", "date_range"]
