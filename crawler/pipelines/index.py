"""Write articles to the write alias through index.writer.BulkWriter (batched, merged, never lost).

At spider open the spool left by an earlier run is re-sent first; at close the last batch is written.
Re-crawled articles are updated in place by the writer (first_seen kept, version bumped on change).
Disabled by VNNEWS_INDEXING=False.

Accounting, in the crawl stats: every item that enters this pipeline (`vnnews/index_in`) ends, once the
spider is closed, in exactly one of `vnnews/indexed`, `vnnews/spooled`, `vnnews/dead_lettered` or
`vnnews/not_accepted` (its batch could not be made durable). The spool replayed at open is counted apart:
`vnnews/spool_replayed`, `vnnews/spool_dead_lettered`, `vnnews/spool_quarantined`.

When the spool cannot be written, the spider is closed with the reason `spool_unwritable` and the one-line
message is in the stat `vnnews/spool_unwritable`; later items are counted as not accepted. Each batch that
is safely in the spool is announced with the signal `articles_durable` (keyword `articles`, the article
dicts): a crawl that dies re-fetches whatever was never announced. An earlier pipeline that changes its mind
about an article's `group_leader` sends `leaders_demoted` (keyword `ids`, document ids): the articles still
waiting for their batch are changed here, and their ids returned, so that only the others need a partial
update (which Elasticsearch re-indexes whole).

The writer blocks (bulk with timeouts, retries with sleeps, fsyncs, file locks), so it runs on a worker
thread of its own, one call at a time and in order, while the reactor goes on downloading: a slow
Elasticsearch must not stall downloads or mislead AutoThrottle. Articles are handed to it a batch at a
time (VNNEWS_BULK_SIZE, stamped with the moment they arrived): a hand-off to a thread costs ~0.13 ms of
CPU, which per article was ~3 % of a replay crawl. The item that completes a batch waits for it to be
written; while it is, the next batch fills, and the items beyond it wait (at most one batch waits behind
the one being sent). Needs Scrapy's asyncio reactor (its default, which the project settings keep).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from index.errors import SpoolUnwritable
from index.writer import BulkWriter, WriteReport, document_id, now_iso

Result = TypeVar("Result")
logger = logging.getLogger(__name__)

# Signal sent with `articles=[...]` once those articles are durably in the spool (and so never lost).
articles_durable = object()
# Signal sent with `ids=[...]` of previous group leaders; the receiver returns those it demoted itself.
leaders_demoted = object()
CLOSE_REASON = "spool_unwritable"


@dataclass
class WriterState:
    """What one writer call left, copied on the worker: the report, newly durable articles, a refusal."""

    report: WriteReport
    durable: list[dict] = field(default_factory=list)
    refusal: SpoolUnwritable | None = None


class IndexPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writer: BulkWriter | None = None
        self.batch: list[tuple[dict[str, Any], str]] = []  # (article, seen at), not yet handed to the writer
        self.waiting: dict[str, dict[str, Any]] = {}  # the articles of `batch` by document id
        self.handing_over = asyncio.Lock()  # one batch with the writer at a time; the next one waits for it
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnnews-index")
        self.durable: list[dict] = []  # filled on the worker, drained by the same worker's calls
        self.closing: asyncio.Task[None] | None = None
        self.spider_closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        if not crawler.settings.getbool("VNNEWS_INDEXING"):
            raise NotConfigured("VNNEWS_INDEXING is off")
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.demote_waiting, signal=leaders_demoted)
        return pipeline

    async def open_spider(self) -> None:
        settings = self.crawler.settings
        self.writer = BulkWriter(
            batch_size=settings.getint("VNNEWS_BULK_SIZE"),
            max_retries=settings.getint("VNNEWS_BULK_RETRIES"),
            on_durable=self.durable.extend,
        )
        try:
            replayed = await self.on_worker(self.writer.replay_spool)
        except SpoolUnwritable as error:
            self.writer.refusal = error
            self.stop(error)
            return
        stats = self.crawler.stats
        stats.set_value("vnnews/spool_replayed", replayed.replayed)
        stats.set_value("vnnews/spool_dead_lettered", replayed.dead_lettered)
        stats.set_value("vnnews/spool_quarantined", replayed.quarantined)

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.crawler.stats.inc_value("vnnews/index_in")
        self.batch.append((item, now_iso()))
        self.waiting[document_id(item["canonical_url"])] = item
        if self.batch_full():
            # While the writer is busy, the articles beyond a full batch wait here, and Scrapy, seeing them
            # in progress, stops scheduling downloads: a stalled Elasticsearch cannot pile them up in memory.
            async with self.handing_over:
                if self.batch_full():
                    self.settle(await self.on_worker(self.add, self.take_batch()))
        return item

    def batch_full(self) -> bool:
        return len(self.batch) >= self.crawler.settings.getint("VNNEWS_BULK_SIZE")

    async def close_spider(self) -> None:
        self.spider_closing = True
        try:
            async with self.handing_over:
                self.settle(await self.on_worker(self.close, self.take_batch()))
        finally:
            self.worker.shutdown()

    def take_batch(self) -> list[tuple[dict[str, Any], str]]:
        batch, self.batch = self.batch, []
        self.waiting = {}
        return batch

    def demote_waiting(self, ids: list[str]) -> set[str]:
        """The `ids` of articles still waiting for their batch, which are leaders no more."""
        demoted = {doc_id for doc_id in ids if doc_id in self.waiting}
        for doc_id in demoted:
            self.waiting[doc_id]["group_leader"] = False
        return demoted

    def add(self, batch: list[tuple[dict[str, Any], str]]) -> WriterState:
        return self.state(self.hand_over(batch))

    def close(self, batch: list[tuple[dict[str, Any], str]]) -> WriterState:
        assert self.writer is not None, "the writer opens with the spider"
        refusal = self.hand_over(batch)
        try:
            self.writer.close()
        except SpoolUnwritable as error:
            refusal = error
        return self.state(refusal)

    def hand_over(self, batch: list[tuple[dict[str, Any], str]]) -> SpoolUnwritable | None:
        """On the worker: every article of `batch` to the writer, which counts each one it refuses."""
        assert self.writer is not None, "the writer opens with the spider"
        refusal = None
        for article, seen_at in batch:
            try:
                self.writer.add(article, seen_at)
            except SpoolUnwritable as error:
                refusal = error
        return refusal

    def state(self, refusal: SpoolUnwritable | None) -> WriterState:
        """On the worker: the writer's report copied (the worker goes on changing the writer's), and the
        articles made durable since the last call."""
        assert self.writer is not None, "the writer opens with the spider"
        durable, self.durable[:] = list(self.durable), []
        return WriterState(replace(self.writer.report), durable, refusal)

    def settle(self, state: WriterState) -> None:
        self.record(state.report)
        if state.durable:
            self.crawler.signals.send_catch_log(articles_durable, articles=state.durable)
        if state.refusal is not None:
            self.stop(state.refusal)

    def stop(self, refusal: SpoolUnwritable) -> None:
        """Close the spider once, without waiting here: closing waits for the items in progress."""
        if self.crawler.stats.get_value("vnnews/spool_unwritable") is None:
            self.crawler.stats.set_value("vnnews/spool_unwritable", str(refusal))
            logger.error("%s", refusal)
        if self.closing is not None or self.spider_closing:
            return
        self.closing = asyncio.get_running_loop().create_task(
            self.crawler.engine.close_spider_async(reason=CLOSE_REASON)
        )

    async def on_worker(self, function: Callable[..., Result], *args: Any) -> Result:
        return await asyncio.get_running_loop().run_in_executor(self.worker, function, *args)

    def record(self, report: WriteReport) -> None:
        stats = self.crawler.stats
        stats.set_value("vnnews/indexed", report.indexed)
        stats.set_value("vnnews/spooled", report.spooled)
        stats.set_value("vnnews/dead_lettered", report.dead_lettered)
        stats.set_value("vnnews/not_accepted", report.not_accepted)
