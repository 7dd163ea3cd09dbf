"""Write articles to the write alias through index.writer.BulkWriter (batched, merged, never lost).

At spider open the spool left by an earlier run is re-sent first; at close the last batch is written.
Re-crawled articles are updated in place by the writer (first_seen kept, version bumped on change).
Disabled by VNNEWS_INDEXING=False.

The writer blocks (mget + bulk with timeouts, retries with sleeps, file locks), so it runs on a worker
thread of its own, one call at a time and in order, while the reactor goes on downloading: a slow
Elasticsearch must not stall downloads or mislead AutoThrottle. Needs Scrapy's asyncio reactor (its
default, which the project settings keep).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from index.writer import BulkWriter, WriteReport

Result = TypeVar("Result")

# Signal sent with `articles=[...]` once those articles are durably in the spool (and so never lost).
articles_durable = object()


class IndexPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writer: BulkWriter | None = None
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnnews-index")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        if not crawler.settings.getbool("VNNEWS_INDEXING"):
            raise NotConfigured("VNNEWS_INDEXING is off")
        return cls(crawler)

    async def open_spider(self) -> None:
        settings = self.crawler.settings
        self.writer = BulkWriter(
            batch_size=settings.getint("VNNEWS_BULK_SIZE"),
            max_retries=settings.getint("VNNEWS_BULK_RETRIES"),
        )
        replayed = await self.on_worker(self.writer.replay_spool)
        self.crawler.stats.set_value("vnnews/spool_replayed", replayed.replayed)

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.record(await self.on_worker(self.add, item))
        # `add` wrote the item's spool line: it outlives the process from here on.
        self.crawler.signals.send_catch_log(articles_durable, articles=[item])
        return item

    async def close_spider(self) -> None:
        try:
            self.record(await self.on_worker(self.close))
        finally:
            self.worker.shutdown()

    def add(self, item: dict[str, Any]) -> WriteReport:
        assert self.writer is not None, "the writer opens with the spider"
        self.writer.add(item)
        return replace(self.writer.report)  # a copy: the worker goes on changing the writer's own

    def close(self) -> WriteReport:
        assert self.writer is not None, "the writer opens with the spider"
        return replace(self.writer.close())

    async def on_worker(self, function: Callable[..., Result], *args: Any) -> Result:
        return await asyncio.get_running_loop().run_in_executor(self.worker, function, *args)

    def record(self, report: WriteReport) -> None:
        stats = self.crawler.stats
        stats.set_value("vnnews/indexed", report.indexed)
        stats.set_value("vnnews/spooled", report.spooled)
        stats.set_value("vnnews/dead_lettered", report.dead_lettered)
