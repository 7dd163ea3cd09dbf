"""Discovery of the profiles hanoimoi, quochoi, tapchicongsan, sbv and moh on fixture pages, without a crawl:
feeds and sitemaps (hanoimoi), listing pages with their declared items and dates, next pages by the
Liferay/SharePoint pager link, and the URL rules (SharePoint lists and items share one path)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.sites import SITES, hanoimoi, moh, quochoi, sbv, site_for_url, tapchicongsan
from crawler.sites.base import Listing, Site
from crawler.spiders.feeds import feed_date
from crawler.spiders.registered import SPIDERS
from crawler.spiders.site import SiteSpider
from index.vietnamese import VIETNAM

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def spider(cls: type[SiteSpider], since: str | None = None) -> SiteSpider:
    crawler: Crawler = get_crawler(cls)
    crawler.spider = crawler._create_spider(since=since)
    return crawler.spider


def fixture(key: str, name: str, url: str) -> Response:
    body = (FIXTURES / key / "discovery" / name).read_bytes()
    cls = XmlResponse if name.endswith(".xml") else HtmlResponse
    return cls(url, body=body, encoding="utf-8", request=Request(url))


def urls(requests: list[Request], callback: str) -> list[str]:
    return [request.url for request in requests if request.callback.__name__ == callback]


def test_every_profile_names_its_parsers_and_entry_points_after_itself() -> None:
    for site in SITES:
        entry_points = site.discovery.start_urls + site.discovery.sitemap_urls + site.discovery.feeds
        assert all(site_for_url(url) is site for url in entry_points)
        assert all(template.parser.startswith(f"{site.key}.") for template in site.templates)


def test_hanoimoi_feed_gives_its_dated_article_links() -> None:
    response = fixture("hanoimoi", "rss-kinh-te.xml", "https://hanoimoi.vn/rss/kinh-te")
    requests = list(spider(SPIDERS["hanoimoi"]).parse_feed(response))
    assert urls(requests, "parse_article") == [
        "https://hanoimoi.vn/ha-noi-giai-ngan-von-dau-tu-cong-dat-72-ke-hoach-713452.html",
        "https://hanoimoi.vn/thu-ngan-sach-7-thang-712001.html",
        "https://hanoimoi.vn/gia-vang-hom-nay-718301.html",
    ]
    # An empty pubDate is unknown, so `since` keeps that item; dated older items are skipped.
    recent = list(spider(SPIDERS["hanoimoi"], since="2026-08-10").parse_feed(response))
    assert urls(recent, "parse_article") == [
        "https://hanoimoi.vn/ha-noi-giai-ngan-von-dau-tu-cong-dat-72-ke-hoach-713452.html",
        "https://hanoimoi.vn/gia-vang-hom-nay-718301.html",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Fri, 14 Aug 2026 21:20:00 +0700", datetime(2026, 8, 14, 21, 20, tzinfo=VIETNAM)),
        ("2026-08-14T14:20:00Z", datetime(2026, 8, 14, 21, 20, tzinfo=VIETNAM)),
        ("", None),
        ("9/14/2026 6:44:00 PM", datetime(2026, 9, 14, 18, 44, tzinfo=VIETNAM)),
    ],
)
def test_feed_dates(value: str, expected: datetime | None) -> None:
    assert feed_date(value) == expected


def test_hanoimoi_sitemap_index_leads_to_daily_sitemaps_of_articles() -> None:
    site_spider = spider(SPIDERS["hanoimoi"])
    index = list(site_spider.parse_sitemap(fixture("hanoimoi", "sitemap.xml", "https://hanoimoi.vn/sitemap.xml")))
    assert urls(index, "parse_sitemap") == [
        "https://hanoimoi.vn/sitemap-article-2026-12-05.xml",
        "https://hanoimoi.vn/sitemap-article-2026-12-04.xml",
        "https://hanoimoi.vn/sitemap-category.xml",
    ]
    url = "https://hanoimoi.vn/sitemap-article-2026-12-05.xml"
    daily = list(site_spider.parse_sitemap(fixture("hanoimoi", "sitemap-article-2026-12-05.xml", url)))
    assert urls(daily, "parse_article") == [
        "https://hanoimoi.vn/gia-vang-hom-nay-718301.html",
        "https://hanoimoi.vn/ha-noi-thong-xe-cau-tu-lien-718220.html",
    ]


LISTINGS = [
    pytest.param(
        SPIDERS["quochoi"],
        quochoi.NEWS_LISTING,
        "tin-hoat-dong-cua-quoc-hoi",
        "tin-hoat-dong-cua-quoc-hoi.html",
        [
            "https://quochoi.vn/tintuc/Pages/tin-hoat-dong-cua-quoc-hoi.aspx?ItemID=99702",
            "https://quochoi.vn/tintuc/Pages/tin-hoat-dong-cua-quoc-hoi.aspx?ItemID=99688",
            "https://quochoi.vn/tintuc/Pages/tin-hoat-dong-cua-quoc-hoi.aspx?ItemID=99650",
        ],
        "https://quochoi.vn/tintuc/Pages/tin-hoat-dong-cua-quoc-hoi.aspx?Page=2",
        id="quochoi",
    ),
    pytest.param(
        SPIDERS["tapchicongsan"],
        tapchicongsan.SECTION_LISTING,
        "kinh-te",
        "kinh-te.html",
        [
            "https://www.tapchicongsan.org.vn/web/guest/kinh-te/chi-tiet/-/asset_publisher/VmWsIkkLlpWY/content/"
            "chuyen-doi-so-quoc-gia-dong-luc-phat-trien",
            "https://www.tapchicongsan.org.vn/web/guest/kinh-te/-/2018/825300/vai-tro-cua-kinh-te-tu-nhan.aspx",
        ],
        "https://www.tapchicongsan.org.vn/web/guest/kinh-te?p_p_id=com_liferay_asset_publisher_web_portlet_"
        "AssetPublisherPortlet_INSTANCE_Kq2bLl7nZlwA&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_"
        "AssetPublisherPortlet_INSTANCE_Kq2bLl7nZlwA_cur=2",
        id="tapchicongsan",
    ),
    pytest.param(
        SPIDERS["sbv"],
        sbv.NEWS_LISTING,
        "tin-tuc-su-kien",
        "tin-tuc-su-kien.html",
        [
            "https://sbv.gov.vn/vi/w/sbv571002?redirect=%2Fvi%2Ftin-tuc-su-kien",
            "https://sbv.gov.vn/vi/w/sbv570980?redirect=%2Fvi%2Ftin-tuc-su-kien",
            "https://sbv.gov.vn/vi/w/408.000-t%E1%BB%B7-%C4%91%E1%BB%93ng-t%C3%ADn-d%E1%BB%A5ng-%C6%B0u-%C4%91%C3%A3i",
        ],
        "https://sbv.gov.vn/vi/tin-tuc-su-kien?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
        "_INSTANCE_tinTucSuKien&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
        "_INSTANCE_tinTucSuKien_cur=2&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
        "_INSTANCE_tinTucSuKien_delta=10",
        id="sbv",
    ),
    pytest.param(
        SPIDERS["moh"],
        moh.SECTION_LISTING,
        "tin-tong-hop",
        "tin-tong-hop.html",
        [
            "https://moh.gov.vn/tin-tong-hop/-/asset_publisher/k206Q9qkZOqn/content/"
            "bo-y-te-yeu-cau-tang-cuong-phong-chong-sot-xuat-huyet?inheritRedirect=false",
            "https://moh.gov.vn/tin-tong-hop/-/asset_publisher/k206Q9qkZOqn/content/"
            "ket-qua-tiem-chung-mo-rong-10-thang-2026",
        ],
        "https://moh.gov.vn/tin-tong-hop?p_p_id=com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
        "_INSTANCE_k206Q9qkZOqn&p_p_lifecycle=0&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
        "_INSTANCE_k206Q9qkZOqn_cur=2&_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
        "_INSTANCE_k206Q9qkZOqn_delta=10",
        id="moh",
    ),
]


@pytest.mark.parametrize(("cls", "listing", "slug", "name", "articles", "next_page"), LISTINGS)
def test_listing_page_gives_its_articles_then_follows_the_pager(
    cls: type[SiteSpider], listing: Listing, slug: str, name: str, articles: list[str], next_page: str
) -> None:
    url = listing.page_url.format(slug=slug)
    assert cls.site.listing_for(url) == (listing, slug)
    requests = list(spider(cls).parse_listing(fixture(cls.site.key, name, url), listing=listing, slug=slug, page=1))
    assert urls(requests, "parse_article") == articles
    [following] = [request for request in requests if request.callback.__name__ == "parse_listing"]
    assert following.url == next_page
    assert following.cb_kwargs == {"listing": listing, "slug": slug, "page": 2}


def test_a_pager_without_a_next_link_ends_the_listing() -> None:
    url = sbv.NEWS_LISTING.page_url.format(slug="tin-tuc-su-kien")
    body = (FIXTURES / "sbv" / "discovery" / "tin-tuc-su-kien.html").read_text("utf-8")
    last = body.replace('aria-label="Next"', 'aria-label="Last"')
    response = HtmlResponse(url, body=last.encode(), encoding="utf-8", request=Request(url))
    sbv_spider = spider(SPIDERS["sbv"])
    requests = list(sbv_spider.parse_listing(response, listing=sbv.NEWS_LISTING, slug="tin-tuc-su-kien", page=1))
    assert len(urls(requests, "parse_article")) == 3
    assert urls(requests, "parse_listing") == []


def test_listing_items_are_dated_by_the_declared_selectors() -> None:
    url = "https://sbv.gov.vn/vi/tin-tuc-su-kien"
    dated = dict(spider(SPIDERS["sbv"]).declared_items(fixture("sbv", "tin-tuc-su-kien.html", url), sbv.NEWS_LISTING))
    assert sorted(moment.isoformat() for moment in dated.values()) == [
        "2026-08-20T00:00:00+07:00",
        "2026-11-30T10:00:00+07:00",
        "2026-12-02T16:20:00+07:00",
    ]


@pytest.mark.parametrize(
    ("site", "url", "article", "listing"),
    [
        (quochoi.SITE, "https://quochoi.vn/tintuc/Pages/tin-tong-hop.aspx?ItemID=99523", True, False),
        (quochoi.SITE, "https://www.quochoi.vn/tintuc/Pages/tin-tong-hop.aspx?itemid=99523&Source=x", True, False),
        (quochoi.SITE, "https://quochoi.vn/tintuc/Pages/tin-tong-hop.aspx", False, True),
        (quochoi.SITE, "https://quochoi.vn/tintuc/Pages/tin-tong-hop.aspx?Page=2", False, True),
        (hanoimoi.SITE, "https://hanoimoi.vn/hoi-sinh-song-to-lich-715333.html", True, False),
        (hanoimoi.SITE, "https://hanoimoi.vn/chuyen-trang/xuan-2026", False, False),
        (sbv.SITE, "https://sbv.gov.vn/vi/web/sbv_portal/w/sbv570036", True, False),
        (
            sbv.SITE,
            "https://sbv.gov.vn/webcenter/portal/vi/menu/trangchu/ttsk/ttsk_chitiet?dDocName=SBV123",
            True,
            False,
        ),
        (sbv.SITE, "https://sbv.gov.vn/en/w/sbv570036", False, False),
        (sbv.SITE, "https://dttktt.sbv.gov.vn/vi/w/sbv570036", False, False),
        (
            tapchicongsan.SITE,
            "https://tapchicongsan.org.vn/vi_VN/web/guest/kinh-te/-/2018/825300/view_content",
            True,
            False,
        ),
        (tapchicongsan.SITE, "https://tapchicongsan.org.vn/en_US/web/english/-/2018/825301/role.aspx", False, False),
        (tapchicongsan.SITE, "https://www.tapchicongsan.org.vn/vi_VN/web/guest/kinh-te", False, True),
        (
            moh.SITE,
            "https://moh.gov.vn/thong-tin-chi-dao-dieu-hanh/-/asset_publisher/DOHhlnDN87WZ/content/a",
            True,
            False,
        ),
        (moh.SITE, "https://moh.gov.vn/gioi-thieu", False, False),
    ],
)
def test_url_rules(site: Site, url: str, article: bool, listing: bool) -> None:
    assert (site.is_article_url(url), site.is_listing_url(url)) == (article, listing)


@pytest.mark.parametrize(
    ("site", "lead", "agency"),
    [
        (hanoimoi.SITE, "(HNM) - Chiều 14/9", "HNM"),
        (hanoimoi.SITE, "HNM - Chiều 14/9", "HNM"),
        (tapchicongsan.SITE, "TCCS - Chiều 14/9", "TCCS"),
        (quochoi.SITE, "(Quochoi.vn) - Chiều 14/9", "Quochoi.vn"),
        (sbv.SITE, "NHNN - Chiều 14/9", "NHNN"),
        (sbv.SITE, "(SBV) – Chiều 14/9", "SBV"),
        (moh.SITE, "(MOH) - Chiều 14/9", "MOH"),
    ],
)
def test_agency_prefixes(site: Site, lead: str, agency: str) -> None:
    match = site.agency_prefix.match(lead)
    assert match and match.group("agency") == agency and lead[match.end() :] == "Chiều 14/9"
