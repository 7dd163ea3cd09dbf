"""Give each article its syndication group (index.copies): copies of one story on several sites share a
group, and the earliest one leads it. Runs after dedupe (the id is final) and before index.

The index lookups block (a search; an update when an earlier copy arrives late), so they run on a small
thread pool of their own while the reactor goes on downloading; the articles that arrive within
LOOKUP_WAIT_S of each other are looked up together, one search for up to LOOKUP_BATCH of them, rather
than a request each. What reads or changes this run's memory of articles (the fingerprint and the run's
candidates sent with a lookup, then the assignment) runs on the reactor thread, one article at a time, so
two copies of one run always meet. That memory is one per process and index,
shared by the crawlers of several sites in one process (`vnnews crawl --all`, the demo): their copies
meet before either is searchable. With VNNEWS_INDEXING off, groups are formed among the run's own
articles only.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.pipelines.index import leaders_demoted
from index import config
from index.copies import Found, Lookup, SyndicationGroups
from index.writer import document_id

LOOKUP_THREADS = 2
LOOKUP_BATCH = 50
LOOKUP_WAIT_S = 0.05  # the longest an article waits for others to share its lookup
# A copy that takes the lead demotes the previous leader: the index pipeline changes the ones still waiting
# for their batch; the others take a partial update, which Elasticsearch re-indexes whole, sent together (a
# crawl finds sites newest first, so in a story copied many times each copy is the earlier one).
DEMOTE_BATCH = 50
_PROCESS_GROUPS: dict[tuple[bool, str], SyndicationGroups] = {}


def process_groups(lookup: bool) -> SyndicationGroups:
    """The run's memory of articles, one per process and write alias."""
    key = (lookup, config.index_names().write_alias)
    return _PROCESS_GROUPS.setdefault(key, SyndicationGroups(lookup=lookup))


class LookupBatches:
    """Sends the articles waiting for their lookup together, on the worker pool: a batch goes when it is
    full or when its first article has waited LOOKUP_WAIT_S, as soon as a worker is free. Each request
    costs the crawler's threads more than a few articles more in it, and a crawl that finds hundreds of
    articles a second would otherwise send a request each; at a polite crawl's pace the wait is noise."""

    def __init__(self, groups: SyndicationGroups, worker: ThreadPoolExecutor) -> None:
        self.groups, self.worker = groups, worker
        self.waiting: list[tuple[Lookup, asyncio.Future[Found]]] = []
        self.in_flight = 0
        self.timer: asyncio.TimerHandle | None = None
        self.due = False  # the first waiting article has waited long enough

    def found(self, doc_id: str, item: dict[str, Any]) -> asyncio.Future[Found]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Found] = loop.create_future()
        self.waiting.append((self.groups.lookup_of(doc_id, item), future))
        if self.timer is None and not self.due:
            self.timer = loop.call_later(LOOKUP_WAIT_S, self._waited)
        self._send_ready()
        return future

    def _waited(self) -> None:
        self.timer, self.due = None, True
        self._send_ready()

    def _send_ready(self) -> None:
        while self.waiting and self.in_flight < LOOKUP_THREADS and (self.due or len(self.waiting) >= LOOKUP_BATCH):
            self._send()

    def _send(self) -> None:
        batch, self.waiting = self.waiting[:LOOKUP_BATCH], self.waiting[LOOKUP_BATCH:]
        if not self.waiting:
            if self.timer is not None:
                self.timer.cancel()
            self.timer, self.due = None, False
        self.in_flight += 1
        sent = asyncio.get_running_loop().run_in_executor(self.worker, self.groups.look_up,
                                                          [lookup for lookup, _ in batch])
        sent.add_done_callback(lambda done: self._returned(done, [future for _, future in batch]))

    def _returned(self, done: asyncio.Future[list[Found]], futures: list[asyncio.Future[Found]]) -> None:
        self.in_flight -= 1
        self._send_ready()
        if error := done.exception():
            for future in futures:
                future.set_exception(error)
            return
        for future, found in zip(futures, done.result(), strict=True):
            future.set_result(found)


class SyndicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.groups = process_groups(crawler.settings.getbool("VNNEWS_INDEXING"))
        self.worker = ThreadPoolExecutor(max_workers=LOOKUP_THREADS, thread_name_prefix="vnnews-syndicate")
        self.lookups = LookupBatches(self.groups, self.worker)
        self.demotions: list[str] = []  # previous leaders to demote, sent DEMOTE_BATCH at a time

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SyndicatePipeline:
        pipeline = cls(crawler)
        # After every pipeline closed, so after the index pipeline wrote its last batch.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        doc_id = document_id(item["canonical_url"])
        found = await self.lookups.found(doc_id, item)
        fields, demoted = self.groups.assign_found(doc_id, item, found)
        item.update(fields)
        self.demotions += self.written_or_elsewhere(demoted)
        if len(self.demotions) >= DEMOTE_BATCH:
            ids, self.demotions = self.demotions, []
            await asyncio.get_running_loop().run_in_executor(self.worker, self.groups.demote, ids)
        return item

    def written_or_elsewhere(self, demoted: list[str]) -> list[str]:
        """The previous leaders the index pipeline did not demote before writing them."""
        if not demoted:
            return demoted
        done: set[str] = set()
        for _, response in self.crawler.signals.send_catch_log(leaders_demoted, ids=demoted):
            if isinstance(response, set):  # not a receiver's failure (logged by Scrapy)
                done.update(response)
        return [doc_id for doc_id in demoted if doc_id not in done]

    async def close_spider(self) -> None:
        self.worker.shutdown()

    async def spider_closed(self) -> None:
        """The demotions still waiting, and the previous leaders that were still in the writer's batch
        when their copy took the lead, are written now (the last crawler of a process to close finds
        every copy of the run written)."""
        waiting, self.demotions = self.demotions, []
        await asyncio.get_running_loop().run_in_executor(None, self.groups.demote_undemoted, waiting)
