"""Shared by the crawl reliability tests: the crawl runner, the loopback web and the generated BKTO site
of tests/crawl, and what the index holds."""

from __future__ import annotations

import sys
from pathlib import Path

from elasticsearch import Elasticsearch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawl"))

import bkto_sitegen as sitegen
from crawl_runner import Crawl, CrawlResult
from loopback import LoopbackWeb, Route, static

__all__ = ["Crawl", "CrawlResult", "LoopbackWeb", "Route", "indexed_urls", "site_routes", "sitegen", "static"]

# No politeness against a loopback server.
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")


def site_routes(articles: list[sitegen.SiteArticle]) -> dict[str, Route]:
    """Every page of a generated site, answered as it is."""
    return {exchange.url: static(exchange) for exchange in sitegen.site_exchanges(articles)}


def indexed_urls(es: Elasticsearch, alias: str) -> list[str]:
    """The canonical URL of every document in the index, one entry per document."""
    es.indices.refresh(index=alias)
    urls = []
    for hit in es.search(index=alias, size=10_000, source_includes=["canonical_url"])["hits"]["hits"]:
        urls.append(hit["_source"]["canonical_url"])
    return urls
