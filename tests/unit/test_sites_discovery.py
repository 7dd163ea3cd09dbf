"""Discovery of the profiled sites on saved responses (tests/fixtures/<key>/discovery/ and the
`listing-*.html` pages of the golden sets), without a crawl: each site's listing, feed or sitemap gives the
article URLs it shows, and asks for the next "Xem thêm" page where the site has one (the
baochinhphu/hanoi.gov.vn timeline by zone id, nhandan's JSON API, qdnd's `/p/<page>`)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from crawler.sites import SITES, chinhphu, hanoigov, nhandan, qdnd, site_for_url, vietnamplus
from crawler.sites.base import Listing, Site
from crawler.spiders.feeds import feed_date, feed_items
from crawler.spiders.registered import SPIDERS
from crawler.spiders.site import SiteSpider, months_from
from index.vietnamese import VIETNAM

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def spider(site: Site, since: str | None = None) -> SiteSpider:
    """The site's spider as `vnnews crawl <key>` finds it: generated, or written out in its own module."""
    crawler: Crawler = get_crawler(get_spider_loader(get_project_settings()).load(site.key))
    crawler.spider = crawler._create_spider(since=since)
    return crawler.spider


def saved(site: Site, name: str, url: str, kind: type[TextResponse] = HtmlResponse) -> Response:
    """A saved response: `name` in the site's discovery/ fixtures, or a listing page of its golden set."""
    folder = "articles" if name.startswith("listing-") else "discovery"
    body = (FIXTURES / site.key / folder / name).read_bytes()
    return kind(url, body=body, encoding="utf-8", request=Request(url))


def articles_of(requests: list[Request]) -> list[str]:
    return [request.url for request in requests if request.callback.__name__ == "parse_article"]


def listings_of(requests: list[Request]) -> list[Request]:
    return [request for request in requests if request.callback.__name__ == "parse_listing"]


def parse_listing(
    site_spider: SiteSpider, response: Response, listing: Listing, slug: str, **kwargs: object
) -> list[Request]:
    return list(site_spider.parse_listing(response, listing=listing, slug=slug, **kwargs))


def test_every_registered_site_has_a_spider_named_by_its_key() -> None:
    assert set(get_spider_loader(get_project_settings()).list()) == {site.key for site in SITES}
    for site in SITES:
        assert SPIDERS[site.key].name == site.key and SPIDERS[site.key].site is site


@pytest.mark.parametrize("site", [site for site in SITES if site.key != "bkto"], ids=lambda site: site.key)
def test_every_entry_point_is_a_url_of_the_site(site: Site) -> None:
    requests = list(spider(site).start_requests_for_site())
    assert requests
    assert all(site_for_url(request.url) is site for request in requests)
    feeds = [request.url for request in requests if request.callback.__name__ == "parse_feed"]
    assert feeds == list(site.discovery.feeds)


def test_chinhphu_category_page_is_paged_by_its_zone_timeline() -> None:
    site_spider = spider(chinhphu.SITE)
    first = saved(chinhphu.SITE, "listing-kinh-te.html", "https://baochinhphu.vn/kinh-te.htm")
    requests = parse_listing(site_spider, first, chinhphu.CATEGORY_LISTING, "kinh-te", page=1)
    assert articles_of(requests) == [
        "https://baochinhphu.vn/giai-ngan-von-dau-tu-cong-11-thang-dat-gan-70-phan-tram-102261201163000512.htm",
        "https://baochinhphu.vn/tin-dung-toan-nen-kinh-te-tang-hon-12-phan-tram-102261002201500431.htm",
        "https://baochinhphu.vn/xuat-khau-thuy-san-vuot-10-ty-usd-102260928110005123.htm",
    ]
    [following] = listings_of(requests)
    assert following.url == "https://baochinhphu.vn/timelinelist/1027/2.htm"
    assert following.cb_kwargs["zone"] == "1027"
    fragment = saved(chinhphu.SITE, "timelinelist-1027-2.htm", following.url)
    requests = parse_listing(site_spider, fragment, chinhphu.CATEGORY_LISTING, "kinh-te", page=2, zone="1027")
    assert articles_of(requests) == [
        "https://baochinhphu.vn/thi-truong-chung-khoan-thang-9-102260925153010444.htm",
        "https://baochinhphu.vn/gia-lua-gao-tang-tro-lai-102260924090001777.htm",
    ]
    assert [request.url for request in listings_of(requests)] == ["https://baochinhphu.vn/timelinelist/1027/3.htm"]


