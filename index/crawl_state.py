"""The crawl-state index, as data: one document per article page (and dated sitemap) a crawler has seen, shared by every
crawler process writing to the same article index (docs/index-contract.md, "Crawl state").

Layout: the physical index `<base>-crawl-state-v<N>` behind the alias `<base>-crawl-state`; created on
first use (`ensure`), safe to call from several processes at once. Document id: the SHA-1 of the URL (an
Elasticsearch id is at most 512 bytes, a URL may be longer). Bump STATE_SCHEMA_VERSION for any change.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from index.config import IndexNames

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

STATE_SCHEMA_VERSION = 1

# What became of a page: discovered (claimed, not fetched yet), fetched (answered, outcome not durable
# yet), article (its article durable), not_article (dropped with `reason`), error (`reason`: http_<status>
# or the exception's name); sitemap (a sitemap of a sitemap index, read: read again once its lastmod
# is newer than its last fetch).
STATUSES = ("discovered", "fetched", "article", "not_article", "error", "sitemap")

DATE = {"type": "date", "format": "strict_date_optional_time"}
KEYWORD = {"type": "keyword"}

SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}

MAPPINGS = {
    "dynamic": "strict",
    "_meta": {"schema_version": STATE_SCHEMA_VERSION},
    "properties": {
        "url": KEYWORD,
        "site": KEYWORD,
        "status": KEYWORD,
        "reason": KEYWORD,
        "http_status": {"type": "short"},
        "first_fetch": DATE,
        "last_fetch": DATE,
        "etag": {"type": "keyword", "index": False},
        "last_modified": {"type": "keyword", "index": False},
        "sitemap_lastmod": DATE,
        "published_at": DATE,
        "content_hash": {"type": "keyword", "index": False},
        "next_due": DATE,
        "claimed_by": KEYWORD,
        "claimed_until": DATE,
    },
}


def alias(names: IndexNames) -> str:
    return f"{names.base}-crawl-state"


def physical(names: IndexNames) -> str:
    return f"{alias(names)}-v{STATE_SCHEMA_VERSION}"


def document_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()


def ensure(client: Elasticsearch, names: IndexNames) -> str:
    """The alias, its index created first when absent; a concurrent creator's index is used as it is."""
    name = alias(names)
    if client.indices.exists_alias(name=name):
        return name
    index = physical(names)
    created = client.options(ignore_status=400).indices.create(
        index=index, settings=SETTINGS, mappings=MAPPINGS, aliases={name: {}})
    if created.meta.status == 400 and not client.indices.exists_alias(name=name):
        client.indices.put_alias(index=index, name=name)
    return name
