"""Offline crawls from WARC archives: the bundled demo archive, generated archives, paging through the
"Xem thêm" requests of both listing families, `since`, the page budget, robots.txt, and the CLI's exit
codes (bad input, documents left in the dead-letter file)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import bkto_sitegen as sitegen
import pytest
from crawl_runner import Crawl, CrawlResult
from elasticsearch import Elasticsearch

from crawler.replay import DEMO_ARCHIVE
from crawler.replay.archive import ArchiveReader, Exchange, read_exchanges, write_archive
from crawler.sites.base import Listing
from crawler.sites.bkto import DISCOVERY, LEGACY_LISTING, PORTAL_LISTING
from index import config
from index.vietnamese import VIETNAM, normalize_text

# Scrapy's DEBUG lines for each response: "Crawled (200) <GET url>", "Redirecting (301) to <…> from <GET url>".
CRAWLED = re.compile(r"(?:Crawled|Redirecting) \((\d+)\) (?:to <[^>]+> from )?<GET (\S+)>")
# A paged site: listings of a few items per page, and no sitemaps, so listings are the only way to the
# older articles.
PAGED_ARTICLES = 60
PAGED_PER_PAGE = 2


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[sitegen.SiteArticle]]:
    path = tmp_path_factory.mktemp("warc") / "generated.warc.gz"
    return path, sitegen.build_generated_archive(path, 40)


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[sitegen.SiteArticle]]:
    articles = [sitegen.generated_article(n) for n in range(PAGED_ARTICLES)]
    robots = "User-agent: *\nDisallow: /tim-kiem\n"
    exchanges = sitegen.site_exchanges(articles, robots=robots, per_page=PAGED_PER_PAGE)
    path = tmp_path_factory.mktemp("warc") / "paged.warc.gz"
    write_archive(path, [exchange for exchange in exchanges if "sitemap" not in exchange.url])
    return path, articles


def crawled_urls(result: CrawlResult) -> set[str]:
    return {url for _, url in CRAWLED.findall(result.stderr)}


def listing_pages_asked(articles: list[sitegen.SiteArticle], since: date | None) -> dict[Listing, set[str]]:
    """Per listing family, the pages the spider must ask for: the first, then the next one after every
    page that holds items none of which is older than `since` (one past the last page is asked too)."""
    asked: dict[Listing, set[str]] = {listing: set() for listing in DISCOVERY.listings}
    for listing, slug, _, listed in sitegen.category_listings(articles):
        for page, chunk in enumerate([*sitegen.listing_chunks(listed, PAGED_PER_PAGE), []], start=1):
            asked[listing].add(listing_page_url(listing, slug, page))
            if not chunk or (since and min(a.published for a in chunk).astimezone(VIETNAM).date() < since):
                break
    return asked


def listing_page_url(listing: Listing, slug: str, page: int) -> str:
    return (listing.page_url if page == 1 else listing.more_url).format(slug=slug, page=page)


def test_archive_round_trip_and_random_access(tmp_path: Path) -> None:
    exchanges = [
        Exchange("https://baokiemtoan.vn/a?x=1", 200, (("Content-Type", "text/html"),), "<p>Ngân sách</p>".encode()),
        Exchange("https://baokiemtoannhanuoc.vn/a", 301, (("Location", "https://baokiemtoan.vn/a"),), b""),
    ]
    path = tmp_path / "t.warc.gz"
    assert write_archive(path, exchanges) == 2
    assert [(e.url, e.status, e.headers, e.body) for e in read_exchanges(path)] == [
        (e.url, e.status, e.headers, e.body) for e in exchanges
    ]
    reader = ArchiveReader(path)
    assert len(reader) == 2
    assert reader.get("https://baokiemtoannhanuoc.vn/a").status == 301
    assert reader.get("https://baokiemtoan.vn/a?x=1").body == "<p>Ngân sách</p>".encode()
    assert reader.get("https://baokiemtoan.vn/missing") is None
    reader.close()


def test_an_unchanged_archive_is_indexed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's check and the replay middleware open the same archive: the second reuses the first's index,
    until the file changes."""
    path = tmp_path / "t.warc.gz"
    write_archive(path, [Exchange("https://baokiemtoan.vn/a", 200, (), b"a")])
    scans: list[Path | str] = []
    scan = ArchiveReader._scan
    monkeypatch.setattr(ArchiveReader, "_scan", lambda reader, p: (scans.append(p), scan(reader, p)))
    for _ in range(2):
        ArchiveReader(path).close()
    assert len(scans) == 1
    ArchiveReader(path, allow_partial=True).close()  # another question, another reading
    assert len(scans) == 2
    write_archive(path, [Exchange("https://baokiemtoan.vn/bb", 200, (), b"bb")])
    reader = ArchiveReader(path)
    assert len(scans) == 3
    assert reader.get("https://baokiemtoan.vn/bb").body == b"bb"
    assert reader.get("https://baokiemtoan.vn/a") is None
    reader.close()


