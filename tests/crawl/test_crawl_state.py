"""Incremental crawls over the crawl state shared in Elasticsearch (crawler.state, VNNEWS_CRAWL_STATE):
a second run fetches no unchanged article, a run after new articles fetches just those, two crawler
processes on one state index split the articles with none fetched twice, and a page due again is asked
for with its validators (a 304 is unchanged)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import bkto_sitegen as sitegen
import pytest
from crawl_runner import Crawl, CrawlResult
from elasticsearch import Elasticsearch
from loopback import Answer, LoopbackWeb, Route, static

from crawler.replay.archive import Exchange, write_archive
from crawler.state import EsCrawlState
from index import config, crawl_state, lifecycle

CRAWLED = re.compile(r"Crawled \((\d+)\) <GET (\S+)>")
ARTICLES = 30
NEW = 3
STATE = ("-s", "VNNEWS_CRAWL_STATE=True", "-s", "LOG_LEVEL=DEBUG")
ETAG = '"v1"'


def archive(path: Path, count: int) -> tuple[Path, set[str]]:
    articles = [sitegen.generated_article(n) for n in range(count)]
    write_archive(path, sitegen.site_exchanges(articles))
    return path, {article.url for article in articles}


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[Path, set[str]], tuple[Path, set[str]]]:
    folder = tmp_path_factory.mktemp("warc")
    return archive(folder / "site.warc.gz", ARTICLES), archive(folder / "site-new.warc.gz", ARTICLES + NEW)


@pytest.fixture
def article_index(index_names: config.IndexNames, es: Elasticsearch) -> config.IndexNames:
    lifecycle.create(es, index_names)
    return index_names


def fetched_articles(result: CrawlResult, articles: set[str]) -> list[str]:
    """Article pages fetched, one entry per fetch."""
    return [url for _, url in CRAWLED.findall(result.stderr) if url in articles]


def pages(result: CrawlResult) -> int:
    return len(CRAWLED.findall(result.stderr))


def test_second_run_skips_unchanged_pages_and_a_later_one_fetches_only_the_new(
    crawl: Crawl, archives: tuple[tuple[Path, set[str]], tuple[Path, set[str]]], article_index: config.IndexNames,
    es: Elasticsearch,
) -> None:
    (site, articles), (grown, grown_articles) = archives
    first = crawl("--replay", str(site), *STATE)
    assert first.returncode == 0, first.stderr[-3000:]
    assert sorted(fetched_articles(first, articles)) == sorted(articles)

    second = crawl("--replay", str(site), *STATE)
    assert second.returncode == 0, second.stderr[-3000:]
    assert fetched_articles(second, articles) == []
    assert second.stats["vnnews/state/skipped"] >= len(articles)
    assert pages(second) < pages(first) / 2

    third = crawl("--replay", str(grown), *STATE)
    assert third.returncode == 0, third.stderr[-3000:]
    assert sorted(fetched_articles(third, grown_articles)) == sorted(grown_articles - articles)
    assert third.summary["indexed"] == NEW

    es.indices.refresh(index=crawl_state.alias(article_index))
    statuses = es.search(index=crawl_state.alias(article_index), size=0,
                         aggs={"status": {"terms": {"field": "status"}}})["aggregations"]["status"]["buckets"]
    counts = {bucket["key"]: bucket["doc_count"] for bucket in statuses}
    assert counts["article"] >= ARTICLES + NEW
    assert "fetched" not in counts and "discovered" not in counts


def test_two_processes_on_one_state_index_fetch_no_article_twice(
    tmp_path: Path, archives: tuple[tuple[Path, set[str]], tuple[Path, set[str]]],
    article_index: config.IndexNames,
) -> None:
    _, (site, articles) = archives
    crawls = [Crawl(tmp_path / "one"), Crawl(tmp_path / "two")]
    for runner in crawls:
        runner.tmp_path.mkdir()
    processes = [runner.start("--replay", str(site), *STATE) for runner in crawls]
    results = [runner.finish(process) for runner, process in zip(crawls, processes, strict=True)]
    for result in results:
        assert result.returncode == 0, result.stderr[-3000:]
    one, two = (fetched_articles(result, articles) for result in results)
    assert len(one) == len(set(one)) and len(two) == len(set(two))
    assert not set(one) & set(two)
    assert set(one) | set(two) == articles


def etag_then_not_modified(exchange: Exchange) -> Route:
    """The page with an ETag, then 304 Not Modified to every later request."""
    def answer(hit: int) -> Answer:
        if hit == 1:
            return Answer(exchange.status, (*exchange.headers, ("ETag", ETAG)), exchange.body)
        return Answer(304, (("ETag", ETAG),), b"")
    return answer


def test_a_due_unchanged_page_is_asked_conditionally_and_304_counts_as_unchanged(
    crawl: Crawl, article_index: config.IndexNames, es: Elasticsearch
) -> None:
    articles = [sitegen.generated_article(n) for n in range(6)]
    urls = {article.url for article in articles}
    exchanges = sitegen.site_exchanges(articles)
    routes = {e.url: etag_then_not_modified(e) if e.url in urls else static(e) for e in exchanges}
    fast = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")
    with LoopbackWeb(routes) as web:
        first = crawl(*STATE, *fast, env=web.proxy_env())
        assert first.returncode == 0, first.stderr[-3000:]
        state = crawl_state.alias(article_index)
        es.indices.refresh(index=state)
        done = es.search(index=state, size=100, query={"term": {"status": "article"}})["hits"]["hits"]
        es.bulk(index=state, refresh=True, operations=[part for hit in done for part in (
            {"update": {"_id": hit["_id"]}}, {"doc": {"next_due": "2000-01-01T00:00:00Z"}})])
        second = crawl(*STATE, *fast, env=web.proxy_env())
    assert second.returncode == 0, second.stderr[-3000:]
    assert second.stats["vnnews/state/not_modified"] == len(urls)
    assert second.summary["articles"] == 0
    assert {url: web.validators.get(url) for url in urls} == dict.fromkeys(urls, ETAG)


def test_a_redirect_to_an_article_another_crawl_holds_goes_no_further(
    crawl: Crawl, archives: tuple[tuple[Path, set[str]], tuple[Path, set[str]]], article_index: config.IndexNames,
    es: Elasticsearch,
) -> None:
    """The home page links the newest legacy article through the old domain (a 301): this crawl claims
    the old URL, and must claim the target too before following, or two crawls fetch one article."""
    (site, articles), _ = archives
    target = sitegen.generated_article(max(n for n in range(ARTICLES) if n % 3 == 0)).url  # the newest legacy one
    other = EsCrawlState(es, crawl_state.ensure(es, article_index), "another crawl", "bkto", timedelta(hours=1), 10)
    assert other.select({target: None}).claimed == {target}

    result = crawl("--replay", str(site), *STATE)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"<GET {sitegen.OLD_ORIGIN}" in result.stderr  # the redirect was taken
    assert sorted(fetched_articles(result, articles)) == sorted(articles - {target})
