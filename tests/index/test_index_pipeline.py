"""IndexPipeline keeps the writer off the reactor: one worker thread, one call at a time, in order."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from scrapy.utils.test import get_crawler

from crawler.pipelines.index import IndexPipeline, articles_durable
from index.writer import BulkWriter


def pipeline(**settings: object) -> IndexPipeline:
    crawler = get_crawler(settings_dict={"VNNEWS_INDEXING": True, **settings})
    return IndexPipeline.from_crawler(crawler)


async def ticks_while(work: Callable[[], object]) -> tuple[int, float]:
    """How often a 10 ms timer fired on the event loop while `work` was awaited, and how long it took."""
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    started = time.monotonic()
    await work()
    elapsed = time.monotonic() - started
    ticker.cancel()
    return ticks, elapsed


def test_a_slow_elasticsearch_never_blocks_the_event_loop(closed_port, point_es_at, make_article):
    point_es_at(f"http://127.0.0.1:{closed_port}")
    index = pipeline(VNNEWS_BULK_SIZE=1, VNNEWS_BULK_RETRIES=2)  # backoff sleeps 0.5 s + 1 s

    async def crawl() -> tuple[int, float]:
        await index.open_spider()
        measured = await ticks_while(lambda: index.process_item(make_article(1)))
        await index.close_spider()
        return measured

    ticks, elapsed = asyncio.run(crawl())
    assert elapsed >= 1.4
    assert ticks >= elapsed / 0.01 / 2, f"the loop ran {ticks} times in {elapsed:.1f} s: it was blocked"
    assert index.crawler.stats.get_value("vnnews/spooled") == 1


def test_the_writer_runs_on_one_thread_in_order_never_concurrently(es, created, make_article, monkeypatch):
    calls: list[tuple[str, str]] = []
    busy = threading.Lock()
    original_add = BulkWriter.add

    def observed_add(writer: BulkWriter, article: dict, seen_at: str | None = None) -> None:
        assert busy.acquire(blocking=False), "two writer calls at once"
        try:
            calls.append((threading.current_thread().name, article["canonical_url"]))
            original_add(writer, article, seen_at)
        finally:
            busy.release()

    monkeypatch.setattr(BulkWriter, "add", observed_add)
    index = pipeline(VNNEWS_BULK_SIZE=3, VNNEWS_BULK_RETRIES=0)
    articles = [make_article(number) for number in range(10)]

    async def crawl() -> None:
        await index.open_spider()
        await asyncio.gather(*(index.process_item(article) for article in articles))
        await index.close_spider()

    asyncio.run(crawl())
    assert [url for _, url in calls] == [article["canonical_url"] for article in articles]
    assert len({thread for thread, _ in calls}) == 1
    assert calls[0][0] != threading.main_thread().name
    assert index.crawler.stats.get_value("vnnews/indexed") == 10
    es.indices.refresh(index=created.read_alias)
    assert es.count(index=created.read_alias)["count"] == 10


def test_each_durable_batch_is_announced_and_every_item_is_accounted(es, created, make_article):
    index = pipeline(VNNEWS_BULK_SIZE=3, VNNEWS_BULK_RETRIES=0)
    announced: list[str] = []
    index.crawler.signals.connect(lambda articles: announced.extend(a["url"] for a in articles),
                                  signal=articles_durable, weak=False)

    async def crawl() -> None:
        await index.open_spider()
        for number in range(7):
            await index.process_item(make_article(number))
            assert len(announced) == (number + 1) // 3 * 3, "announced before its batch was durable"
        await index.close_spider()

    asyncio.run(crawl())
    assert announced == [make_article(number)["url"] for number in range(7)]
    stats = index.crawler.stats
    assert (stats.get_value("vnnews/index_in"), stats.get_value("vnnews/indexed")) == (7, 7)
    assert stats.get_value("vnnews/not_accepted") == 0


def test_an_unwritable_spool_stops_accepting_and_counts_what_was_not_accepted(point_es_at, closed_port,
                                                                           make_article, monkeypatch, tmp_path):
    point_es_at(f"http://127.0.0.1:{closed_port}")
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path / "a-file" / "data"))  # cannot be a directory
    index = pipeline(VNNEWS_BULK_SIZE=2, VNNEWS_BULK_RETRIES=0)
    closed: list[str] = []

    class Engine:  # records what the pipeline asks of the engine; the real close is in tests/reliability
        async def close_spider_async(self, *, reason: str) -> None:
            closed.append(reason)

    index.crawler.engine = Engine()

    async def crawl() -> None:
        await index.open_spider()
        for number in range(5):
            assert await index.process_item(make_article(number)) == make_article(number)
        await index.close_spider()

    asyncio.run(crawl())
    stats = index.crawler.stats
    assert stats.get_value("vnnews/index_in") == stats.get_value("vnnews/not_accepted") == 5
    assert (stats.get_value("vnnews/indexed"), stats.get_value("vnnews/spooled")) == (0, 0)
    assert "Not a directory" in stats.get_value("vnnews/spool_unwritable")
    assert closed == ["spool_unwritable"]


def test_an_article_is_stamped_when_it_arrives_not_when_its_batch_is_written(es, created, make_article,
                                                                           monkeypatch):
    arrivals = iter(["2026-01-02T03:04:05+07:00", "2026-01-02T03:04:06+07:00"])
    monkeypatch.setattr("crawler.pipelines.index.now_iso", lambda: next(arrivals))
    index = pipeline(VNNEWS_BULK_SIZE=10, VNNEWS_BULK_RETRIES=0)

    async def crawl() -> None:
        await index.open_spider()
        for number in range(2):
            await index.process_item(make_article(number))
        await index.close_spider()

    asyncio.run(crawl())
    stored = es.search(index=created.read_alias, sort=["first_seen"], source=["first_seen", "last_seen"])
    assert [hit["_source"]["first_seen"] for hit in stored["hits"]["hits"]] == [
        "2026-01-02T03:04:05+07:00", "2026-01-02T03:04:06+07:00"]


def test_while_the_writer_is_busy_only_one_more_batch_is_taken_in(closed_port, point_es_at, make_article,
                                                                   monkeypatch):
    """Articles beyond the next full batch wait: Scrapy sees them in progress and stops scheduling, so a
    stalled Elasticsearch cannot pile articles up in memory."""
    point_es_at(f"http://127.0.0.1:{closed_port}")
    release = threading.Event()
    original_send = BulkWriter._send_buffer

    def stalled_send(writer: BulkWriter) -> None:
        release.wait(10)
        original_send(writer)

    monkeypatch.setattr(BulkWriter, "_send_buffer", stalled_send)
    index = pipeline(VNNEWS_BULK_SIZE=2, VNNEWS_BULK_RETRIES=0)

    async def crawl() -> list[bool]:
        await index.open_spider()
        items = [asyncio.create_task(index.process_item(make_article(number))) for number in range(5)]
        await asyncio.sleep(0.3)
        returned = [item.done() for item in items]
        release.set()
        await asyncio.gather(*items)
        await index.close_spider()
        return returned

    # 0 is buffered; 1 completes the first batch and waits for it; 2 and 3 fill the next batch, 3 completing
    # it; 4 is beyond it
    assert asyncio.run(crawl()) == [True, False, True, False, False]
    assert index.crawler.stats.get_value("vnnews/spooled") == 5
