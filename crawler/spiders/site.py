"""A spider generic over a Site spec (crawler.sites): everything site-specific comes from the spec.

Discovery, cheapest first: the `Sitemap:` lines of each host's robots.txt and the spec's sitemap URLs
(a sitemap index leads to daily sitemaps), the home page, and every listing of every declared listing family
(`Discovery.listings`: a relaunched site keeps its old one too) with its "Xem thêm" pages (the AJAX
request behind the button, `Listing.more_url`). A link to the first page of any family's listing
(`Listing.path`, on any host of the site, declared slug or not) starts paging that listing as well.
RSS/Atom feeds (`Discovery.feeds`) list articles with their dates, like a listing page.
A listing declaring `Listing.next_page` is paged by following that link instead (Liferay asset publishers).
Article pages go to `crawler.extract`. robots.txt is fetched once per host, by Scrapy's RobotsTxtMiddleware:
its `Sitemap:` lines come from that copy (signal `robots_parsed`, parser crawler.middlewares.robots), so
there are none with ROBOTSTXT_OBEY off.

Listing items: a listing page's items, their article links and dates come from its family's selectors
(`Listing.item`, `.link`, `.date`), and a page with items asks for the next "Xem thêm" page, unless none
of its items is new to that listing: many "Xem thêm" endpoints answer any page past the last with the
last one again, so such a page ends the listing (`vnnews/listing/repeated_page`). A page
without declared items (the home page, a tag page) falls back to a generic rule: every article link,
dated by the closest `li`/`article` around it. A listing page whose declared items vanished (a layout
change) gets the same fallback, is not paged further, and counts `vnnews/listing/undeclared_items`.

Feeds and CMS-specific paging: RSS/Atom feeds (`Discovery.feeds`, read by crawler.spiders.feeds, items
dated) and monthly sitemaps (`Discovery.monthly_sitemap`, from the `since` month on) are entry points too.
A listing family may address its "Xem thêm" pages by a zone id its first page holds (`Listing.zone`: the
baochinhphu.vn timeline), and a "Xem thêm" answer in JSON is read as the HTML fragments inside it
(nhandan.vn's API); a zoned listing whose first page shows no zone id is not paged (`vnnews/listing/no_zone`).

Every request gets the errback `page_failed` (crawler.middlewares.accounting): a page that fails is
counted and reported once, never lost in a traceback. Sitemaps may be larger than pages (the protocol
allows 50 MB): their download and their decompression are limited by VNNEWS_SITEMAP_MAXSIZE instead of
DOWNLOAD_MAXSIZE (`vnnews/failed/too_large` beyond it).

Spider arguments:
  since=YYYY-MM-DD  skip sitemap entries, listing items and articles dated before that day, and stop
                    paging a listing of either family at the first page holding an older item
                    (undated entries are kept).
  max_pages=N       the page budget, Scrapy's CLOSESPIDER_PAGECOUNT setting (`vnnews crawl --max-pages`), for
                    schedulers that pass spider arguments only (scrapyd)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar, Self
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from twisted.python.failure import Failure

from crawler.items import Article
from crawler.middlewares.accounting import page_failed
from crawler.middlewares.robots import SitemapRobotParser
from crawler.normalise.dates import parse_date, parse_structured_date
from crawler.sites.base import Listing, Selectors, Site
from crawler.spiders.articles import extract_response
from crawler.spiders.feeds import feed_items
from crawler.spiders.sitemaps import read_sitemap, sitemap_request
from index.vietnamese import VIETNAM

# The generic rule for pages without declared items: the closest such ancestor of an article link
# holds its title and date. These are the generic containers of news listings, not one site's markup.
GENERIC_ITEM = "ancestor-or-self::*[self::li or self::article][1]"
GENERIC_MACHINE_DATE = ".//time/@datetime"


def since_day(value: str | None) -> date | None:
    """`since` as a calendar day, or None. A malformed value raises ValueError."""
    return date.fromisoformat(value) if value else None


def declared_date(item: Selector, selectors: Selectors) -> datetime | None:
    """The first date the selectors find in a listing item: `::attr()` values are machine dates, elements
    visible text (the `crawler.sites.base` convention)."""
    for css in selectors:
        for match in item.css(css):
            if isinstance(match.root, str):
                moment = parse_structured_date(match.root)
            else:
                moment = parse_date(" ".join(match.xpath(".//text()").getall()))
            if moment:
                return moment
    return None


def months_from(first: date, last: date) -> Iterator[tuple[int, int]]:
    """(year, month) of every month from `first`'s to `last`'s, both included."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def html_fragments(response: TextResponse) -> TextResponse:
    """A "Xem thêm" answer in JSON (`{"data": {"articles": "<article…>"}}`) as the HTML it carries: every
    string in it holding markup, joined. Any other response is returned as it is."""
    if response.body.lstrip()[:1] not in (b"{", b"["):
        return response
    try:
        data = json.loads(response.text)
    except ValueError:
        return response
    html = "\n".join(_markup_strings(data))
    return HtmlResponse(response.url, body=html.encode("utf-8"), encoding="utf-8", request=response.request)


