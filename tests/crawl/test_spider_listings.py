"""The spider's listing logic on single responses, without a crawl: both listing families are paged
through their "Xem thêm" requests with their declared selectors, `since` stops the paging, and pages
without declared items fall back to the generic rule."""

from __future__ import annotations

from datetime import timedelta

import bkto_sitegen as sitegen
import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.sites.base import Listing
from crawler.sites.bkto import LEGACY_LISTING, PORTAL_LISTING
from crawler.spiders.registered import SPIDERS
from crawler.spiders.site import SiteSpider
from index.vietnamese import VIETNAM

# Articles 0, 3, 6, … are on the old template; n % 5 == 0 is the "ket-qua-kiem-toan" category.
ARTICLES = [sitegen.generated_article(n) for n in range(100)]
LISTINGS = {(listing, slug): listed for listing, slug, _, listed in sitegen.category_listings(ARTICLES)}
FAMILIES = [
    pytest.param(PORTAL_LISTING, "ket-qua-kiem-toan", id="relaunch"),
    pytest.param(LEGACY_LISTING, "kiem-toan/ket-qua-kiem-toan", id="old-template"),
]
PER_PAGE = 2


def spider(since: str | None = None) -> SiteSpider:
    crawler: Crawler = get_crawler(SPIDERS["bkto"])
    crawler.spider = crawler._create_spider(since=since)
    return crawler.spider


def response(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=Request(url))


def listing_page(listing: Listing, slug: str, page: int) -> HtmlResponse:
    pages = list(sitegen.listing_pages(listing, slug, "Kết quả kiểm toán", LISTINGS[listing, slug], PER_PAGE))
    return response(pages[page - 1].url, pages[page - 1].body.decode())


def parse_listing(site_spider: SiteSpider, listing: Listing, slug: str, page: int) -> list[Request]:
    return list(site_spider.parse_listing(listing_page(listing, slug, page), listing=listing, slug=slug, page=page))


def articles_of(requests: list[Request]) -> list[str]:
    return [request.url for request in requests if request.callback.__name__ == "parse_article"]


def listings_of(requests: list[Request]) -> list[Request]:
    return [request for request in requests if request.callback.__name__ == "parse_listing"]


@pytest.mark.parametrize(("listing", "slug"), FAMILIES)
def test_each_page_yields_its_items_then_asks_for_the_next_xem_them_page(listing: Listing, slug: str) -> None:
    listed = LISTINGS[listing, slug]
    assert len(listed) > 2 * PER_PAGE
    site_spider = spider()
    for page in (1, 2):
        requests = parse_listing(site_spider, listing, slug, page)
        assert articles_of(requests) == [article.url for article in sitegen.listing_chunks(listed, PER_PAGE)[page - 1]]
        [following] = listings_of(requests)
        assert following.url == listing.more_url.format(slug=slug, page=page + 1)
        assert following.cb_kwargs == {"listing": listing, "slug": slug, "page": page + 1}


@pytest.mark.parametrize(("listing", "slug"), FAMILIES)
def test_items_are_dated_by_the_declared_date_selector(listing: Listing, slug: str) -> None:
    dated = dict(spider().declared_items(listing_page(listing, slug, 2), listing))
    second_page = sitegen.listing_chunks(LISTINGS[listing, slug], PER_PAGE)[1]
    assert dated == {article.url: article.published for article in second_page}


@pytest.mark.parametrize(("listing", "slug"), FAMILIES)
def test_since_stops_paging_at_the_first_page_holding_an_older_item(listing: Listing, slug: str) -> None:
    chunks = sitegen.listing_chunks(LISTINGS[listing, slug], PER_PAGE)
    # The day after page 2's oldest item: page 2 is the last page asked for, its older item skipped.
    since = (chunks[1][-1].published.astimezone(VIETNAM) + timedelta(days=1)).date()
    assert chunks[0][-1].published.astimezone(VIETNAM).date() >= since
    site_spider = spider(since=since.isoformat())
    assert listings_of(parse_listing(site_spider, listing, slug, 1))
    requests = parse_listing(site_spider, listing, slug, 2)
    assert listings_of(requests) == []
    assert articles_of(requests) == [a.url for a in chunks[1] if a.published.astimezone(VIETNAM).date() >= since]
    stats = site_spider.crawler.stats
    assert stats.get_value("vnnews/listing/last_page") == 1
    assert stats.get_value("vnnews/skipped/older_than_since") >= 1


@pytest.mark.parametrize(("listing", "slug"), FAMILIES)
def test_an_empty_xem_them_page_is_the_last(listing: Listing, slug: str) -> None:
    site_spider = spider()
    requests = list(site_spider.parse_listing(response(listing.more_url.format(slug=slug, page=99), ""),
                                              listing=listing, slug=slug, page=99))
    assert requests == []
    assert site_spider.crawler.stats.get_value("vnnews/listing/last_page") == 1


