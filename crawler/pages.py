"""Spiders for pages no site profile discovers: given article pages (`pages`, `vnnews crawl --url`) and an
unknown site crawled from one page (`start`, `vnnews crawl --start`). Outside crawler/spiders on purpose:
the project's spiders are the sites' (one per key), these are run by crawler.multi by their class.

Every page goes to `crawler.extract.extract_article`: the profile of a known host, generic extraction
otherwise, and the pipelines drop what is not an article with its reason. robots.txt is obeyed as in every
crawl (RobotsTxtMiddleware, fetched once per host). The page budget is CLOSESPIDER_PAGECOUNT.

`start`, from a start page: the sitemaps its host's robots.txt lists and /sitemap.xml (a sitemap index
leads to its sitemaps; every page of the host they list is fetched), then the links of the start page that
look like articles (`ARTICLE_PATHS`, on the start page's site: a known site's hosts, else the start host in
each of its forms).

Spider arguments (passed in-process by crawler.multi):
  pages: urls=[URL, ...]
  start: start=URL
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.extract.generic import generic_site
from crawler.items import Article
from crawler.middlewares.robots import SitemapRobotParser
from crawler.sites import site_for_url
from crawler.spiders.articles import extract_response
from crawler.spiders.sitemaps import read_sitemap, sitemap_request

# The URL (path and query, lower-cased) of an article of a site no profile describes matches one of these:
ARTICLE_PATHS: tuple[re.Pattern[str], ...] = (
    re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){3,}-[a-z]{0,4}\d{3,}(?:\.[a-z]+)?/?$"),  # long slug, numeric id
    re.compile(r"/(?:19|20)\d{2}/\d{1,2}/(?:\d{1,2}/)?[a-z0-9-]{12,}"),  # a date path, then a slug
    re.compile(r"/\d{6,8}/[a-z0-9-]{12,}"),  # a compact date path (yyyymm, yyyymmdd), then a slug
    re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){3,}\.html?$"),  # a long slug as a page
    re.compile(r"/(?:bai-viet|tin-bai|chi-tiet|tin-chi-tiet|news-detail|content)/[a-z0-9-]{12,}"),
    re.compile(r"\.aspx\?(?:.*&)?itemid=\d+"),  # SharePoint list items
)
# ...unless it names a list of articles, a media file or a form.
NOT_ARTICLE_PATH = re.compile(
    r"/(?:tag|tags|tim-kiem|search|category|chuyen-muc|page|login|dang-nhap|lien-he|rss)(?:[/?.]|$)"
    r"|\.(?:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip|rar|mp3|mp4|xml|rss)$"
)


def looks_like_article(url: str) -> bool:
    parts = urlsplit(url)
    address = (parts.path + (f"?{parts.query}" if parts.query else "")).lower()
    return (
        parts.scheme in {"http", "https"}
        and not NOT_ARTICLE_PATH.search(address)
        and any(pattern.search(address) for pattern in ARTICLE_PATHS)
    )


class AnySite:
    """What the pipelines ask of a spider's `site` (is this URL a listing page of it?), answered for each
    URL by the profile serving it, if any: these spiders fetch pages of any site."""

    @staticmethod
    def is_listing_url(url: str) -> bool:
        site = site_for_url(url)
        return site is not None and site.is_listing_url(url)


class PageSpider(Spider):
    """Extracts pages into Articles and keeps, per URL asked for, what became of it (`outcomes`)."""

    site: ClassVar[AnySite] = AnySite()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes: dict[str, tuple[str, str]] = {}  # URL asked for -> (article | dropped | failed, detail)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.item_error, signal=signals.item_error)
        return spider

    def article_request(self, url: str) -> Request:
        # meta survives redirects: the outcome is filed under the URL asked for.
        return Request(url, callback=self.parse_article, errback=self.failed, meta={"vnnews_asked": url})

    def parse_article(self, response: Response) -> Iterator[Article]:
        if not isinstance(response, TextResponse):
            self.file(response.meta, "failed", "not a web page")
            return
        article = extract_response(self.crawler, response)
        if article is None:
            self.file(response.meta, "failed", "over the extraction budget")
            return
        yield article

    def item_scraped(self, item: dict[str, Any], response: Response) -> None:
        self.file(response.meta, "article", f"{item['site']}: {item['title']}")

    def item_dropped(self, item: dict[str, Any], response: Response, exception: DropItem) -> None:
        self.file(response.meta, "dropped", str(getattr(exception, "reason", exception)))

    def item_error(self, item: dict[str, Any], response: Response, failure: Failure) -> None:
        self.file(response.meta, "failed", f"{type(failure.value).__name__} in a pipeline: {failure.value}")

    def failed(self, failure: Failure) -> None:
        error = failure.value
        reason = f"HTTP {error.response.status}" if isinstance(error, HttpError) else str(error) or type(error).__name__
        self.file(failure.request.meta, "failed", reason)

    def file(self, meta: dict[str, Any], kind: str, detail: str) -> None:
        if asked := meta.get("vnnews_asked"):
            self.outcomes[asked] = (kind, detail)


class PagesSpider(PageSpider):
    name = "pages"

    def __init__(self, *args: Any, urls: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.urls = list(dict.fromkeys(urls))

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield self.article_request(url)


class StartSpider(PageSpider):
    name = "start"

    def __init__(self, *args: Any, start: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_url = start
        # Its hosts: every host of a known site, else the start host in each of its forms (www., m.).
        self.start_site = site_for_url(start) or generic_site(start)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.start_url, callback=self.parse_start)
        yield self.sitemap_request(urljoin(self.start_url, "/sitemap.xml"))

    def robots_parsed(self, robotparser: SitemapRobotParser, request: Request) -> None:
        if self.start_site.serves(request.url):
            robots_url = urljoin(request.url, "/robots.txt")
            for url in robotparser.sitemaps:
                self.crawler.engine.crawl(self.sitemap_request(urljoin(robots_url, url)))

    def sitemap_request(self, url: str) -> Request:
        return sitemap_request(self.crawler, url, self.parse_sitemap, self.failed)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = read_sitemap(self.crawler, response)
        if sitemap is None:
            return
        for entry in sitemap:
            url = urljoin(response.url, entry["loc"])
            if not self.start_site.serves(url):
                continue
            if sitemap.type == "sitemapindex":
                yield self.sitemap_request(url)
            else:
                yield self.article_request(url)

    def parse_start(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        for href in dict.fromkeys(response.css("a::attr(href)").getall()):
            url = response.urljoin(href).split("#", 1)[0]
            if self.start_site.serves(url) and looks_like_article(url):
                yield self.article_request(url)
