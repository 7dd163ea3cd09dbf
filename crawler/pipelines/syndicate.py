"""Give each article its syndication group (index.copies): copies of one story on several sites share a
group, and the earliest one leads it. Runs after dedupe (the id is final) and before index.

The lookup blocks (a search, sometimes an update), so like the index pipeline it runs on a worker thread
of its own, one article at a time and in order: the reactor goes on downloading meanwhile. With
VNNEWS_INDEXING off, groups are formed among the run's own articles only.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy.crawler import Crawler

from index.copies import SyndicationGroups
from index.writer import document_id


class SyndicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.groups = SyndicationGroups(lookup=crawler.settings.getbool("VNNEWS_INDEXING"))
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnnews-syndicate")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SyndicatePipeline:
        return cls(crawler)

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        doc_id = document_id(item["canonical_url"])
        fields = await asyncio.get_running_loop().run_in_executor(self.worker, self.groups.assign, doc_id, item)
        item.update(fields)
        return item

    async def close_spider(self) -> None:
        self.worker.shutdown()
