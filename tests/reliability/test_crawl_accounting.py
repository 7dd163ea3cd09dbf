"""Crawl summaries count exactly (issue 12, item 3, crawl side): every article that enters the pipelines
leaves indexed, spooled, dead-lettered, not accepted or dropped with a reason, the sum is checked at the end
of every crawl, failed pages are counted by reason, and the end of a crawl maps to one line and one exit
code: spool unwritable (11), articles unaccounted for (1), documents left (10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_support import FAST, Crawl, LoopbackWeb, indexed_urls, site_routes, sitegen
from elasticsearch import Elasticsearch
from hostile_crawl import PARSE_FAILS, PIPELINE_FAILS
from loopback import Answer
from test_crawl_hygiene import hostile_code  # noqa: F401  (a fixture)

from crawler.cli import check_outcome, summary
from crawler.middlewares.accounting import unaccounted
from index import config, lifecycle
from index.errors import CliError, Spooled, SpoolUnwritable

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [sitegen.generated_article(n) for n in range(12)]


def test_every_article_and_every_failed_page_is_in_the_summary(
    es: Elasticsearch, index_names: config.IndexNames, tmp_path: Path, hostile_code: tuple[str, ...]  # noqa: F811
) -> None:
    lifecycle.create(es, index_names)
    routes = site_routes(ARTICLES)
    unavailable, copied = ARTICLES[4].url, ARTICLES[5]
    copy_url = f"{sitegen.ORIGIN}/vi/bai-viet/ban-sao-ky-6"
    home = sitegen.home_page([a for a in ARTICLES if not a.legacy], [copy_url])
    routes[f"{sitegen.ORIGIN}/"] = lambda hit: Answer(200, (("Content-Type", "text/html; charset=utf-8"),),
                                                      home.encode())
    routes[unavailable] = lambda hit: Answer(503, (("Content-Type", "text/plain"),), b"Service Unavailable")
    routes[copy_url] = routes[copied.url]  # the same article under a second URL
    environment = {"PYTHONPATH": f"{ROOT}:{Path(__file__).parent}"}
    with LoopbackWeb(routes) as web:
        result = Crawl(tmp_path)(*FAST, *hostile_code, env=web.proxy_env() | environment, timeout=120)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    stats = result.stats
    counted = result.summary
    # In: every article page but the unavailable one and the one whose parsing failed, plus the copy.
    assert counted["articles"] == len(ARTICLES) - 2 + 1
    assert stats["vnnews/dropped/pipeline_error"] == 1
    assert stats["vnnews/dropped/duplicate_url"] + stats.get("vnnews/dropped/duplicate_content", 0) == 1
    assert counted["indexed"] == counted["articles"] - counted["dropped"] == len(ARTICLES) - 3
    assert sorted(indexed_urls(es, index_names.read_alias)) == sorted(
        a.url for a in ARTICLES
        if a.url != unavailable and not a.url.endswith(PARSE_FAILS) and not a.url.endswith(PIPELINE_FAILS)
    )
    assert stats["vnnews/failed/http_503"] == 1
    assert web.hits[unavailable] == 4  # RETRY_TIMES 3
    assert stats["vnnews/failed/callback_error"] == 1
    assert counted["failed"] == sum(value for key, value in stats.items() if key.startswith("vnnews/failed/"))


def stats_of(**counts: int) -> dict[str, int]:
    return {f"vnnews/{name.replace('__', '/')}": count for name, count in counts.items()}


def test_the_sum_is_checked() -> None:
    whole = stats_of(articles=10, indexed=6, spooled=1, dead_lettered=1, dropped__no_body=1, not_accepted=1)
    assert unaccounted(whole, indexing=True) is None
    short = whole | {"vnnews/articles": 12}
    assert unaccounted(short, indexing=True) == (
        "the crawl lost count of 2 articles: 12 in, 10 out "
        "(indexed 6, spooled 1, dead_lettered 1, not_accepted 1, dropped 1)"
    )
    assert unaccounted(stats_of(articles=3, dropped__listing=1) | {"item_scraped_count": 2}, indexing=False) is None


def test_the_end_of_a_crawl_is_one_line_and_one_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VNNEWS_DATA", str(tmp_path))
    refused = stats_of(articles=5, indexed=2, not_accepted=3) | {
        "finish_reason": "spool_unwritable", "vnnews/spool_unwritable": "the spool cannot be written: disk full"}
    with pytest.raises(SpoolUnwritable) as stopped:
        check_outcome(refused, indexing=True)
    assert stopped.value.exit_code == 11
    assert str(stopped.value).startswith("the spool cannot be written: disk full: the crawl stopped taking new work")
    with pytest.raises(CliError) as lost:
        check_outcome(stats_of(articles=5, indexed=4), indexing=True)
    assert lost.value.exit_code == 1 and "\n" not in str(lost.value)
    with pytest.raises(Spooled):
        check_outcome(stats_of(articles=5, indexed=4, dead_lettered=1), indexing=True)
    check_outcome(stats_of(articles=5, indexed=5), indexing=True)


def test_the_summary_line_names_every_outcome() -> None:
    stats = {"response_received_count": 40} | stats_of(
        articles=10, indexed=6, spooled=1, dead_lettered=1, dropped__no_body=1, dropped__listing=1,
        failed__http_404=3, failed__too_large=1, resume__skipped=7)
    assert summary(stats) == (
        "pages 40, articles 10, indexed 6, spooled 1, dead-lettered 1, dropped 2 (listing 1, no_body 1), "
        "failed 4 (http_404 3, too_large 1), already done 7"
    )
