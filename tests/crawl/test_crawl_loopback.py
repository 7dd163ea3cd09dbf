"""Live-crawl behaviour against a loopback web (tests/crawl/loopback.py: an HTTP(S) proxy on 127.0.0.1
that serves the stand-in site at its real URLs): robots.txt, redirects from the old domain, 404, 5xx
and timeouts retried, firewall pages, and recording a crawl to WARC then replaying it."""

from __future__ import annotations

from pathlib import Path

import bkto_sitegen as sitegen
import pytest
from crawl_runner import Crawl
from elasticsearch import Elasticsearch
from loopback import LoopbackWeb, failing_first, firewall_first, slow_first, static

from crawler.replay.archive import read_exchanges
from index import config, lifecycle

ORIGIN = sitegen.ORIGIN
DISALLOWED = f"{ORIGIN}/vi/bai-viet/bai-bi-chan-boi-robots"
MISSING = f"{ORIGIN}/vi/bai-viet/bai-da-bi-go"
REJECTED_PAGE = (sitegen.SITE_FIXTURES / "request-rejected.html").read_bytes()
NOT_FOUND_PAGE = (sitegen.SITE_FIXTURES / "not-found.html").read_bytes()
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=3"]


class Site:
    """Eight generated articles, with one article per failure mode."""

    def __init__(self) -> None:
        self.articles = [sitegen.generated_article(n) for n in range(8)]
        portal = [article.url for article in self.articles if not article.legacy]
        self.flaky, self.slow, self.rejected_once, self.always_rejected = portal[:4]
        legacy = [article for article in self.articles if article.legacy]
        self.redirected = max(legacy, key=lambda article: article.published).url

    def web(self, rejections: int | None = None) -> LoopbackWeb:
        robots = (sitegen.SITE_FIXTURES / "robots.txt").read_text() + "Disallow: /vi/bai-viet/bai-bi-chan\n"
        exchanges = {e.url: e for e in sitegen.site_exchanges(self.articles, robots=robots)}
        home = sitegen.home_page([a for a in self.articles if not a.legacy],
                                 [sitegen.OLD_ORIGIN + sitegen.urlpath(self.redirected), DISALLOWED, MISSING])
        exchanges[f"{ORIGIN}/"] = sitegen._exchange(f"{ORIGIN}/", home)
        routes = {url: static(exchange) for url, exchange in exchanges.items()}
        routes[DISALLOWED] = static(sitegen._exchange(DISALLOWED, "<p>không được crawl</p>"))
        routes[self.flaky] = failing_first(exchanges[self.flaky], failures=2)
        routes[self.slow] = slow_first(exchanges[self.slow], delay=3)
        routes[self.rejected_once] = firewall_first(exchanges[self.rejected_once], REJECTED_PAGE, 1)
        routes[self.always_rejected] = firewall_first(exchanges[self.always_rejected], REJECTED_PAGE, rejections)
        return LoopbackWeb(routes, NOT_FOUND_PAGE)


@pytest.fixture(scope="module")
def site() -> Site:
    return Site()


def test_live_crawl_obeys_robots_follows_redirects_and_retries(crawl: Crawl, site: Site) -> None:
    with site.web() as web:
        result = crawl("--no-index", *FAST, "-s", "DOWNLOAD_TIMEOUT=1", env=web.proxy_env())
    assert result.returncode == 0, result.stderr[-3000:]
    stats = result.stats
    expected = {article.url for article in site.articles} - {site.always_rejected}
    assert result.urls == expected
    # robots.txt: fetched once (the spider reads its sitemaps from the middleware's copy), and the
    # disallowed page is never requested.
    assert web.hits[f"{ORIGIN}/robots.txt"] == 1
    assert web.hits[DISALLOWED] == 0
    assert stats["robotstxt/forbidden"] >= 1
    # The old domain answers 301 to the new one; the item keeps the URL it was fetched from.
    assert web.hits[sitegen.OLD_ORIGIN + sitegen.urlpath(site.redirected)] == 1
    assert site.redirected in result.urls
    # A 404 is final: asked once, no article.
    assert web.hits[MISSING] == 1
    # 503 twice, then the article.
    assert web.hits[site.flaky] == 3
    # A first answer slower than DOWNLOAD_TIMEOUT is retried.
    assert web.hits[site.slow] == 2
    assert any("TimeoutError" in key for key in stats if key.startswith("retry/reason_count/"))
    # Firewall pages (200 + "Request Rejected") are retried; when every answer is one, the page failed.
    assert web.hits[site.rejected_once] == 2
    assert web.hits[site.always_rejected] == 4
    assert stats["vnnews/firewall_pages"] == 1 + 4
    assert stats["vnnews/failed/firewall"] == 1
    assert "Page failed (firewall): " + site.always_rejected in result.stderr
    # Failed pages are counted by reason in the summary (the 404s include listings of empty categories).
    failed = 1 + stats["vnnews/failed/http_404"]
    assert f"failed {failed} (firewall 1, http_404 {failed - 1})" in result.stdout


def test_firewall_page_is_not_indexed(
    crawl: Crawl, site: Site, es: Elasticsearch, index_names: config.IndexNames
) -> None:
    lifecycle.create(es, index_names)
    with site.web() as web:
        result = crawl(*FAST, "-s", "DOWNLOAD_TIMEOUT=1", env=web.proxy_env())
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.summary["indexed"] == len(site.articles) - 1
    es.indices.refresh(index=index_names.read_alias)
    hits = es.search(index=index_names.read_alias, size=50, source_includes=["url", "title"])["hits"]["hits"]
    assert {hit["_source"]["url"] for hit in hits} == {a.url for a in site.articles} - {site.always_rejected}
    assert not any("Request Rejected" in hit["_source"]["title"] for hit in hits)


def test_record_then_replay_gives_the_same_items(crawl: Crawl, site: Site, tmp_path: Path) -> None:
    archive = tmp_path / "recorded.warc.gz"
    with site.web(rejections=0) as web:
        live = crawl("--no-index", "--record", str(archive), *FAST, env=web.proxy_env())
    assert live.returncode == 0, live.stderr[-3000:]
    recorded = list(read_exchanges(archive))
    assert {e.url for e in recorded} >= {a.url for a in site.articles} | {f"{ORIGIN}/robots.txt"}
    assert {e.status for e in recorded} >= {200, 301, 404, 503}

    replayed = crawl("--no-index", "--replay", str(archive))
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    assert replayed.urls == live.urls == {a.url for a in site.articles}

    def by_url(items: list[dict]) -> dict[str, str]:
        return {item["url"]: item["content_hash"] for item in items}

    assert by_url(replayed.items) == by_url(live.items)
