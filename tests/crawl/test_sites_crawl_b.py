"""`vnnews crawl KEY` for the profiles hanoimoi, quochoi, tapchicongsan, sbv and moh against a loopback web
(tests/crawl/loopback.py) serving their fixture pages at their real URLs: the spider reads hanoimoi's RSS
feed and daily sitemap, follows the listings' Liferay/SharePoint next-page links, and every fixture article
passes the pipelines as an article of its template."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from crawl_runner import ROOT, CrawlResult
from loopback import Answer, LoopbackWeb, Route
from parsel import Selector

from crawler.sites import SITES
from crawler.sites.base import Site

FIXTURES = ROOT / "tests" / "fixtures"
KEYS = ("hanoimoi", "quochoi", "tapchicongsan", "sbv", "moh")
HTML = (("Content-Type", "text/html; charset=utf-8"),)
XML = (("Content-Type", "application/xml"),)
FAST = ["--no-index", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
# The first page of a listing of each site and its fixture; hanoimoi is found through its feed and sitemap.
LISTING_PAGES = {
    "quochoi": ("https://quochoi.vn/tintuc/Pages/tin-hoat-dong-cua-quoc-hoi.aspx", "tin-hoat-dong-cua-quoc-hoi.html"),
    "tapchicongsan": ("https://www.tapchicongsan.org.vn/web/guest/kinh-te", "kinh-te.html"),
    "sbv": ("https://sbv.gov.vn/vi/tin-tuc-su-kien", "tin-tuc-su-kien.html"),
    "moh": ("https://moh.gov.vn/tin-tong-hop", "tin-tong-hop.html"),
}
HANOIMOI_XML = {
    "https://hanoimoi.vn/rss/kinh-te": "rss-kinh-te.xml",
    "https://hanoimoi.vn/sitemap.xml": "sitemap.xml",
    "https://hanoimoi.vn/sitemap-article-2026-12-05.xml": "sitemap-article-2026-12-05.xml",
}


def served(body: bytes, headers: tuple[tuple[str, str], ...] = HTML) -> Route:
    return lambda hit: Answer(200, headers, body)


def golden(page: Path) -> dict[str, str]:
    return json.loads(page.with_suffix(".json").read_text("utf-8"))


def articles(key: str) -> dict[str, Path]:
    """Each fixture article of the site by the URL its golden JSON gives."""
    return {golden(page)["url"]: page for page in sorted((FIXTURES / key / "articles").glob("*.html"))}


def home_page(urls: list[str]) -> bytes:
    links = "".join(f'<li><a href="{url}">Bài {n}</a></li>' for n, url in enumerate(urls))
    return f"<!DOCTYPE html><html><body><ul>{links}</ul></body></html>".encode()


def next_page_url(site: Site, url: str, listing_page: bytes) -> str:
    listing, _ = site.listing_for(url) or (None, None)
    assert listing is not None and listing.next_page
    return urljoin(url, Selector(text=listing_page.decode("utf-8")).css(listing.next_page).attrib["href"])


def listing_routes(site: Site, pages: dict[str, Path]) -> dict[str, Route]:
    """The listing page, its next page (the same items again, which ends the listing), and the article
    URLs it links to as the site writes them (`?redirect=...`), answered by the fixture of the same path."""
    url, name = LISTING_PAGES[site.key]
    listing = (FIXTURES / site.key / "discovery" / name).read_bytes()
    routes = {url: served(listing), next_page_url(site, url, listing): served(listing)}
    by_path = {urlsplit(article).path: page for article, page in pages.items()}
    for href in Selector(text=listing.decode("utf-8")).css("a::attr(href)").getall():
        link = urljoin(url, href)
        page = pages.get(link) or by_path.get(urlsplit(link).path)
        if site.is_article_url(link) and page is not None:
            routes[link] = served(page.read_bytes())
    return routes


def site_routes(site: Site) -> dict[str, Route]:
    pages = articles(site.key)
    routes = {url: served(page.read_bytes()) for url, page in pages.items()}
    routes[site.discovery.start_urls[0]] = served(home_page(list(pages)))
    if site.key in LISTING_PAGES:
        routes |= listing_routes(site, pages)
    else:
        for url, name in HANOIMOI_XML.items():
            routes[url] = served((FIXTURES / site.key / "discovery" / name).read_bytes(), XML)
    return routes


def crawl(tmp_path: Path, key: str, web: LoopbackWeb) -> CrawlResult:
    feed = tmp_path / "items.jsonl"
    feeds = json.dumps({feed.as_uri(): {"format": "jsonlines", "encoding": "utf-8"}})
    command = [sys.executable, "-m", "search_cli.main", "crawl", key, *FAST, "-s", f"FEEDS={feeds}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VNNEWS_DATA": str(tmp_path / "data"), **web.proxy_env()}
    process = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=True, timeout=240)
    items = [json.loads(line) for line in feed.read_text().splitlines()] if feed.exists() else []
    return CrawlResult(process.returncode, process.stdout, process.stderr, items)


@pytest.mark.parametrize("key", KEYS)
def test_crawl_discovers_and_extracts_every_fixture_article(tmp_path: Path, key: str) -> None:
    site = next(site for site in SITES if site.key == key)
    with LoopbackWeb(site_routes(site)) as web:
        result = crawl(tmp_path, key, web)
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {golden(page)["canonical_url"] for page in articles(key).values()}
    assert {item["canonical_url"] for item in result.items} == expected
    assert {item["parser"] for item in result.items} == {template.parser for template in site.templates}
    if key in LISTING_PAGES:
        url, name = LISTING_PAGES[key]
        next_url = next_page_url(site, url, (FIXTURES / key / "discovery" / name).read_bytes())
        assert (web.hits[url], web.hits[next_url]) == (1, 1)
        assert result.stats["vnnews/listing/repeated_page"] == 1
    else:
        assert all(web.hits[url] == 1 for url in HANOIMOI_XML)