def test_a_page_inflating_past_the_read_chunk_is_indexed_with_what_follows(tmp_path: Path) -> None:
    """A record whose gzip member ends while its inflated bytes are drained, with the next records in the
    same read: the completeness check once looped forever there (any 2,000-article generated archive).
    In a child process, so that a regression fails instead of hanging the suite."""
    path = tmp_path / "big-page.warc.gz"
    body = "<p>Kiểm toán ngân sách nhà nước</p>".encode() * 20_000  # ~900 KB inflated, a few KB archived
    write_archive(path, [Exchange(f"https://baokiemtoan.vn/{n}", 200, (), body) for n in range(3)])
    program = f"from crawler.replay.archive import ArchiveReader; print(len(ArchiveReader({str(path)!r})))"
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=20)
    assert result.stdout.strip() == "3", result.stderr[-2000:]


def test_a_crawl_without_indexing_never_loads_the_elasticsearch_client(tmp_path: Path) -> None:
    """Importing the client costs ~0.4 s of start-up: a `--no-index` crawl must not pay it."""
    program = (
        "import os, sys\n"
        "from crawler import cli\n"
        f"cli.main(['crawl', 'bkto', '--replay', {str(DEMO_ARCHIVE)!r}, '--no-index', '-s', 'LOG_LEVEL=ERROR'])\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in {'elasticsearch', 'elastic_transport'}))"
    )
    env = {**os.environ, "VNNEWS_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1] == "[]"


def test_bundled_demo_archive_is_rebuilt_identically_from_the_fixtures(tmp_path: Path) -> None:
    rebuilt = tmp_path / "demo.warc.gz"
    sitegen.build_demo_archive(rebuilt)
    assert rebuilt.read_bytes() == DEMO_ARCHIVE.read_bytes(), (
        "crawler/replay/bkto-demo.warc.gz is stale: run `python tests/crawl/bkto_sitegen.py demo`"
    )


def test_demo_replay_finds_every_article_with_its_archived_url(crawl: Crawl) -> None:
    result = crawl("--replay", str(DEMO_ARCHIVE), "--no-index", "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {article.url: article for article in sitegen.demo_articles()}
    assert len(expected) >= 12
    assert result.urls == set(expected)
    assert result.summary["articles"] == len(expected)
    for item in result.items:
        source = expected[item["url"]]
        assert item["canonical_url"] == source.url
        assert item["site"] == "baokiemtoan.vn"
        assert item["title"] == normalize_text(source.title)
        assert item["parser"] == ("bkto.legacy.v1" if source.legacy else "bkto.portal.v1")
        assert item["published_at"] and item["published_at"].endswith("+07:00")
        assert item["body"] and item["lead"]
        assert len(item["content_hash"]) == 64
    # Every archived URL is reached by the crawl (the archive has no dead weight), the old domain too.
    crawled = {url for status, url in CRAWLED.findall(result.stderr) if status != "404"}
    archived = {exchange.url for exchange in read_exchanges(DEMO_ARCHIVE)}
    assert archived <= crawled
    assert any(url.startswith(sitegen.OLD_ORIGIN) for url in archived)


def test_since_skips_older_sitemap_entries_listing_items_and_pages(
    crawl: Crawl, generated: tuple[Path, list[sitegen.SiteArticle]]
) -> None:
    archive, articles = generated
    full = crawl("--replay", str(archive), "--no-index")
    since = articles[25].published.astimezone(VIETNAM).date()
    recent = crawl("--replay", str(archive), "--no-index", "--since", since.isoformat())
    assert full.urls == {article.url for article in articles}
    assert recent.urls == {a.url for a in articles if a.published.astimezone(VIETNAM).date() >= since}
    assert recent.summary["pages"] < full.summary["pages"]
    assert recent.stats["vnnews/skipped/older_than_since"] > 0
    assert all(date.fromisoformat(item["published_at"][:10]) >= since for item in recent.items)


def test_both_listing_families_are_paged_through_their_xem_them_requests(
    crawl: Crawl, paged: tuple[Path, list[sitegen.SiteArticle]]
) -> None:
    archive, articles = paged
    result = crawl("--replay", str(archive), "--no-index", "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.urls == {article.url for article in articles}
    # Old-template articles past the first page of their section (and not the one the home page links
    # through the old domain): only the section's AJAX "Xem thêm" pages link to them.
    first_pages = {a.url for _, _, _, listed in sitegen.category_listings(articles) for a in listed[:PAGED_PER_PAGE]}
    legacy = [article for article in articles if article.legacy]
    newest_legacy = max(legacy, key=lambda article: article.published)
    deep_legacy = {article.url for article in legacy} - first_pages - {newest_legacy.url}
    assert deep_legacy and deep_legacy <= result.urls
    crawled = crawled_urls(result)
    for listing, slug in ((PORTAL_LISTING, "tai-chinh"), (LEGACY_LISTING, "kinh-te/tai-chinh")):
        asked = listing_pages_asked(articles, None)[listing]
        assert listing_page_url(listing, slug, 2) in asked
        assert asked <= crawled


def test_since_stops_paging_in_both_listing_families(
    crawl: Crawl, paged: tuple[Path, list[sitegen.SiteArticle]]
) -> None:
    archive, articles = paged
    since = articles[PAGED_ARTICLES // 2].published.astimezone(VIETNAM).date()
    result = crawl("--replay", str(archive), "--no-index", "--since", since.isoformat(), "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.urls == {a.url for a in articles if a.published.astimezone(VIETNAM).date() >= since}
    crawled = crawled_urls(result)
    every = listing_pages_asked(articles, None)
    for listing, asked in listing_pages_asked(articles, since).items():
        # Exactly the pages up to the first one holding an older item; that cuts pages off in both families.
        assert crawled & every[listing] == asked
        assert asked < every[listing]
    assert result.stats["vnnews/listing/last_page"] > 0


def test_page_budget_stops_the_crawl(crawl: Crawl, generated: tuple[Path, list[sitegen.SiteArticle]]) -> None:
    archive, _ = generated
    result = crawl("--replay", str(archive), "--no-index", "--max-pages", "8", "-s", "CONCURRENT_REQUESTS=1")
    assert result.returncode == 0
    assert result.stats["response_received_count"] <= 9  # one request may be in flight at the close
    assert "closespider_pagecount" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--replay", "/nonexistent/archive.warc.gz"], 9, "no such archive"),
        (["--since", "27/04/2023", "--no-index"], 3, "--since expects YYYY-MM-DD"),
        (["--record", "/nonexistent/dir/out.warc.gz"], 9, "cannot write the archive"),
        (["--record", "tests", "--no-index"], 9, "cannot write the archive"),
        (["--replay", "README.md", "--no-index"], 9, "not a WARC archive"),
        (["-s", "VNNEWS_REPLAY=README.md", "--no-index"], 9, "not a WARC archive"),
        (["--replay", str(DEMO_ARCHIVE), "--record", str(DEMO_ARCHIVE)], 9, "would overwrite the archive"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(crawl: Crawl, args: list[str], code: int, message: str) -> None:
    result = crawl(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_damaged_archive_is_one_line_and_exit_9(crawl: Crawl, tmp_path: Path) -> None:
    data = DEMO_ARCHIVE.read_bytes()
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[:5000] + bytes(200) + data[5200:])
    result = crawl("--replay", str(damaged), "--no-index")
    assert result.returncode == 9
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"vnnews crawl: error: not a WARC archive, or a damaged one: {damaged} (at byte 4,")


@pytest.mark.parametrize("pages", ["0", "-3"])
def test_the_page_budget_must_be_positive(crawl: Crawl, pages: str) -> None:
    """CLOSESPIDER_PAGECOUNT=0 disables the budget: `--max-pages 0` must not mean "unlimited"."""
    result = crawl("--max-pages", pages, "--no-index")
    assert result.returncode == 2
    assert "--max-pages: expects a positive integer" in result.stderr
    assert not result.items


def test_robots_txt_is_fetched_once_and_its_sitemaps_followed(crawl: Crawl, tmp_path: Path) -> None:
    articles = [sitegen.generated_article(n) for n in range(6)]
    # Reachable only through a sitemap that robots.txt alone names.
    orphan = sitegen.generated_article(90)
    robots_sitemap = f"{sitegen.ORIGIN}/sitemap-robots-only.xml"
    robots = f"User-agent: *\nDisallow: /tim-kiem\nSitemap: {robots_sitemap}\n"
    archive = tmp_path / "robots.warc.gz"
    write_archive(archive, [
        *sitegen.site_exchanges(articles, robots=robots),
        sitegen._exchange(robots_sitemap, sitegen._urlset([orphan]), sitegen.XML),
        sitegen._exchange(orphan.url, orphan.html),
    ])
    result = crawl("--replay", str(archive), "--no-index", "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.urls == {article.url for article in articles} | {orphan.url}
    fetched = [url for _, url in CRAWLED.findall(result.stderr)]
    assert fetched.count(f"{sitegen.ORIGIN}/robots.txt") == 1
    assert fetched.count(robots_sitemap) == 1


def test_documents_rejected_by_elasticsearch_give_exit_10(
    crawl: Crawl, es: Elasticsearch, index_names: config.IndexNames
) -> None:
    # A write index whose strict mapping knows none of an article's fields: every document is rejected for
    # its content and dead-lettered, none is spooled.
    es.indices.create(index=index_names.physical(1), mappings={"dynamic": "strict", "properties": {}},
                      aliases={index_names.write_alias: {}, index_names.read_alias: {}})
    result = crawl("--replay", str(DEMO_ARCHIVE))
    assert result.returncode == 10, result.stderr[-3000:]
    assert result.summary["dead_lettered"] == result.summary["articles"] > 0
    assert result.summary["spooled"] == 0
    dead_letters = crawl.data_dir / "dead-letter.jsonl"
    assert f"{result.summary['dead_lettered']} documents were rejected by Elasticsearch: see {dead_letters}" in (
        result.stderr.strip().splitlines()[-1]
    )
    assert len(dead_letters.read_text().splitlines()) == result.summary["dead_lettered"]


def test_a_search_right_after_a_crawl_finds_what_it_wrote_one_copy_per_story(
    tmp_path: Path, es: Elasticsearch, index_names: config.IndexNames
) -> None:
    """The last batch and the demotions left for the end wait for a refresh: the generated stand-in's
    articles share their body templates, so they form syndication groups of several copies."""
    from index import lifecycle

    lifecycle.create(es, index_names)
    archive = tmp_path / "site.warc.gz"
    sitegen.build_generated_archive(archive, 30)
    assert Crawl(tmp_path)("--replay", str(archive)).summary["indexed"] == 30
    alias = index_names.read_alias
    groups = es.search(index=alias, size=0, aggs={"groups": {"cardinality": {"field": "syndication_group"}}})
    assert groups["hits"]["total"]["value"] == 30
    leaders = es.count(index=alias, query={"term": {"group_leader": True}})["count"]
    assert leaders == groups["aggregations"]["groups"]["value"] < 30
