"""Searching the article archive: the `vnnews search | facets | show | export` commands and the query
builder other services import (`from search_cli import build_search`).

The builder is exported lazily (a module `__getattr__`, PEP 562): importing a submodule such as the
command line does not load it, so that `vnnews search --help` answers in about the time Python starts."""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search_cli.dates import DateRange, date_range
    from search_cli.query import build_aggregations, build_query, build_search

_EXPORTS = {
    "DateRange": "search_cli.dates",
    "date_range": "search_cli.dates",
    "build_aggregations": "search_cli.query",
    "build_query": "search_cli.query",
    "build_search": "search_cli.query",
}

__all__ = ["DateRange", "build_aggregations", "build_query", "build_search", "date_range"]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
