"""A spider generic over a Site spec (crawler.sites): everything site-specific comes from the spec.

Discovery, cheapest first: robots.txt `Sitemap:` lines and the spec's sitemap URLs (a sitemap index
leads to daily sitemaps), the home page, and every category listing with its "Xem thêm" pages (the
AJAX request behind the button, `Discovery.more_url`). Article pages go to `crawler.extract`.

Spider arguments:
  since=YYYY-MM-DD  skip sitemap entries, listing items and articles dated before that day, and stop
                    paging a listing once it reaches older items (undated entries are kept).
The page budget is Scrapy's CLOSESPIDER_PAGECOUNT setting (`vnnews crawl --max-pages`).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.extract import extract_article
from crawler.items import Article
from crawler.normalise.dates import VIETNAM, parse_date, parse_structured_date
from crawler.sites.base import Site

# A listing item: the closest such ancestor of an article link holds its title and date. These are
# the generic containers of news listings, not one site's markup.
LISTING_ITEM = "ancestor-or-self::*[self::li or self::article][1]"
MACHINE_DATE = ".//time/@datetime"


def parse_since(value: str | None) -> date | None:
    """`since` as a calendar day, or None. A malformed value raises ValueError."""
    return date.fromisoformat(value) if value else None


def listing_slug_pattern(listing_url: str) -> re.Pattern[str]:
    """A regex that recognises listing URLs built from the `{slug}` template and captures the slug."""
    before, after = re.escape(listing_url).split(re.escape("{slug}"))
    return re.compile(f"^{before}(?P<slug>[^/?#]+){after}/?$")


class SiteSpider(Spider):
    site: ClassVar[Site]

    def __init__(self, *args: Any, since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since = parse_since(since)
        self.allowed_domains = sorted(self.site.hosts)
        self.listing_slug = listing_slug_pattern(self.site.discovery.listing_url)

    async def start(self) -> AsyncIterator[Request]:
        for request in self.start_requests_for_site():
            yield request

    def start_requests_for_site(self) -> Iterator[Request]:
        discovery = self.site.discovery
        yield Request(urljoin(discovery.start_urls[0], "/robots.txt"), callback=self.parse_robots)
        for url in discovery.sitemap_urls:
            yield Request(url, callback=self.parse_sitemap)
        for url in discovery.start_urls:
            yield Request(url, callback=self.parse_links)
        for slug in discovery.category_slugs:
            yield self.listing_request(slug)

    # Sitemaps

    def parse_robots(self, response: Response) -> Iterator[Request]:
        if isinstance(response, TextResponse):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield Request(url, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        try:
            sitemap = Sitemap(body)
        except Exception:
            self.crawler.stats.inc_value("vnnews/sitemap/unreadable")
            return
        for entry in sitemap:
            url = urljoin(response.url, entry["loc"])
            if self.is_older_than_since(self.sitemap_entry_date(entry)):
                self.crawler.stats.inc_value("vnnews/skipped/older_than_since")
            elif sitemap.type == "sitemapindex":
                yield Request(url, callback=self.parse_sitemap)
            elif self.site.is_article_url(url):
                yield Request(url, callback=self.parse_article)

    @staticmethod
    def sitemap_entry_date(entry: dict[str, Any]) -> datetime | None:
        lastmod = entry.get("lastmod")
        return parse_structured_date(lastmod) if lastmod else None

    # Home and listing pages

    def listing_request(self, slug: str, page: int = 1) -> Request:
        discovery = self.site.discovery
        template = discovery.listing_url if page == 1 else discovery.more_url
        url = template.format(slug=slug, page=page)
        return Request(url, callback=self.parse_listing, cb_kwargs={"slug": slug, "page": page})

    def parse_links(self, response: Response) -> Iterator[Request]:
        """A page that is not a listing we can page through: follow its article and listing links."""
        if not isinstance(response, TextResponse):
            return
        for url, moment in self.listed_articles(response):
            yield from self.article_request(url, moment)
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if self.site.is_listing_url(url):
                yield self.request_for_listing(url)

    def request_for_listing(self, url: str) -> Request:
        if match := self.listing_slug.match(url):
            return self.listing_request(match["slug"])
        return Request(url, callback=self.parse_links)

    def parse_listing(self, response: Response, slug: str, page: int) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        items = list(self.listed_articles(response))
        for url, moment in items:
            yield from self.article_request(url, moment)
        dates = [moment for _, moment in items if moment is not None]
        if items and not (dates and self.is_older_than_since(min(dates))):
            yield self.listing_request(slug, page + 1)
        else:
            self.crawler.stats.inc_value("vnnews/listing/last_page")

    def listed_articles(self, response: TextResponse) -> Iterator[tuple[str, datetime | None]]:
        """Each article link of a listing, once, with the date shown next to it when there is one."""
        seen: set[str] = set()
        for link in response.xpath("//a[@href]"):
            url = response.urljoin(link.attrib["href"])
            if url in seen or not self.site.is_article_url(url):
                continue
            seen.add(url)
            yield url, self.listed_date(link)

    @staticmethod
    def listed_date(link: Selector) -> datetime | None:
        item = link.xpath(LISTING_ITEM)
        if not item:
            return None
        machine = item.xpath(MACHINE_DATE).get()
        if machine and (moment := parse_structured_date(machine)):
            return moment
        return parse_date(" ".join(item.xpath(".//text()").getall()))

    # Articles

    def article_request(self, url: str, moment: datetime | None) -> Iterable[Request]:
        if self.is_older_than_since(moment):
            self.crawler.stats.inc_value("vnnews/skipped/older_than_since")
            return ()
        return (Request(url, callback=self.parse_article),)

    def parse_article(self, response: Response) -> Iterator[Article]:
        if not isinstance(response, TextResponse):
            return
        # Scrapy's decoding weighs the HTTP charset, the page's meta and a BOM.
        article = extract_article(response.text, response.url)
        published = parse_structured_date(article.published_at) if article.published_at else None
        if self.is_older_than_since(published):
            self.crawler.stats.inc_value("vnnews/skipped/older_than_since")
            return
        yield article

    def is_older_than_since(self, moment: datetime | None) -> bool:
        return bool(self.since and moment and moment.astimezone(VIETNAM).date() < self.since)
