"""Add content_hash and drop in-run duplicates: the same canonical URL, or the same text elsewhere.

Across runs an article is updated in place by the index writer (same _id), so only one run's
duplicates are dropped here.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.normalise.article import content_hash
from crawler.pipelines import drop


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        item["content_hash"] = content_hash(item)
        if item["canonical_url"] in self.seen_urls:
            raise drop(self.crawler, "duplicate_url", item)
        if item["content_hash"] in self.seen_hashes:
            raise drop(self.crawler, "duplicate_content", item)
        self.seen_urls.add(item["canonical_url"])
        self.seen_hashes.add(item["content_hash"])
        return item
