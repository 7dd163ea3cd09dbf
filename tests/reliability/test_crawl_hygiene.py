"""Crawl hygiene against hostile sites served on loopback (issue 12, item 8): Retry-After honoured or the
host left for the next run, pages and sitemaps cut at their size limits (downloaded or decompressed) with
a stat and bounded memory, parse and pipeline exceptions counted rather than lost, and one warning line
per problem instead of a traceback per page."""

from __future__ import annotations

import resource
import sys
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crawl_support import FAST, Crawl, LoopbackWeb, Route, site_routes, sitegen
from loopback import Answer
from scrapy.http import HtmlResponse

from crawler.middlewares.retry import retry_after_seconds

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = sitegen.ORIGIN
ARTICLES = [sitegen.generated_article(n) for n in range(12)]
HTML = (("Content-Type", "text/html; charset=utf-8"),)
MiB = 1024 * 1024


def retry_after(seconds: int, then: Answer | None = None) -> Route:
    """429 with Retry-After, then (if given) the real answer."""
    refusal = Answer(429, (("Retry-After", str(seconds)), ("Content-Type", "text/plain")), b"Too Many Requests")
    return lambda hit: refusal if then is None or hit == 1 else then


def gzip_of_zeros(size: int) -> bytes:
    """A small gzip stream that inflates to `size` zero bytes, built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(MiB)
    return b"".join(packer.compress(chunk) for _ in range(size // MiB)) + packer.flush()


def test_a_long_retry_after_leaves_the_host_for_the_next_run_instead_of_hammering(tmp_path: Path) -> None:
    routes = site_routes(ARTICLES)
    throttled = ARTICLES[1].url
    routes[throttled] = retry_after(3600)
    with LoopbackWeb(routes) as web:
        result = Crawl(tmp_path)("--no-index", *FAST, env=web.proxy_env(), timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert web.hits[throttled] == 1, "asked again despite Retry-After: 3600"
    refused_at = next(moment for moment, url in web.log if url == throttled)
    print(f"Retry-After: 3600 -> {sum(1 for moment, _ in web.log if moment > refused_at)} requests after it; "
          f"{result.stdout.strip()}")
    # At most the requests already handed to the downloader (CONCURRENT_REQUESTS) follow the refusal.
    assert sum(1 for moment, _ in web.log if moment > refused_at) <= 8
    assert result.stats["vnnews/failed/retry_after"] >= 1
    assert result.stderr.count("Retry-After 3600 s") == 1


def test_a_short_retry_after_is_waited_for(tmp_path: Path) -> None:
    routes = site_routes(ARTICLES)
    throttled = ARTICLES[1].url
    routes[throttled] = retry_after(2, then=routes[throttled](1))
    with LoopbackWeb(routes) as web:
        result = Crawl(tmp_path)("--no-index", *FAST, env=web.proxy_env(), timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = [moment for moment, url in web.log if url == throttled]
    print(f"Retry-After: 2 -> asked again after {second - first:.2f} s")
    assert second - first >= 1.9, f"retried after {second - first:.2f} s despite Retry-After: 2"
    assert result.urls == {article.url for article in ARTICLES}


def test_huge_pages_and_sitemap_bombs_are_cut_with_a_stat_in_bounded_memory(tmp_path: Path) -> None:
    routes = site_routes(ARTICLES)
    robots = (sitegen.SITE_FIXTURES / "robots.txt").read_text() + f"Sitemap: {ORIGIN}/sitemap-bomb.xml.gz\n"
    routes[f"{ORIGIN}/robots.txt"] = lambda hit: Answer(200, (("Content-Type", "text/plain"),), robots.encode())
    # 1 MB of gzip inflating to 1 GiB, as a .xml.gz sitemap file and as a gzip-encoded page.
    bomb = gzip_of_zeros(1024 * MiB)
    routes[f"{ORIGIN}/sitemap-bomb.xml.gz"] = lambda hit: Answer(200, (("Content-Type", "application/x-gzip"),), bomb)
    routes[ARTICLES[4].url] = lambda hit: Answer(200, (*HTML, ("Content-Encoding", "gzip")), bomb)
    routes[ARTICLES[5].url] = lambda hit: Answer(200, HTML, b"<html><body>", padding=200 * MiB)
    # Past DOWNLOAD_WARNSIZE (2 MiB) but within DOWNLOAD_MAXSIZE: kept, and counted.
    large = routes[ARTICLES[6].url](1)
    routes[ARTICLES[6].url] = lambda hit: Answer(200, HTML, large.body, padding=3 * MiB)
    with LoopbackWeb(routes) as web:
        result = Crawl(tmp_path)("--no-index", *FAST, env=web.proxy_env(), timeout=120)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the crawl (or an earlier child): {peak_mib:.0f} MiB; {result.stdout.strip()}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["vnnews/failed/too_large"] == 3
    assert result.stats["vnnews/large_pages"] == 1
    assert result.urls == {article.url for article in ARTICLES} - {ARTICLES[4].url, ARTICLES[5].url}
    assert peak_mib < 400
    assert "Traceback" not in result.stderr


@pytest.fixture
def hostile_code() -> tuple[str, ...]:
    """Settings putting tests/reliability/hostile_crawl.py into the crawl: its spider and its pipeline."""
    pipelines = ('{"crawler.pipelines.normalise.NormalisePipeline": 100, "hostile_crawl.RaisingPipeline": 150, '
                 '"crawler.pipelines.validate.ValidatePipeline": 200, "crawler.pipelines.dedupe.DedupePipeline": 300, '
                 '"crawler.pipelines.index.IndexPipeline": 400}')
    return ("-s", "SPIDER_MODULES=hostile_crawl", "-s", f"ITEM_PIPELINES={pipelines}")


def test_parse_and_pipeline_exceptions_are_counted_not_lost(tmp_path: Path, hostile_code: tuple[str, ...]) -> None:
    environment = {"PYTHONPATH": f"{ROOT}:{Path(__file__).parent}"}
    with LoopbackWeb(site_routes(ARTICLES)) as web:
        result = Crawl(tmp_path)("--no-index", *FAST, *hostile_code, env=web.proxy_env() | environment, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["vnnews/failed/callback_error"] == 1
    assert result.stats["vnnews/dropped/pipeline_error"] == 1
    summary = result.summary
    assert summary["articles"] == len(ARTICLES) - 1  # the page that could not be parsed gave none
    assert summary["dropped"] == 1
    assert len(result.items) == len(ARTICLES) - 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("hostile page: the parser gives up") == 1
    assert result.stderr.count("hostile article: a pipeline gives up") == 1


def test_elasticsearch_down_gives_one_line_per_problem_and_no_traceback(tmp_path: Path, closed_port: int) -> None:
    articles = [sitegen.generated_article(n) for n in range(40)]
    environment = {"ES_URL": f"http://127.0.0.1:{closed_port}"}
    with LoopbackWeb(site_routes(articles)) as web:
        started = time.monotonic()
        result = Crawl(tmp_path)(*FAST, "-s", "LOG_LEVEL=WARNING", "-s", "VNNEWS_BULK_SIZE=5",
                                 "-s", "VNNEWS_BULK_RETRIES=0", env=web.proxy_env() | environment, timeout=120)
    lines = result.stderr.splitlines()
    print(f"{len(lines)} lines on stderr in {time.monotonic() - started:.1f} s:", *lines, sep="\n", file=sys.stderr)
    assert result.returncode == 10, result.stderr[-3000:]
    assert result.summary["spooled"] == len(articles)
    assert "Traceback" not in result.stderr
    assert len(lines) <= 10


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120.0), ("0", 0.0), ("Sat, 05 Dec 2026 10:01:00 GMT", 60.0), ("Sat, 05 Dec 2026 09:00:00 GMT", 0.0),
     ("soon", None), ("-5", None), ("", None)],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header: str, seconds: float | None) -> None:
    response = HtmlResponse("https://baokiemtoan.vn/", status=429, headers={"Retry-After": header} if header else {})
    assert retry_after_seconds(response, datetime(2026, 12, 5, 10, 0, tzinfo=UTC)) == seconds