def test_chinhphu_timeline_items_are_dated_by_their_title_attribute() -> None:
    fragment = saved(chinhphu.SITE, "timelinelist-1027-2.htm", "https://baochinhphu.vn/timelinelist/1027/2.htm")
    dated = dict(spider(chinhphu.SITE).declared_items(fragment, chinhphu.CATEGORY_LISTING))
    assert set(dated.values()) == {
        datetime(2026, 9, 25, 15, 30, 10, tzinfo=VIETNAM),
        datetime(2026, 9, 24, 9, 0, 1, tzinfo=VIETNAM),
    }


def test_a_category_page_without_its_zone_id_is_not_paged() -> None:
    first = saved(chinhphu.SITE, "timelinelist-1027-2.htm", "https://baochinhphu.vn/kinh-te.htm")
    site_spider = spider(chinhphu.SITE)
    requests = parse_listing(site_spider, first, chinhphu.CATEGORY_LISTING, "kinh-te", page=1)
    assert len(articles_of(requests)) == 2 and not listings_of(requests)
    assert site_spider.crawler.stats.get_value("vnnews/listing/no_zone") == 1


def test_chinhphu_feed_dates_are_read_month_first_and_since_filters_them() -> None:
    feed = saved(chinhphu.SITE, "home.rss", "https://baochinhphu.vn/home.rss", XmlResponse)
    newest = "https://baochinhphu.vn/bo-y-te-yeu-cau-cac-dia-phuong-kiem-tra-gia-thuoc-cuoi-nam-102260914184400217.htm"
    older = "https://baochinhphu.vn/thu-tuong-du-hoi-nghi-xuc-tien-dau-tu-102260913233000101.htm"
    assert articles_of(list(spider(chinhphu.SITE).parse_feed(feed))) == [newest, older]
    assert articles_of(list(spider(chinhphu.SITE, since="2026-09-14").parse_feed(feed))) == [newest]


def test_hanoigov_section_page_gives_its_articles_and_the_zone_timeline() -> None:
    page = saved(hanoigov.SITE, "listing-chi-dao-dieu-hanh.html", "https://hanoi.gov.vn/chi-dao-dieu-hanh")
    requests = parse_listing(spider(hanoigov.SITE), page, hanoigov.CATEGORY_LISTING, "chi-dao-dieu-hanh", page=1)
    assert articles_of(requests) == [
        "https://hanoi.gov.vn/chi-dao-dieu-hanh/ha-noi-ban-hanh-ke-hoach-chuyen-doi-so-nam-2026-4251126103005112.htm",
        "https://hanoi.gov.vn/chi-dao-dieu-hanh/ha-noi-trien-khai-ke-hoach-phong-chong-ngap-ung-4250801103015123.htm",
        "https://hanoi.gov.vn/chi-dao-dieu-hanh/thanh-pho-yeu-cau-day-nhanh-giai-ngan-4250725083000456.htm",
    ]  # not the sub-portal soyte.hanoi.gov.vn
    assert [request.url for request in listings_of(requests)] == ["https://hanoi.gov.vn/timelinelist/6011/2.htm"]


def test_hanoigov_menu_links_start_the_declared_sections_only() -> None:
    page = saved(hanoigov.SITE, "listing-chi-dao-dieu-hanh.html", "https://hanoi.gov.vn/")
    started = {request.url for request in spider(hanoigov.SITE).parse_links(page)}
    assert "https://hanoi.gov.vn/tin-so-nganh" in started
    assert "https://hanoi.gov.vn/lien-he" not in started


def test_nhandan_json_more_news_answer_is_read_as_its_html_fragment() -> None:
    url = "https://nhandan.vn/api/morenews-zone-1171-2.html?phrase="
    answer = saved(nhandan.SITE, "morenews-zone-1171-2.json", url, TextResponse)
    requests = parse_listing(spider(nhandan.SITE), answer, nhandan.ZONE_LISTING, "1171", page=2)
    assert articles_of(requests) == [
        "https://nhandan.vn/xuat-khau-nong-lam-thuy-san-11-thang-dat-ky-luc-post874210.html",
        "https://nhandan.vn/ha-noi-khanh-thanh-cong-vien-ven-song-to-lich-post873390.html",
    ]  # not the English edition's
    assert [request.url for request in listings_of(requests)] == [
        "https://nhandan.vn/api/morenews-zone-1171-3.html?phrase="
    ]


