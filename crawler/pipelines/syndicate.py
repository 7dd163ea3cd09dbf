"""Give each article its syndication group (index.copies): copies of one story on several sites share a
group, and the earliest one leads it. Runs after dedupe (the id is final) and before index.

The index lookups block (a search; an update when an earlier copy arrives late), so they run on a small
thread pool of their own, several at once while the reactor goes on downloading; the assignment itself
(this run's memory of articles) runs on the reactor thread, one article at a time, so two copies of one
run always meet. That memory is one per process and index, shared by the crawlers of several sites in one
process (`vnnews crawl --all`, the demo): their copies meet before either is searchable. With
VNNEWS_INDEXING off, groups are formed among the run's own articles only.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from index import config
from index.copies import SyndicationGroups
from index.writer import document_id

LOOKUP_THREADS = 4
_PROCESS_GROUPS: dict[tuple[bool, str], SyndicationGroups] = {}


def process_groups(lookup: bool) -> SyndicationGroups:
    """The run's memory of articles, one per process and write alias."""
    key = (lookup, config.index_names().write_alias)
    return _PROCESS_GROUPS.setdefault(key, SyndicationGroups(lookup=lookup))


class SyndicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.groups = process_groups(crawler.settings.getbool("VNNEWS_INDEXING"))
        self.worker = ThreadPoolExecutor(max_workers=LOOKUP_THREADS, thread_name_prefix="vnnews-syndicate")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SyndicatePipeline:
        pipeline = cls(crawler)
        # After every pipeline closed, so after the index pipeline wrote its last batch.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        doc_id = document_id(item["canonical_url"])
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(self.worker, self.groups.look_up, doc_id, item)
        fields, demoted = self.groups.assign_found(doc_id, item, found)
        item.update(fields)
        if demoted:
            await loop.run_in_executor(self.worker, self.groups.demote, demoted)
        return item

    async def close_spider(self) -> None:
        self.worker.shutdown()

    async def spider_closed(self) -> None:
        """A previous leader still in the writer's batch when its copy took the lead is written now:
        demote it (the last crawler of a process to close finds every copy of the run written)."""
        await asyncio.get_running_loop().run_in_executor(None, self.groups.demote_undemoted)