def _markup_strings(data: Any) -> Iterator[str]:
    if isinstance(data, str) and "<" in data:
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _markup_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _markup_strings(value)


def generic_date(link: Selector) -> datetime | None:
    item = link.xpath(GENERIC_ITEM)
    if not item:
        return None
    machine = item.xpath(GENERIC_MACHINE_DATE).get()
    if machine and (moment := parse_structured_date(machine)):
        return moment
    return parse_date(" ".join(item.xpath(".//text()").getall()))


class SiteSpider(Spider):
    site: ClassVar[Site]

    def __init__(self, *args: Any, since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.since = since_day(since)
        self.allowed_domains = sorted(self.site.hosts)
        # Per listing (family, slug): the article URLs its pages showed so far.
        self.listed: dict[tuple[Listing, str], set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        if max_pages := kwargs.get("max_pages"):
            # Settings are frozen after the spider is built: a scheduler (scrapyd) may pass the budget as an argument.
            crawler.settings.set("CLOSESPIDER_PAGECOUNT", int(max_pages), priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for request in self.start_requests_for_site():
            yield request

    def start_requests_for_site(self) -> Iterator[Request]:
        discovery = self.site.discovery
        for url in discovery.sitemap_urls:
            yield self.sitemap_request(url)
        yield from self.monthly_sitemap_requests()
        for url in discovery.feeds:
            # Unfiltered: a feed that redirects to itself to set a cookie (qdnd.vn) must be asked again.
            yield Request(url, callback=self.parse_feed, errback=self.page_failed, dont_filter=True)
        for url in discovery.start_urls:
            yield Request(url, callback=self.parse_links, errback=self.page_failed)
        for listing in discovery.listings:
            for slug in listing.slugs:
                yield self.listing_request(listing, slug)

    # Sitemaps

    def robots_parsed(self, robotparser: SitemapRobotParser, request: Request) -> None:
        """RobotsTxtMiddleware read a host's robots.txt (for `request`): crawl the sitemaps it lists."""
        robots_url = urljoin(request.url, "/robots.txt")
        for url in robotparser.sitemaps:
            self.crawler.engine.crawl(self.sitemap_request(urljoin(robots_url, url)))

    def sitemap_request(self, url: str) -> Request:
        return sitemap_request(self.crawler, url, self.parse_sitemap, self.page_failed)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = read_sitemap(self.crawler, response)
        if sitemap is None:
            return
        for entry in sitemap:
            url = urljoin(response.url, entry["loc"])
            if self.is_older_than_since(self.sitemap_entry_date(entry)):
                self.crawler.stats.inc_value("vnnews/skipped/older_than_since")
            elif sitemap.type == "sitemapindex":
                request = self.sitemap_request(url)
                request.meta["sitemap_lastmod"] = entry.get("lastmod")
                yield request
            elif self.site.is_article_url(url):
                yield Request(url, callback=self.parse_article, errback=self.page_failed,
                              meta={"sitemap_lastmod": entry.get("lastmod")})

    def monthly_sitemap_requests(self) -> Iterator[Request]:
        template = self.site.discovery.monthly_sitemap
        if not template:
            return
        today = datetime.now(VIETNAM).date()
        for year, month in months_from(self.since or today, today):
            yield self.sitemap_request(template.format(year=year, month=month))

    # Feeds

    def parse_feed(self, response: Response) -> Iterator[Request]:
        items = feed_items(response.body)
        if not items:
            self.crawler.stats.inc_value("vnnews/feed/empty")
        for link, moment in items:
            url = response.urljoin(link)
            if self.site.is_article_url(url):
                yield from self.article_request(url, moment)

    @staticmethod
    def sitemap_entry_date(entry: dict[str, Any]) -> datetime | None:
        lastmod = entry.get("lastmod")
        return parse_structured_date(lastmod) if lastmod else None

    # Home and listing pages

    def listing_request(self, listing: Listing, slug: str, page: int = 1, zone: str = "") -> Request:
        template = listing.page_url if page == 1 else listing.more_url
        url = template.format(slug=slug, page=page, zone=zone)
        arguments: dict[str, Any] = {"listing": listing, "slug": slug, "page": page}
        if zone:
            arguments["zone"] = zone
        return Request(url, callback=self.parse_listing, errback=self.page_failed, cb_kwargs=arguments)

    def parse_links(self, response: Response) -> Iterator[Request]:
        """A page that is not a listing: follow its article links (generic rule) and listing links."""
        if not isinstance(response, TextResponse):
            return
        for url, moment in self.generic_items(response):
            yield from self.article_request(url, moment)
        for href in response.css("a::attr(href)").getall():
            if found := self.site.listing_for(response.urljoin(href)):
                yield self.listing_request(*found)

    def parse_listing(
        self, response: Response, listing: Listing, slug: str, page: int, zone: str = ""
    ) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        response = html_fragments(response)
        if listing.zone and page == 1:
            zone = (response.css(listing.zone).get() or "").strip()
        items = list(self.declared_items(response, listing))
        if not items:
            self.crawler.stats.inc_value("vnnews/listing/last_page")
            yield from self.undeclared_items_requests(response)
            return
        shown = self.listed.setdefault((listing, slug), set())
        new = [(url, moment) for url, moment in items if url not in shown]
        if not new:
            self.crawler.stats.inc_value("vnnews/listing/repeated_page")
            return
        shown.update(url for url, _ in new)
        for url, moment in new:
            yield from self.article_request(url, moment)
        dates = [moment for _, moment in items if moment is not None]
        if dates and self.is_older_than_since(min(dates)):
            self.crawler.stats.inc_value("vnnews/listing/last_page")
        elif listing.zone and not zone:
            self.crawler.stats.inc_value("vnnews/listing/no_zone")
        else:
            yield from self.next_listing_requests(response, listing, slug, page, zone)

    def next_listing_requests(
        self, response: TextResponse, listing: Listing, slug: str, page: int, zone: str
    ) -> Iterator[Request]:
        """The "Xem thêm" request, or the page the next-page link points to (a `javascript:` link on the last
        page, or none, ends the listing)."""
        if not listing.next_page:
            yield self.listing_request(listing, slug, page + 1, zone)
            return
        href = response.css(listing.next_page).attrib.get("href")
        url = response.urljoin(href) if href else ""
        if self.site.serves(url):
            kwargs = {"listing": listing, "slug": slug, "page": page + 1}
            yield Request(url, callback=self.parse_listing, errback=self.page_failed, cb_kwargs=kwargs)
        else:
            self.crawler.stats.inc_value("vnnews/listing/last_page")

    def undeclared_items_requests(self, response: TextResponse) -> Iterator[Request]:
        for url, moment in self.generic_items(response):
            self.crawler.stats.inc_value("vnnews/listing/undeclared_items")
            yield from self.article_request(url, moment)

    def declared_items(self, response: TextResponse, listing: Listing) -> Iterator[tuple[str, datetime | None]]:
        """Each article of a listing page, once, with its date, by the listing family's selectors."""
        seen: set[str] = set()
        for item in response.css(listing.item):
            href = item.css(listing.link).attrib.get("href")
            url = response.urljoin(href) if href else None
            if url and url not in seen and self.site.is_article_url(url):
                seen.add(url)
                yield url, declared_date(item, listing.date)

    def generic_items(self, response: TextResponse) -> Iterator[tuple[str, datetime | None]]:
        """Each article link of a page, once, with the date shown next to it when there is one."""
        seen: set[str] = set()
        for link in response.xpath("//a[@href]"):
            url = response.urljoin(link.attrib["href"])
            if url not in seen and self.site.is_article_url(url):
                seen.add(url)
                yield url, generic_date(link)

    # Articles

    def article_request(self, url: str, moment: datetime | None) -> Iterable[Request]:
        if self.is_older_than_since(moment):
            self.crawler.stats.inc_value("vnnews/skipped/older_than_since")
            return ()
        return (Request(url, callback=self.parse_article, errback=self.page_failed),)

    def parse_article(self, response: Response) -> Iterator[Article]:
        if not isinstance(response, TextResponse):
            return
        article = extract_response(self.crawler, response)
        if article is None:
            return
        published = datetime.fromisoformat(article.published_at) if article.published_at else None
        if self.is_older_than_since(published):
            self.crawler.stats.inc_value("vnnews/skipped/older_than_since")
            return
        yield article

    def is_older_than_since(self, moment: datetime | None) -> bool:
        return bool(self.since and moment and moment.astimezone(VIETNAM).date() < self.since)

    def page_failed(self, failure: Failure) -> None:
        page_failed(self.crawler, failure)
