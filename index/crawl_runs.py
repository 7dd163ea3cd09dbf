"""The crawl-runs index, as data: one document per crawl run of one site (what `vnnews crawl status`
reads). The physical index `<base>-crawl-runs-v<N>` behind the alias `<base>-crawl-runs`, created on first
use; documented in docs/index-contract.md ("Crawl runs"). Bump RUNS_SCHEMA_VERSION for any change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.config import IndexNames

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

RUNS_SCHEMA_VERSION = 1

COUNT = {"type": "long"}
# reason or status or parser -> count: open-ended keys, one field each would grow the mapping forever.
COUNTS = {"type": "flattened"}
DATE = {"type": "date", "format": "strict_date_optional_time"}

SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}

MAPPINGS = {
    "dynamic": "strict",
    "_meta": {"schema_version": RUNS_SCHEMA_VERSION},
    "properties": {
        "site": {"type": "keyword"},
        "started": DATE,
        "ended": DATE,
        "finish_reason": {"type": "keyword"},
        "exit_code": {"type": "short"},
        "pages": COUNT,
        "articles": COUNT,
        "indexed": COUNT,
        "new": COUNT,
        "updated": COUNT,
        "unchanged": COUNT,
        "spooled": COUNT,
        "dead_lettered": COUNT,
        "robots_forbidden": COUNT,
        "dropped": COUNTS,
        "failed": COUNTS,
        "http_status": COUNTS,
        "parsers": COUNTS,
    },
}


def alias(names: IndexNames) -> str:
    return f"{names.base}-crawl-runs"


def ensure(client: Elasticsearch, names: IndexNames) -> str:
    """The alias, its index created first when absent; a concurrent creator's index is used as it is."""
    name = alias(names)
    if client.indices.exists_alias(name=name):
        return name
    index = f"{name}-v{RUNS_SCHEMA_VERSION}"
    created = client.options(ignore_status=400).indices.create(
        index=index, settings=SETTINGS, mappings=MAPPINGS, aliases={name: {}})
    if created.meta.status == 400 and not client.indices.exists_alias(name=name):
        client.indices.put_alias(index=index, name=name)
    return name
