"""The syndicate pipeline's lookup batches: the articles that arrive together share one lookup (a full
batch goes at once, the rest once its first article has waited LOOKUP_WAIT_S), batches wait for a free
worker, each article gets its own result, and a failed lookup fails the articles of its batch only."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from crawler.pipelines.syndicate import LOOKUP_BATCH, LOOKUP_THREADS, LOOKUP_WAIT_S, LookupBatches
from index.copies import Found, Lookup


class RecordingGroups:
    """Stands in for SyndicationGroups.lookup_of and look_up: records each batch, answers one Found per
    article (its id as the only candidate), after `release` is set; a batch holding `failing` raises."""

    def __init__(self, failing: str | None = None) -> None:
        self.batches: list[list[str]] = []
        self.release = threading.Event()
        self.failing = failing

    def lookup_of(self, doc_id: str, article: dict[str, Any]) -> Lookup:
        return Lookup(doc_id, None, {}, 0)

    def look_up(self, lookups: list[Lookup]) -> list[Found]:
        ids = [lookup.doc_id for lookup in lookups]
        self.batches.append(ids)
        self.release.wait(10)
        if self.failing in ids:
            raise RuntimeError("lookup failed")
        return [Found(lookup, [lookup.doc_id]) for lookup in lookups]  # type: ignore[list-item]


async def look_up_all(groups: RecordingGroups, ids: list[str]) -> list[Any]:
    with ThreadPoolExecutor(LOOKUP_THREADS) as worker:
        batches = LookupBatches(groups, worker)  # type: ignore[arg-type]
        futures = [batches.found(doc_id, {}) for doc_id in ids]
        await asyncio.sleep(LOOKUP_WAIT_S * 3)  # the workers stay busy past the wait
        groups.release.set()
        return await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), timeout=10)


def test_articles_arriving_together_share_one_lookup() -> None:
    groups = RecordingGroups()
    groups.release.set()
    ids = [f"id{n}" for n in range(LOOKUP_BATCH + 7)]
    results = asyncio.run(look_up_all(groups, ids))
    assert [len(batch) for batch in groups.batches] == [LOOKUP_BATCH, 7]
    assert [found.stored for found in results] == [[doc_id] for doc_id in ids]


def test_batches_wait_for_a_free_worker_then_go_in_order() -> None:
    groups = RecordingGroups()
    ids = [f"id{n}" for n in range((LOOKUP_THREADS + 1) * LOOKUP_BATCH + 7)]
    results = asyncio.run(look_up_all(groups, ids))
    assert [len(batch) for batch in groups.batches] == [LOOKUP_BATCH] * (LOOKUP_THREADS + 1) + [7]
    assert [doc_id for batch in groups.batches for doc_id in batch] == ids
    assert [found.stored for found in results] == [[doc_id] for doc_id in ids]


def test_a_lone_article_is_looked_up_after_the_wait() -> None:
    groups = RecordingGroups()
    groups.release.set()

    async def look_up_one() -> tuple[Found, int]:
        with ThreadPoolExecutor(LOOKUP_THREADS) as worker:
            found = LookupBatches(groups, worker).found("a", {})  # type: ignore[arg-type]
            await asyncio.sleep(0)
            sent_before_the_wait = len(groups.batches)
            return await asyncio.wait_for(found, timeout=10), sent_before_the_wait

    found, sent_before_the_wait = asyncio.run(look_up_one())
    assert sent_before_the_wait == 0
    assert groups.batches == [["a"]]
    assert found.stored == ["a"]


def test_a_failed_lookup_fails_the_articles_of_its_batch_only() -> None:
    groups = RecordingGroups(failing="c")
    ids = [f"id{n}" for n in range(LOOKUP_BATCH)] + ["b", "c", "d"]
    results = asyncio.run(look_up_all(groups, ids))
    failed = [doc_id for doc_id, result in zip(ids, results, strict=True) if isinstance(result, Exception)]
    assert failed == ["b", "c", "d"]
    assert [result.stored for result in results[:LOOKUP_BATCH]] == [[doc_id] for doc_id in ids[:LOOKUP_BATCH]]
