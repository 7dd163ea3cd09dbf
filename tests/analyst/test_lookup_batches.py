"""The syndicate pipeline's lookup batches: an article is looked up at once while a worker is free, the
ones that arrive while every worker is busy go together in the next lookup, each gets its own result, and
a failed lookup fails the articles of its batch only."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from crawler.pipelines.syndicate import LOOKUP_BATCH, LOOKUP_THREADS, LookupBatches
from index.copies import Found


class RecordingGroups:
    """Stands in for SyndicationGroups.look_up: records each batch, answers one Found per article (its
    id as the only candidate), after `release` is set; a batch holding `failing` raises."""

    def __init__(self, failing: str | None = None) -> None:
        self.batches: list[list[str]] = []
        self.release = threading.Event()
        self.failing = failing

    def look_up(self, articles: list[tuple[str, dict[str, Any]]]) -> list[Found]:
        ids = [doc_id for doc_id, _ in articles]
        self.batches.append(ids)
        self.release.wait(10)
        if self.failing in ids:
            raise RuntimeError("lookup failed")
        return [Found(None, [doc_id]) for doc_id in ids]  # type: ignore[list-item]


async def look_up_all(groups: RecordingGroups, ids: list[str]) -> list[Any]:
    with ThreadPoolExecutor(LOOKUP_THREADS) as worker:
        batches = LookupBatches(groups, worker)  # type: ignore[arg-type]
        futures = [batches.found(doc_id, {}) for doc_id in ids]
        await asyncio.sleep(0.05)  # the workers are busy with the first ones meanwhile
        groups.release.set()
        return await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), timeout=10)


def test_articles_arriving_while_the_workers_are_busy_share_one_lookup() -> None:
    groups = RecordingGroups()
    ids = [f"id{n}" for n in range(LOOKUP_THREADS + LOOKUP_BATCH + 7)]
    results = asyncio.run(look_up_all(groups, ids))
    assert [len(batch) for batch in groups.batches] == [1] * LOOKUP_THREADS + [LOOKUP_BATCH, 7]
    assert [found.stored for found in results] == [[doc_id] for doc_id in ids]


def test_a_lone_article_is_looked_up_at_once() -> None:
    groups = RecordingGroups()
    groups.release.set()
    results = asyncio.run(look_up_all(groups, ["a"]))
    assert groups.batches == [["a"]]
    assert results[0].stored == ["a"]


def test_a_failed_lookup_fails_the_articles_of_its_batch_only() -> None:
    groups = RecordingGroups(failing="c")
    ids = [f"id{n}" for n in range(LOOKUP_THREADS)] + ["b", "c", "d"]
    results = asyncio.run(look_up_all(groups, ids))
    failed = [doc_id for doc_id, result in zip(ids, results, strict=True) if isinstance(result, Exception)]
    assert failed == ["b", "c", "d"]
    assert [result.stored for result in results[:LOOKUP_THREADS]] == [[doc_id] for doc_id in ids[:LOOKUP_THREADS]]