def test_nhandan_category_page_gives_its_stories() -> None:
    page = saved(nhandan.SITE, "listing-chinhtri.html", "https://nhandan.vn/chinhtri")
    assert articles_of(list(spider(nhandan.SITE).parse_links(page))) == [
        "https://nhandan.vn/xay-dung-nen-van-hoa-viet-nam-tien-tien-dam-da-ban-sac-dan-toc-post845123.html",
        "https://nhandan.vn/viet-nam-du-hoi-nghi-cap-cao-asean-lan-thu-47-post871002.html",
        "https://nhandan.vn/quoc-hoi-thong-qua-nghi-quyet-post871234.html",
        "https://nhandan.vn/hoi-nghi-trung-uong-post870021.html",
    ]


def test_nhandan_feed_and_monthly_sitemap_give_articles_only() -> None:
    feed = saved(nhandan.SITE, "home.rss", "https://nhandan.vn/rss/home.rss", XmlResponse)
    assert [(url, moment) for url, moment in feed_items(feed.body)][1:] == [
        ("https://nhandan.vn/ha-noi-khanh-thanh-cong-vien-ven-song-to-lich-post873390.html",
         datetime(2025, 11, 25, 11, 30, tzinfo=VIETNAM)),
        ("https://nhandan.vn/xet-xu-vu-an-vi-pham-quy-dinh-ve-dau-thau-tai-so-y-te-post866550.html", None),
    ]  # fmt: skip
    sitemap = saved(nhandan.SITE, "news-2025-11.xml", "https://nhandan.vn/sitemaps/news-2025-11.xml", XmlResponse)
    assert articles_of(list(spider(nhandan.SITE).parse_sitemap(sitemap))) == [
        "https://nhandan.vn/ha-noi-khanh-thanh-cong-vien-ven-song-to-lich-post873390.html",
        "https://nhandan.vn/quoc-hoi-thong-qua-nghi-quyet-post871234.html",
    ]


def test_monthly_sitemaps_are_asked_from_the_since_month_to_this_month() -> None:
    requests = list(spider(nhandan.SITE, since="2025-11-20").monthly_sitemap_requests())
    this_month = datetime.now(VIETNAM).date()
    months = list(months_from(date(2025, 11, 20), this_month))
    assert [request.url for request in requests] == [
        f"https://nhandan.vn/sitemaps/news-{year}-{month}.xml" for year, month in months
    ]
    assert requests[0].url == "https://nhandan.vn/sitemaps/news-2025-11.xml"
    unbounded = list(spider(nhandan.SITE).monthly_sitemap_requests())
    assert [request.url for request in unbounded] == [
        f"https://nhandan.vn/sitemaps/news-{this_month.year}-{this_month.month}.xml"
    ]


def test_months_from_crosses_the_year() -> None:
    assert list(months_from(date(2025, 11, 30), date(2026, 2, 1))) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
    assert list(months_from(date(2026, 3, 1), date(2026, 2, 1))) == []


def test_vietnamplus_feed_sitemap_and_category_page() -> None:
    feed = saved(vietnamplus.SITE, "home.rss", "https://www.vietnamplus.vn/rss/home.rss", XmlResponse)
    assert articles_of(list(spider(vietnamplus.SITE).parse_feed(feed))) == [
        "https://www.vietnamplus.vn/chi-so-gia-tieu-dung-thang-11-tang-0-3-phan-tram-post1077320.vnp",
        "https://www.vietnamplus.vn/mien-trung-khan-truong-khac-phuc-hau-qua-mua-lu-post1076105.vnp",
    ]  # no tag page, no English edition
    sitemap = saved(
        vietnamplus.SITE, "google-news.xml", "https://www.vietnamplus.vn/sitemaps/google-news.xml", XmlResponse
    )
    assert articles_of(list(spider(vietnamplus.SITE).parse_sitemap(sitemap))) == [
        "https://www.vietnamplus.vn/chu-tich-nuoc-du-tuan-le-cap-cao-apec-2025-post1070521.vnp",
        "https://www.vietnamplus.vn/ngan-hang-nha-nuoc-giam-cac-muc-lai-suat-dieu-hanh/630155.vnp",
    ]
    page = saved(vietnamplus.SITE, "listing-kinhte.html", "https://www.vietnamplus.vn/kinhte")
    assert articles_of(list(spider(vietnamplus.SITE, since="2025-12-02").parse_links(page))) == [
        "https://www.vietnamplus.vn/chi-so-gia-tieu-dung-thang-11-tang-0-3-phan-tram-post1077320.vnp",
    ]  # the 1 December story is older than `since`