def test_only_the_declared_link_of_an_item_counts() -> None:
    fragment = (
        '<li class="loadArticle"><div class="b-grid__img"><a href="/bai-a-101.html"><img src="a.jpg"></a></div>'
        '<p><a href="/bai-lien-quan-102.html">Bài liên quan</a></p>'
        '<span class="b-grid__time">27/04/2023 14:35</span></li>'
        '<li class="loadArticle"><div class="b-grid__img"><a href="/video/clip">Video</a></div></li>'
    )
    page = response(LEGACY_LISTING.more_url.format(slug="phap-luat", page=2), fragment)
    [(url, moment)] = spider().declared_items(page, LEGACY_LISTING)
    assert url == "https://baokiemtoan.vn/bai-a-101.html"
    assert moment is not None and moment.isoformat() == "2023-04-27T14:35:00+07:00"


def test_home_page_has_no_declared_items_and_uses_the_generic_rule() -> None:
    portal = [article for article in ARTICLES if not article.legacy]
    home = response(f"{sitegen.ORIGIN}/", sitegen.home_page(portal, [f"{sitegen.OLD_ORIGIN}/bai-cu-24001.html"]))
    requests = list(spider().parse_links(home))
    newest = sorted(portal, key=lambda article: article.published, reverse=True)[: sitegen.PER_PAGE]
    assert articles_of(requests) == [a.url for a in newest] + [f"{sitegen.OLD_ORIGIN}/bai-cu-24001.html"]
    # The menus lead to the listings of both families, each paged by its own family.
    started = {(request.cb_kwargs["listing"], request.cb_kwargs["slug"]) for request in listings_of(requests)}
    assert started == set(LISTINGS)


def test_a_listing_page_without_its_declared_items_falls_back_and_stops() -> None:
    changed_layout = '<div class="news"><a href="/vi/bai-viet/bai-moi">Bài mới</a> <span>27/04/2023</span></div>'
    url = PORTAL_LISTING.page_url.format(slug="tai-chinh")
    site_spider = spider()
    requests = list(site_spider.parse_listing(response(url, changed_layout), listing=PORTAL_LISTING,
                                              slug="tai-chinh", page=1))
    assert articles_of(requests) == ["https://baokiemtoan.vn/vi/bai-viet/bai-moi"]
    assert listings_of(requests) == []
    assert site_spider.crawler.stats.get_value("vnnews/listing/undeclared_items") == 1


def test_start_requests_cover_every_declared_listing_of_both_families() -> None:
    started = {
        (request.cb_kwargs["listing"], request.cb_kwargs["slug"]): request.url
        for request in spider().start_requests_for_site()
        if request.callback.__name__ == "parse_listing"
    }
    assert started == {
        (listing, slug): listing.page_url.format(slug=slug)
        for listing in (PORTAL_LISTING, LEGACY_LISTING)
        for slug in listing.slugs
    }


@pytest.mark.parametrize(("listing", "slug"), FAMILIES)
def test_a_xem_them_page_repeating_the_last_one_ends_the_listing(listing: Listing, slug: str) -> None:
    """Many "Xem thêm" endpoints answer any page past the last with the last page again."""
    site_spider = spider()
    last = len(sitegen.listing_chunks(LISTINGS[listing, slug], PER_PAGE))
    for page in range(1, last + 1):
        assert articles_of(parse_listing(site_spider, listing, slug, page))
    repeated = response(listing.more_url.format(slug=slug, page=last + 1), listing_page(listing, slug, last).text)
    requests = list(site_spider.parse_listing(repeated, listing=listing, slug=slug, page=last + 1))
    assert requests == []
    assert site_spider.crawler.stats.get_value("vnnews/listing/repeated_page") == 1


def test_a_listing_page_sharing_items_with_another_listing_is_not_a_repeat() -> None:
    """The seen URLs are per listing: an article filed in two sections pages both."""
    site_spider = spider()
    page = listing_page(PORTAL_LISTING, "ket-qua-kiem-toan", 1)
    list(site_spider.parse_listing(page, listing=PORTAL_LISTING, slug="ket-qua-kiem-toan", page=1))
    copied = response(PORTAL_LISTING.page_url.format(slug="khac"), page.text)
    requests = list(site_spider.parse_listing(copied, listing=PORTAL_LISTING, slug="khac", page=1))
    assert articles_of(requests) and listings_of(requests)
    assert site_spider.crawler.stats.get_value("vnnews/listing/repeated_page") is None


def test_a_corrupt_gzipped_sitemap_is_counted_not_raised() -> None:
    site_spider = spider()
    corrupt = Response(f"{sitegen.ORIGIN}/sitemap-2023.xml.gz", body=b"\x1f\x8b\x08\x00 not gzip at all",
                       request=Request(f"{sitegen.ORIGIN}/sitemap-2023.xml.gz"))
    assert list(site_spider.parse_sitemap(corrupt)) == []
    assert site_spider.crawler.stats.get_value("vnnews/sitemap/unreadable") == 1


def test_start_requests_leave_robots_txt_to_the_robots_middleware() -> None:
    assert not [r for r in spider().start_requests_for_site() if r.url.endswith("/robots.txt")]
