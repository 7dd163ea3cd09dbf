"""Write articles to the write alias through index.writer.BulkWriter (batched, merged, never lost).

At spider open the spool left by an earlier run is re-sent first; at close the last batch is written.
Re-crawled articles are updated in place by the writer (first_seen kept, version bumped on change).
Disabled by VNNEWS_INDEXING=False.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from index.writer import BulkWriter, WriteReport


class IndexPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writer: BulkWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        if not crawler.settings.getbool("VNNEWS_INDEXING"):
            raise NotConfigured("VNNEWS_INDEXING is off")
        return cls(crawler)

    def open_spider(self) -> None:
        settings = self.crawler.settings
        self.writer = BulkWriter(
            batch_size=settings.getint("VNNEWS_BULK_SIZE"),
            max_retries=settings.getint("VNNEWS_BULK_RETRIES"),
        )
        replayed = self.writer.replay_spool()
        self.crawler.stats.set_value("vnnews/spool_replayed", replayed.replayed)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        assert self.writer is not None, "the writer opens with the spider"
        self.writer.add(item)
        self.record(self.writer.report)
        return item

    def close_spider(self) -> None:
        assert self.writer is not None, "the writer opens with the spider"
        self.record(self.writer.close())

    def record(self, report: WriteReport) -> None:
        stats = self.crawler.stats
        stats.set_value("vnnews/indexed", report.indexed)
        stats.set_value("vnnews/spooled", report.spooled)
        stats.set_value("vnnews/dead_lettered", report.dead_lettered)