def test_qdnd_section_listing_sitemap_and_feed() -> None:
    page = saved(qdnd.SITE, "listing-chinh-tri-tin-tuc.html", "https://www.qdnd.vn/chinh-tri/tin-tuc")
    requests = parse_listing(spider(qdnd.SITE), page, qdnd.SECTION_LISTING, "chinh-tri/tin-tuc", page=1)
    assert articles_of(requests) == [
        "https://www.qdnd.vn/chinh-tri/tin-tuc/dai-tuong-phan-van-giang-tiep-bo-truong-quoc-phong-lao-1052548",
        "https://www.qdnd.vn/chinh-tri/tin-tuc/chu-tich-nuoc-tiep-doan-cuu-chien-binh-1052501",
    ]
    assert [request.url for request in listings_of(requests)] == ["https://www.qdnd.vn/chinh-tri/tin-tuc/p/2"]
    sitemap = saved(qdnd.SITE, "top300article.xml", "https://www.qdnd.vn/sitemaps/0/top300article.xml", XmlResponse)
    assert articles_of(list(spider(qdnd.SITE, since="2025-11-30").parse_sitemap(sitemap))) == [
        "https://www.qdnd.vn/xa-hoi/tin-tuc/trao-tang-nha-dong-doi-cho-quan-nhan-kho-khan-1065110",
    ]
    feed = saved(qdnd.SITE, "tin-tuc-moi-nhat.rss", "https://www.qdnd.vn/rss/cate/tin-tuc-moi-nhat.rss", XmlResponse)
    assert len(articles_of(list(spider(qdnd.SITE).parse_feed(feed)))) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9/14/2026 6:44:00 PM", datetime(2026, 9, 14, 18, 44, tzinfo=VIETNAM)),
        ("12/1/2026 12:05:00 AM", datetime(2026, 12, 1, 0, 5, tzinfo=VIETNAM)),
        ("5/9/2026 12:30 PM", datetime(2026, 5, 9, 12, 30, tzinfo=VIETNAM)),
        ("Sat, 14 Sep 2026 18:44:00 +0700", datetime(2026, 9, 14, 18, 44, tzinfo=VIETNAM)),
        ("Mon, 14 Sep 2026 11:44:00 GMT", datetime(2026, 9, 14, 18, 44, tzinfo=VIETNAM)),
        ("2026-09-14T11:44:00Z", datetime(2026, 9, 14, 18, 44, tzinfo=VIETNAM)),
        ("14/09/2026 18:44", datetime(2026, 9, 14, 18, 44, tzinfo=VIETNAM)),
        ("", None),
        ("13/14/2026 6:44:00 PM", None),
    ],
)
def test_feed_dates(text: str, expected: datetime | None) -> None:
    assert feed_date(text) == expected


def test_atom_feed_links_and_dates() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <entry><link rel="alternate" href="https://nhandan.vn/a-post1.html"/><updated>2025-11-25T04:30:00Z</updated></entry>
      <entry><link rel="enclosure" href="https://nhandan.vn/a.jpg"/><link href="https://nhandan.vn/b-post2.html"/></entry>
    </feed>"""
    assert feed_items(atom) == [
        ("https://nhandan.vn/a-post1.html", datetime(2025, 11, 25, 11, 30, tzinfo=VIETNAM)),
        ("https://nhandan.vn/b-post2.html", None),
    ]


def test_a_page_that_is_not_a_feed_has_no_items() -> None:
    assert feed_items(b"<html><body><p>Request Rejected</p></body></html>") == []
    assert feed_items(b"") == []
